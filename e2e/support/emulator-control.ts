import { randomUUID } from 'node:crypto';
import type { FaultRuleInput, TenantInput } from '../emulator/scenario';

/** Test-side client of the emulator's control API (/_emulator on either listener). */
export class EmulatorControl {
  constructor(private readonly baseUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  }

  upsertTenant(tenant: TenantInput) {
    return this.call('POST', '/tenants', tenant);
  }
  addFault(rule: FaultRuleInput) {
    return this.call('POST', '/faults', rule);
  }
  /** All faults, or only the ones aimed at `tenant` (what a test running beside others should clear). */
  clearFaults(tenant?: string) {
    return this.call('DELETE', tenant ? `/faults?tenant=${encodeURIComponent(tenant)}` : '/faults');
  }
  setLatency(ms: number, route?: string) {
    return this.call('POST', '/latency', { ms, ...(route && { route }) });
  }
  changeRoles(tenantId: string, appId: string, change: { add?: string[]; remove?: string[]; delaySeconds?: number }) {
    return this.call('POST', `/tenants/${tenantId}/apps/${appId}/roles`, change);
  }
  /** Changes an app between two monitoring runs (drift): delete it, disable its SP, add or remove a secret, mark a credential used. */
  changeApp(
    tenantId: string,
    appId: string,
    change: {
      delete?: true;
      enabled?: boolean;
      deleteServicePrincipal?: true;
      signInAudience?: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
      addSecret?: { value: string; keyId?: string; displayName?: string; endDateTime?: string };
      removeSecret?: string;
      used?: { keyId: string; at: string };
    },
  ) {
    return this.call('POST', `/tenants/${tenantId}/apps/${appId}`, change);
  }
  /** Sets (null: empties) properties of one of the tenant's explicit users. */
  changeUser(tenantId: string, upn: string, set: Record<string, unknown>) {
    return this.call('POST', `/tenants/${tenantId}/users/${encodeURIComponent(upn)}`, { set });
  }
  /** When a client secret (by keyId) last signed in, as the beta credential activity report tells; null: never. */
  setCredentialActivity(tenantId: string, keyId: string, lastSignInDateTime: string | null) {
    return this.call('POST', `/tenants/${tenantId}/credential-activity`, { keyId, lastSignInDateTime });
  }
  /** Moves the emulator's clock (tokens, expiries) by offsetSeconds from real time; 0 puts it back. */
  setClock(offsetSeconds: number) {
    return this.call('POST', '/clock', { offsetSeconds });
  }
  async requests(): Promise<{ host: string; method: string; path: string; status: number; tenant?: string; appId?: string }[]> {
    return (await this.call('GET', '/requests')) as never;
  }
  async issuedTokens(): Promise<string[]> {
    return (await this.call('GET', '/issued-tokens')) as string[];
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export type TestApp = { appId: string; objectId: string; secret: string; secretKeyId: string };

/**
 * A fresh tenant with unique ids, so tests running in parallel never share state. The first app is
 * healthy (secret valid for 180 days, User.Read.All granted); pass overrides to break it.
 */
export function makeTenant(opts: {
  name?: string;
  cloud?: 'global' | 'usgov' | 'usgovdod' | 'china';
  roles?: string[];
  delegatedPermissions?: string[];
  secretExpiresInDays?: number;
  servicePrincipal?: boolean;
  enabled?: boolean;
  users?: TenantInput['users'];
  errorFormat?: 'modern' | 'legacy';
  memberOfNeedsDirectoryRead?: boolean;
}) {
  const id = randomUUID();
  const short = id.slice(0, 8);
  const domain = `t${short}.onmicrosoft.com`;
  const app: TestApp = {
    appId: randomUUID(),
    objectId: randomUUID(),
    secret: `Tq8Q~${randomUUID().replace(/-/g, '').slice(0, 24)}.e2e_${short}`,
    secretKeyId: randomUUID(),
  };
  const spId = randomUUID();
  const tenant: TenantInput = {
    id,
    displayName: opts.name ?? `Tenant ${short}`,
    domains: [domain, `t${short}.example.com`],
    cloud: opts.cloud ?? 'global',
    ...(opts.errorFormat && { errorFormat: opts.errorFormat }),
    ...(opts.memberOfNeedsDirectoryRead && { memberOfNeedsDirectoryRead: true }),
    apps: [
      {
        appId: app.appId,
        objectId: app.objectId,
        servicePrincipalId: opts.servicePrincipal === false ? null : spId,
        displayName: 'Nexthink connector',
        enabled: opts.enabled ?? true,
        secrets: [
          {
            keyId: app.secretKeyId,
            value: app.secret,
            displayName: 'nexthink',
            startDateTime: inDays(-10),
            endDateTime: inDays(opts.secretExpiresInDays ?? 180),
          },
        ],
        roles: opts.roles ?? ['User.Read.All'],
        delegatedPermissions: opts.delegatedPermissions ?? [],
      },
    ],
    users: opts.users ?? cleanUsers(`t${short}.example.com`),
  };
  return { tenant, app, domain, tenantId: id };
}

/** Users with every default-mapped property filled, no guests, none disabled. */
export function cleanUsers(domain: string): NonNullable<TenantInput['users']> {
  const people = ['Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Grady Archie', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu', 'Lidia Holloway'];
  return people.map((name) => {
    const [first, last] = name.split(' ') as [string, string];
    const upn = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
    return {
      userPrincipalName: upn,
      displayName: name,
      givenName: first,
      surname: last,
      mail: upn,
      accountEnabled: true,
      userType: 'Member' as const,
      department: 'IT',
      jobTitle: 'Engineer',
      officeLocation: '18/2111',
      city: 'Lausanne',
      country: 'Switzerland',
      usageLocation: 'CH',
    };
  });
}
