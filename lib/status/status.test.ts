import { describe, expect, it } from 'vitest';
import { defaultMapping } from '@/lib/nexthink/mapping';
import type { Setup } from '@/lib/setups/schema';
import { setupStatus } from './status';

const now = new Date('2026-11-26T12:00:00Z');
const base: Setup = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  name: 'Contoso',
  tenant: 'contoso.onmicrosoft.com',
  tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
  cloud: 'global',
  clientId: '',
  secretExpiresOn: '2027-05-26',
  sampleUpn: '',
  mapping: defaultMapping,
  workflows: ['inbound-connector'],
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
};
const run = (status: 'pass' | 'warn' | 'fail', startedAt = '2026-11-25T10:00:00Z') => ({ status, startedAt });

describe('setupStatus', () => {
  it('is healthy when every step passed and the secret is far from expiry', () => {
    const s = setupStatus(base, { 'app-registration': run('pass'), 'certificates-secrets': run('pass', '2026-11-25T11:00:00Z') }, now);
    expect(s.needsAttention).toBe(false);
    expect(s.steps['tenant-id'].status).toBe('none');
    expect(s.lastValidated).toBe('2026-11-25T11:00:00Z');
    expect(s.secret).toMatchObject({ status: 'pass', days: 181 });
    expect(s.tenant).toBe('contoso.onmicrosoft.com');
  });
  it('warns under 30 days and fails once expired', () => {
    expect(setupStatus({ ...base, secretExpiresOn: '2026-12-25' }, {}, now).secret).toMatchObject({ status: 'warn', days: 29 });
    expect(setupStatus({ ...base, secretExpiresOn: '2026-12-26' }, {}, now).secret).toMatchObject({ status: 'pass', days: 30 });
    const expired = setupStatus({ ...base, secretExpiresOn: '2026-11-25' }, {}, now);
    expect(expired.secret).toMatchObject({ status: 'fail', state: 'expired' });
    expect(expired.needsAttention).toBe(true);
    expect(expired.reasons.join()).toMatch(/expired/);
  });
  it('needs attention when a step failed or warned, with the reason in words', () => {
    const s = setupStatus(base, { 'field-mapping': run('warn'), 'app-registration': run('fail') }, now);
    expect(s.needsAttention).toBe(true);
    expect(s.reasons).toEqual(['Step 1 (App registration) failed its last validation.', 'Step 4 (Field mapping) has warnings.']);
  });
  it('has an unknown expiry when none was entered', () => {
    expect(setupStatus({ ...base, secretExpiresOn: null }, {}, now).secret).toMatchObject({ status: 'none', text: 'Expiry not entered' });
  });
});
