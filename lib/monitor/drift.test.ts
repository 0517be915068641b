import { describe, expect, it } from 'vitest';
import { expiryState } from '@/lib/time/expiry';
import { factsOf } from './drift';
import type { Observation } from './observe';

function observed(end: string | null): Observation {
  return {
    app: 'present',
    signInAudience: 'AzureADMyOrg',
    servicePrincipal: 'enabled',
    permissions: {},
    secrets: [{ keyId: 'k1', hint: 'abc', displayName: 'Nexthink', start: '2026-01-01T00:00:00Z', end }],
    nexthinkSecret: { match: 'found', keyId: 'k1', end },
    usage: { available: false, reason: 'test' },
    mapping: { available: false, reason: 'test' },
    unreadable: [],
  };
}

describe("the monitor's view of the Nexthink secret's expiry", () => {
  const now = new Date('2026-12-05T12:00:00Z');

  it('counts UTC days as the status view does, so the two agree on the 30-day boundary', () => {
    // 29.9 days away in hours, 30 calendar days away: the status view says "ok", and so must the monitor.
    const end = '2027-01-04T10:00:00Z';
    expect(expiryState('2027-01-04', now).state).toBe('ok');
    expect(factsOf(observed(end), now)['nexthink-secret.expiry']).toBe('ok');
    // One calendar day closer is within the warning on both.
    expect(expiryState('2027-01-03', now).state).toBe('expiring');
    expect(factsOf(observed('2027-01-03T23:59:59Z'), now)['nexthink-secret.expiry']).toBe('expiring');
  });

  it('is expired from the instant Entra stops accepting it, not from the next day', () => {
    expect(factsOf(observed('2026-12-05T11:59:59Z'), now)['nexthink-secret.expiry']).toBe('expired');
    expect(factsOf(observed('2026-12-05T12:00:01Z'), now)['nexthink-secret.expiry']).toBe('expiring');
  });

  it('says nothing about an expiry it cannot read', () => {
    expect(factsOf(observed(null), now)).not.toHaveProperty('nexthink-secret.expiry');
    expect(factsOf(observed('not a date'), now)).not.toHaveProperty('nexthink-secret.expiry');
  });
});
