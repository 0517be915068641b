import { describe, expect, it } from 'vitest';
import { defaultMapping } from '@/lib/nexthink/mapping';
import type { Setup } from '@/lib/setups/schema';
import { buildSummary } from './build';
import { summaryMarkdown } from './markdown';

const setup: Setup = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  name: '',
  tenant: 'contoso.onmicrosoft.com',
  tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
  cloud: 'global',
  clientId: '5f1c7a52-8a4e-4c6b-9a0e-3d2b6f4e9c11',
  secretExpiresOn: '2027-05-26',
  sampleUpn: '',
  mapping: { ...defaultMapping, city: '' },
  workflows: ['inbound-connector', 'license-reclamation'],
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T10:00:00Z',
};

describe('buildSummary', () => {
  const s = buildSummary(setup, { 'app-registration': { status: 'pass', startedAt: '2026-11-26T10:05:00Z', checks: [] } }, new Date('2026-11-26T12:00:00Z'));
  it('lists the connector credentials in Nexthink form order, with the GUID token URL and the cloud scope', () => {
    expect(s.connectorCredentials.rows.map((r) => r.label)).toEqual(['Name', 'Protocol', 'URL address', 'Authorization', 'Access token URL', 'Client ID', 'Client secret', 'Scope']);
    const value = (label: string) => s.connectorCredentials.rows.find((r) => r.label === label)?.value;
    expect(value('Access token URL')).toBe('https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/oauth2/v2.0/token');
    expect(value('Scope')).toBe('https://graph.microsoft.com/.default');
    expect(value('Client secret')).toBeNull();
  });
  it('has the field mapping, unmapped fields marked, and a thinklet item per chosen workflow', () => {
    expect(s.inboundConnector.fieldMapping.find((r) => r.label.startsWith('Username'))?.value).toBe('userPrincipalName');
    expect(s.inboundConnector.fieldMapping.find((r) => r.label.startsWith('City'))).toMatchObject({ value: null, note: 'Not mapped' });
    expect(s.thinklets.items.map((i) => i.workflow)).toEqual(['license-reclamation']);
    expect(s.thinklets.items[0]?.text).toMatch(/disable .* before editing/);
    expect(s.permissions.map((p) => p.permission)).toEqual(['User.Read.All', 'GroupMember.ReadWrite.All']);
  });
  it('rolls up the steps only when all ran', () => {
    expect(s.overall).toBe('none');
    expect(s.steps[0]).toMatchObject({ status: 'pass', startedAt: '2026-11-26T10:05:00Z' });
  });
  it('renders the same values as Markdown', () => {
    const md = summaryMarkdown(s);
    for (const r of [...s.connectorCredentials.rows, ...s.inboundConnector.fieldMapping]) if (r.value) expect(md).toContain(r.value);
    expect(md).toContain('Expires in 181 days (2027-05-26)');
    expect(md).toContain('| 1. Register the app | Passed | 2026-11-26T10:05:00Z |');
  });
});
