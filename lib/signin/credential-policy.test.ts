import { describe, expect, it } from 'vitest';
import { durationDays, effectiveSecretPolicy, isPolicyRefusal, nextRotationDate, policySentence, proposeLifetime, type TenantDefaultPolicy } from './credential-policy';

const cap = (maxLifetime: string, extra: Record<string, unknown> = {}): TenantDefaultPolicy => ({
  isEnabled: true,
  applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordLifetime', state: 'enabled', maxLifetime, ...extra }] },
});
const NOW = Date.parse('2026-12-05T12:00:00Z');

describe('tenant credential policy', () => {
  it('reads ISO 8601 durations in whole days', () => {
    expect(durationDays('P90D')).toBe(90);
    expect(durationDays('P1Y')).toBe(365);
    expect(durationDays('P6M')).toBe(180);
    expect(durationDays('P2W')).toBe(14);
    expect(durationDays('P4DT12H30M5S')).toBe(4);
    expect(durationDays('P')).toBeNull();
    expect(durationDays('90 days')).toBeNull();
  });

  it('a 90-day cap clamps the proposed lifetime and names the next rotation date', () => {
    const policy = effectiveSecretPolicy(cap('P90D'), [], null);
    expect(policy).toEqual({ known: true, blocked: false, maxDays: 90, source: 'tenant', policyName: 'Default app management tenant policy' });
    expect(proposeLifetime(180, policy)).toEqual({ days: 90, clamped: true });
    expect(proposeLifetime(30, policy)).toEqual({ days: 30, clamped: false });
    expect(policySentence(policy, NOW)).toBe(
      'Your tenant limits client secrets to 90 days: a secret made today expires on 2027-03-05 at the latest, so plan the next rotation by 2027-02-03.',
    );
  });

  it('a tenant without policies (or a disabled default) behaves as today', () => {
    for (const def of [null, { isEnabled: false, applicationRestrictions: cap('P30D').applicationRestrictions }, { isEnabled: true, applicationRestrictions: { passwordCredentials: [] } }]) {
      const policy = effectiveSecretPolicy(def, [], null);
      expect(policy).toMatchObject({ known: true, blocked: false, maxDays: null, source: 'none' });
      expect(proposeLifetime(180, policy)).toEqual({ days: 180, clamped: false });
      expect(proposeLifetime(730, policy)).toEqual({ days: 730, clamped: false });
    }
  });

  it('an app’s own policy replaces the tenant default; a block explains itself', () => {
    const exempt = effectiveSecretPolicy(cap('P30D'), [{ displayName: 'Nexthink exemption', isEnabled: true, restrictions: { passwordCredentials: [] } }], null);
    expect(exempt).toMatchObject({ blocked: false, maxDays: null, source: 'app' });
    const blocked = effectiveSecretPolicy({ isEnabled: true, applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordAddition', state: 'enabled' }] } }, [], null);
    expect(blocked).toMatchObject({ blocked: true, source: 'tenant' });
    expect(policySentence(blocked)).toMatch(/blocks new client secrets.*no certificate option.*exemption/);
  });

  it('ignores disabled restrictions and apps created before restrictForAppsCreatedAfterDateTime', () => {
    expect(effectiveSecretPolicy(cap('P30D', { state: 'disabled' }), [], null)).toMatchObject({ maxDays: null });
    const since = cap('P30D', { restrictForAppsCreatedAfterDateTime: '2025-01-01T00:00:00Z' });
    expect(effectiveSecretPolicy(since, [], '2024-06-01T00:00:00Z')).toMatchObject({ maxDays: null });
    expect(effectiveSecretPolicy(since, [], '2025-06-01T00:00:00Z')).toMatchObject({ maxDays: 30 });
    expect(effectiveSecretPolicy(since, [], null)).toMatchObject({ maxDays: 30 });
  });

  it('recognises Entra’s policy refusals and rotates 30 days before expiry', () => {
    expect(isPolicyRefusal('Credential type not allowed as per assigned policy.')).toBe(true);
    expect(isPolicyRefusal('Insufficient privileges to complete the operation.')).toBe(false);
    expect(nextRotationDate('2027-03-05', NOW)).toBe('2027-02-03');
    expect(nextRotationDate('2026-12-10', NOW)).toBe('2026-12-05');
  });
});
