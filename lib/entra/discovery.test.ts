import { describe, expect, it } from 'vitest';
import { fixture } from '@/lib/testing/fixtures';
import { cloudsForInstance } from './clouds';
import { tenantIdFromDiscovery } from './discovery';

describe('tenantIdFromDiscovery', () => {
  it('takes the GUID from the captured discovery document', () => {
    const doc = fixture<{ issuer: string; token_endpoint: string }>('oidc-openid-configuration-tenant-guid.azure-sdk-recording-2022.json');
    expect(tenantIdFromDiscovery(doc)).toBe('12345678-1234-1234-1234-123456789012');
  });
  it('falls back to the token endpoint and refuses documents without a GUID', () => {
    expect(tenantIdFromDiscovery({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', token_endpoint: 'https://x/8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490/oauth2/v2.0/token' })).toBe(
      '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
    );
    expect(tenantIdFromDiscovery({ issuer: 'https://login.microsoftonline.com/common/v2.0', token_endpoint: 'nonsense' })).toBeUndefined();
  });
});

describe('cloudsForInstance', () => {
  it('maps cloud_instance_name to clouds', () => {
    expect(cloudsForInstance('microsoftonline.com')).toEqual(['global']);
    expect(cloudsForInstance('microsoftonline.us')).toEqual(['usgov', 'usgovdod']);
    expect(cloudsForInstance('microsoftonline.us', 'dod-graph.microsoft.us')).toEqual(['usgovdod']);
    expect(cloudsForInstance('partner.microsoftonline.cn')).toEqual(['china']);
    expect(cloudsForInstance(undefined)).toEqual([]);
  });
});
