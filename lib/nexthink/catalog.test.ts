import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { broaderPermissions, graphAppPermissions, graphPermissionNames, isGraphPermission, satisfies, type GraphPermission } from '@/lib/nexthink/permissions';
import {
  extraLookups,
  GRAPH_API_OVERVIEW_URL,
  isWorkflowId,
  lookupCustomCall,
  missingPermissions,
  overPrivileged,
  requiredPermissions,
  UNKNOWN_CALL_REASON,
  workflowIds,
  workflows,
  type WorkflowId,
} from '@/lib/nexthink/workflows';

const root = path.resolve(__dirname, '../..');
const names = (selected: readonly WorkflowId[]) => requiredPermissions(selected).map((r) => r.permission);
const allCalls = workflows.flatMap((w) => w.calls.map((c) => ({ workflow: w.id as WorkflowId, ...c })));

describe('graphAppPermissions', () => {
  const readme = readFileSync(path.join(root, 'e2e/fixtures/microsoft/README.md'), 'utf8');
  const fixtureRows = [...readme.matchAll(/^\| ([A-Za-z.]+) \| ([0-9a-f-]{36}) \|$/gm)].map((m) => ({ name: m[1], id: m[2] }));
  // Not in the fixtures table; from learn.microsoft.com/graph/migrate-azure-ad-graph-permissions-differences.
  const verifiedElsewhere: Record<string, string> = {
    'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
    'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  };

  it('reads the whole fixtures table', () => {
    expect(fixtureRows).toHaveLength(16);
  });

  it('carries every fixtures row with exactly its app role id', () => {
    for (const row of fixtureRows) {
      expect(graphAppPermissions.find((p) => p.name === row.name)?.appRoleId, row.name).toBe(row.id);
    }
  });

  it('adds nothing but the entries verified elsewhere', () => {
    for (const p of graphAppPermissions) {
      const fromFixtures = fixtureRows.find((r) => r.name === p.name);
      expect(fromFixtures?.id ?? verifiedElsewhere[p.name], p.name).toBe(p.appRoleId);
    }
  });

  it('has unique names and ids, and classifies access from the name', () => {
    expect(new Set(graphAppPermissions.map((p) => p.name)).size).toBe(graphAppPermissions.length);
    expect(new Set(graphAppPermissions.map((p) => p.appRoleId)).size).toBe(graphAppPermissions.length);
    for (const p of graphAppPermissions) {
      const looksWrite = /ReadWrite|RevokeSessions|Send/.test(p.name);
      expect(p.access, p.name).toBe(looksWrite ? 'write' : 'read');
    }
  });

  it('recognises names case-sensitively', () => {
    expect(isGraphPermission('User.Read.All')).toBe(true);
    expect(isGraphPermission('user.read.all')).toBe(false);
    expect(isGraphPermission('User.Read')).toBe(false);
    expect(isGraphPermission(42)).toBe(false);
  });
});

describe('satisfies', () => {
  it('is reflexive', () => {
    for (const p of graphPermissionNames) expect(satisfies(p, p)).toBe(true);
  });

  it.each<[string, GraphPermission]>([
    ['User.ReadWrite.All', 'User.Read.All'],
    ['GroupMember.ReadWrite.All', 'GroupMember.Read.All'],
    ['Device.ReadWrite.All', 'Device.Read.All'],
    ['UserAuthenticationMethod.ReadWrite.All', 'UserAuthenticationMethod.Read.All'],
    ['Directory.Read.All', 'User.Read.All'],
    ['Directory.Read.All', 'GroupMember.Read.All'],
    ['Directory.Read.All', 'Device.Read.All'],
    ['Directory.ReadWrite.All', 'User.Read.All'],
    ['Directory.ReadWrite.All', 'GroupMember.Read.All'],
    ['Directory.ReadWrite.All', 'Device.Read.All'],
    ['Directory.ReadWrite.All', 'GroupMember.ReadWrite.All'],
    ['Group.Read.All', 'GroupMember.Read.All'],
    ['Group.ReadWrite.All', 'GroupMember.Read.All'],
    ['Group.ReadWrite.All', 'GroupMember.ReadWrite.All'],
  ])('%s covers %s', (granted, required) => {
    expect(satisfies(granted, required)).toBe(true);
  });

  it.each<[string, GraphPermission]>([
    ['User.Read.All', 'User.ReadWrite.All'],
    ['User.Read.All', 'Directory.Read.All'],
    ['Directory.Read.All', 'GroupMember.ReadWrite.All'],
    ['Group.Read.All', 'GroupMember.ReadWrite.All'],
    ['GroupMember.Read.All', 'User.Read.All'],
    ['Device.Read.All', 'User.Read.All'],
    ['Directory.ReadWrite.All', 'User.RevokeSessions.All'],
    ['User.ReadWrite.All', 'User.RevokeSessions.All'],
    ['Directory.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'],
    ['UserAuthMethod-MicrosoftAuthApp.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'],
    ['Directory.Read.All', 'Group.Read.All'],
    ['user.read.all', 'User.Read.All'],
    ['User.Read', 'User.Read.All'],
    ['', 'User.Read.All'],
  ])('%s does not cover %s', (granted, required) => {
    expect(satisfies(granted, required)).toBe(false);
  });

  it('is transitive and antisymmetric, so dropping covered permissions is safe', () => {
    for (const a of graphPermissionNames) {
      for (const b of graphPermissionNames) {
        if (a !== b) expect(satisfies(a, b) && satisfies(b, a), `${a} <-> ${b}`).toBe(false);
        if (!satisfies(a, b)) continue;
        for (const c of graphPermissionNames) {
          if (satisfies(b, c)) expect(satisfies(a, c), `${a} > ${b} > ${c}`).toBe(true);
        }
      }
    }
  });

  it("agrees with the higher-privileged column of every catalog call's Graph table", () => {
    for (const call of allCalls) {
      for (const g of graphPermissionNames) {
        if (g === call.permission) continue;
        expect(satisfies(g, call.permission), `${call.workflow} ${call.method} ${call.path}: ${g}`).toBe(
          (call.higherPrivileged as readonly string[]).includes(g),
        );
      }
    }
  });

  it('never lets a write be covered by a read', () => {
    for (const [required, broader] of Object.entries(broaderPermissions)) {
      if (graphAppPermissions.find((p) => p.name === required)?.access !== 'write') continue;
      for (const b of broader ?? []) expect(graphAppPermissions.find((p) => p.name === b)?.access, `${b} for ${required}`).toBe('write');
    }
  });

  it('recognises every alternative the extra lookups list', () => {
    for (const e of extraLookups) {
      for (const g of e.higherPrivileged) expect(satisfies(g, e.permission), `${e.path}: ${g}`).toBe(true);
    }
  });
});

describe('workflows', () => {
  it('has stable kebab-case ids, once each', () => {
    expect(new Set(workflowIds).size).toBe(workflowIds.length);
    for (const id of workflowIds) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(workflowIds).toEqual([
      'inbound-connector',
      'entra-thinklet-get-user',
      'entra-thinklet-user-in-group',
      'entra-thinklet-device-in-group',
      'license-reclamation',
      'proactive-password-reset',
      'proactive-password-reset-teams',
      'custom-read-user',
      'custom-user-groups',
      'custom-group-member-add',
      'custom-group-member-remove',
      'custom-revoke-sessions',
      'custom-reset-auth-methods',
      'custom-read-devices',
    ]);
  });

  it('keeps only the inbound connector always on', () => {
    expect(workflows.filter((w) => 'alwaysOn' in w && w.alwaysOn).map((w) => w.id)).toEqual(['inbound-connector']);
  });

  it('says so where a pack keeps its permission list private', () => {
    for (const w of workflows.filter((x) => x.group === 'library-pack')) {
      expect(w.publicPermissionList, w.id).toBe(false);
      expect('note' in w && w.note, w.id).toBeTruthy();
    }
    const teams = workflows.find((w) => w.id === 'proactive-password-reset-teams');
    expect(teams && 'note' in teams ? teams.note : '').toMatch(/unknown/i);
    for (const id of ['proactive-password-reset', 'proactive-password-reset-teams']) {
      const w = workflows.find((x) => x.id === id);
      expect(w && 'note' in w ? w.note : '', id).toContain('User.Read.All');
    }
  });

  it('points every call at a Graph v1.0 API page and never asks for Directory.*', () => {
    for (const c of allCalls) {
      expect(c.path).toMatch(/^\//);
      expect(c.docsUrl).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\/api\/[a-z-]+\?view=graph-rest-1\.0$/);
      expect(c.permission.startsWith('Directory.'), `${c.workflow} ${c.path}`).toBe(false);
    }
  });

  it('gives the same permission wherever the same call appears', () => {
    const key = (method: string, p: string) => `${method} ${p.replace(/\{[^}]*\}/g, '{}').toLowerCase()}`;
    const seen = new Map<string, string>();
    for (const c of [...allCalls, ...extraLookups]) {
      const k = key(c.method, c.path);
      const permission = [c.permission, ...('alsoNeeds' in c ? c.alsoNeeds : [])].join('+');
      expect(seen.get(k) ?? permission, k).toBe(permission);
      seen.set(k, permission);
    }
  });

  it('guards ids', () => {
    expect(isWorkflowId('license-reclamation')).toBe(true);
    expect(isWorkflowId('License-Reclamation')).toBe(false);
    expect(isWorkflowId(undefined)).toBe(false);
  });

  it('is documented call by call, with the same source, in docs/permission-catalog.md', () => {
    const doc = readFileSync(path.join(root, 'docs/permission-catalog.md'), 'utf8').split('\n');
    for (const c of allCalls) {
      const row = doc.find((line) => line.startsWith(`| \`${c.workflow}\` |`) && line.includes(`\`${c.method} ${c.path}\``));
      expect(row, `${c.workflow} ${c.method} ${c.path}`).toBeDefined();
      expect(row).toContain(c.permission);
      expect(row).toMatch(new RegExp(`\\| \\*\\*${c.source}\\*\\*`));
    }
  });
});

describe('requiredPermissions', () => {
  it('asks for exactly User.Read.All when nothing is selected', () => {
    expect(requiredPermissions([])).toEqual([
      {
        permission: 'User.Read.All',
        appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
        displayName: "Read all users' full profiles",
        access: 'read',
        neededBy: ['inbound-connector'],
        calls: [{ workflow: 'inbound-connector', method: 'GET', path: '/users', what: 'List users to import them', source: 'documented' }],
      },
    ]);
  });

  it.each<[WorkflowId, GraphPermission[]]>([
    ['inbound-connector', ['User.Read.All']],
    ['entra-thinklet-get-user', ['User.Read.All']],
    ['entra-thinklet-user-in-group', ['GroupMember.Read.All', 'User.Read.All']],
    ['entra-thinklet-device-in-group', ['Device.Read.All', 'User.Read.All']],
    ['license-reclamation', ['User.Read.All', 'GroupMember.ReadWrite.All']],
    ['proactive-password-reset', ['User.Read.All']],
    ['proactive-password-reset-teams', ['User.Read.All']],
    ['custom-read-user', ['User.Read.All']],
    ['custom-user-groups', ['GroupMember.Read.All', 'User.Read.All']],
    ['custom-group-member-add', ['User.Read.All', 'GroupMember.ReadWrite.All']],
    ['custom-group-member-remove', ['User.Read.All', 'GroupMember.ReadWrite.All']],
    ['custom-revoke-sessions', ['User.Read.All', 'User.RevokeSessions.All']],
    ['custom-reset-auth-methods', ['User.Read.All', 'UserAuthenticationMethod.ReadWrite.All']],
    ['custom-read-devices', ['Device.Read.All', 'User.Read.All']],
  ])('%s alone needs %j', (id, expected) => {
    expect(names([id])).toEqual(expected);
  });

  it('covers every workflow in the single-selection table above', () => {
    // Adding a workflow without deciding its minimal set should fail here, not ship silently.
    expect(workflowIds).toHaveLength(14);
  });

  it('reduces "everything" to five permissions', () => {
    expect(names(workflowIds)).toEqual([
      'Device.Read.All',
      'User.Read.All',
      'GroupMember.ReadWrite.All',
      'User.RevokeSessions.All',
      'UserAuthenticationMethod.ReadWrite.All',
    ]);
  });

  it('folds GroupMember.Read.All into GroupMember.ReadWrite.All with its workflows and calls', () => {
    const result = requiredPermissions(['entra-thinklet-user-in-group', 'custom-group-member-remove']);
    expect(result.map((r) => r.permission)).toEqual(['User.Read.All', 'GroupMember.ReadWrite.All']);
    const rw = result.find((r) => r.permission === 'GroupMember.ReadWrite.All');
    expect(rw?.neededBy).toEqual(['entra-thinklet-user-in-group', 'custom-group-member-remove']);
    expect(rw?.calls.map((c) => `${c.workflow} ${c.method} ${c.path}`)).toEqual([
      'entra-thinklet-user-in-group GET /users/{id}/memberOf',
      'custom-group-member-remove DELETE /groups/{id}/members/{id}/$ref',
    ]);
    expect(rw?.calls[0]?.source).toBe('inferred');
  });

  it('folds the authentication-method read into the write', () => {
    const [, write] = requiredPermissions(['custom-reset-auth-methods']);
    expect(write?.permission).toBe('UserAuthenticationMethod.ReadWrite.All');
    expect(write?.calls.map((c) => c.method)).toEqual(['GET', 'DELETE']);
  });

  it('lists the inbound connector and the alsoNeeds reads under User.Read.All', () => {
    const userRead = requiredPermissions(['custom-user-groups']).find((r) => r.permission === 'User.Read.All');
    expect(userRead?.neededBy).toEqual(['inbound-connector', 'custom-user-groups']);
  });

  it('merges workflows sharing a permission without duplicates, whatever the order and repetition', () => {
    const a = requiredPermissions(['custom-read-devices', 'entra-thinklet-device-in-group', 'custom-read-devices']);
    const b = requiredPermissions(['entra-thinklet-device-in-group', 'custom-read-devices']);
    expect(a).toEqual(b);
    expect(a[0]?.neededBy).toEqual(['entra-thinklet-device-in-group', 'custom-read-devices']);
    expect(a[0]?.calls).toHaveLength(3);
  });

  it('ignores ids that are not in the catalog', () => {
    expect(names(['nope' as WorkflowId])).toEqual(['User.Read.All']);
  });

  it('returns a minimal, ordered cover for every selection (all 2^13 subsets of the optional workflows)', () => {
    const optional = workflowIds.filter((id) => id !== 'inbound-connector');
    const rank = (p: GraphPermission) => (graphAppPermissions.find((x) => x.name === p)?.access === 'read' ? 0 : 1);
    for (let mask = 0; mask < 1 << optional.length; mask++) {
      const selected = optional.filter((_, i) => mask & (1 << i));
      const result = requiredPermissions(selected).map((r) => r.permission);
      const demanded = new Set<GraphPermission>();
      for (const w of workflows) {
        if (w.id !== 'inbound-connector' && !selected.includes(w.id)) continue;
        for (const c of w.calls) for (const p of [c.permission, ...('alsoNeeds' in c ? c.alsoNeeds : [])]) demanded.add(p);
      }
      for (const p of demanded) expect(result.some((r) => satisfies(r, p)), `${selected.join(',')}: ${p}`).toBe(true);
      for (const p of result) {
        expect(demanded.has(p)).toBe(true);
        expect(result.some((q) => q !== p && satisfies(q, p)), `${selected.join(',')}: ${p} is redundant`).toBe(false);
      }
      const sorted = [...result].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1));
      expect(result).toEqual(sorted);
    }
  });
});

describe('lookupCustomCall', () => {
  it.each<[string, string, GraphPermission, string]>([
    ['POST', '/groups/{id}/members/$ref', 'GroupMember.ReadWrite.All', '/groups/{id}/members/$ref'],
    ['DELETE', '/groups/{group-id}/members/{directory-object-id}/$ref', 'GroupMember.ReadWrite.All', '/groups/{id}/members/{id}/$ref'],
    ['DELETE', '/groups/5f3c…/members/0b1d…/$ref', 'GroupMember.ReadWrite.All', '/groups/{id}/members/{id}/$ref'],
    ['GET', '/users/jane@contoso.com', 'User.Read.All', '/users/{id}'],
    ['GET', '/users/{{adUsername}}', 'User.Read.All', '/users/{id}'],
    ['GET', '/users/jane_fabrikam.com%23EXT%23@contoso.onmicrosoft.com', 'User.Read.All', '/users/{id}'],
    ['GET', 'https://graph.microsoft.com/v1.0/users/jane@contoso.com/memberOf?$select=id', 'GroupMember.Read.All', '/users/{id}/memberOf'],
    ['GET', '/v1.0/users/00000000-0000-0000-0000-000000000000/memberOf', 'GroupMember.Read.All', '/users/{id}/memberOf'],
    ['GET', 'https://graph.microsoft.com/beta/users/6e7b768e-07e2-4810-8459-485f84f8f204/memberOf', 'GroupMember.Read.All', '/users/{id}/memberOf'],
    ['get', '/V1.0/USERS/Jane@Contoso.com/MEMBEROF', 'GroupMember.Read.All', '/users/{id}/memberOf'],
    ['GET', '/users/{id}/memberOf/microsoft.graph.group/$count', 'GroupMember.Read.All', '/users/{id}/memberOf'],
    ['POST', 'https://graph.microsoft.com/v1.0/users/jane@contoso.com/revokeSignInSessions', 'User.RevokeSessions.All', '/users/{id}/revokeSignInSessions'],
    ['DELETE', '/users/{id}/authentication/microsoftAuthenticatorMethods/{id}', 'UserAuthenticationMethod.ReadWrite.All', '/users/{id}/authentication/microsoftAuthenticatorMethods/{id}'],
    ['GET', '/users/x/authentication/methods', 'UserAuthenticationMethod.Read.All', '/users/{id}/authentication/methods'],
    ['GET', "https://graph.microsoft.com/v1.0/devices?$filter=displayName eq 'PC-42'", 'Device.Read.All', '/devices'],
    ['GET', 'https://graph.microsoft.us/v1.0/devices', 'Device.Read.All', '/devices'],
    ['GET', 'graph.microsoft.com/v1.0/devices/abc/memberOf', 'Device.Read.All', '/devices/{id}/memberOf'],
    ['GET', "/devices(deviceId='9a8b7c6d')/memberOf", 'Device.Read.All', '/devices/{id}/memberOf'],
    ['GET', '/users/', 'User.Read.All', '/users'],
    ['GET', '/groups', 'GroupMember.Read.All', '/groups'],
    ['GET', '/groups/abc', 'GroupMember.Read.All', '/groups/{id}'],
    ['GET', '/groups/abc/members?$top=999', 'GroupMember.Read.All', '/groups/{id}/members'],
    ['GET', '/devices/abc', 'Device.Read.All', '/devices/{id}'],
  ])('%s %s → %s', (method, p, permission, matchedPath) => {
    const r = lookupCustomCall(method, p);
    expect(r).toMatchObject({ match: true, permission, matchedPath });
  });

  it('reports what a membership lookup also needs and that it is inferred', () => {
    expect(lookupCustomCall('GET', '/users/jane@contoso.com/memberOf')).toMatchObject({
      match: true,
      alsoNeeds: ['User.Read.All'],
      source: 'inferred',
      docsUrl: 'https://learn.microsoft.com/graph/api/user-list-memberof?view=graph-rest-1.0',
    });
    expect(lookupCustomCall('GET', '/users/jane@contoso.com')).toMatchObject({ source: 'documented', alsoNeeds: [] });
  });

  it('prefers the documented row when a pack uses the same call by inference', () => {
    expect(lookupCustomCall('GET', '/devices')).toMatchObject({ source: 'documented' });
  });

  it('matches a guest UPN with a raw #EXT# but warns that Graph would cut it', () => {
    const raw = lookupCustomCall('GET', '/users/jane_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    expect(raw).toMatchObject({ match: true, permission: 'User.Read.All' });
    expect(raw.match && raw.warning).toMatch(/%23EXT%23/);
    const encoded = lookupCustomCall('GET', '/users/jane_fabrikam.com%23EXT%23@contoso.onmicrosoft.com');
    expect(encoded.match && encoded.warning).toBeUndefined();
  });

  it('accepts the method written in the path', () => {
    expect(lookupCustomCall('', 'DELETE /groups/a/members/b/$ref')).toMatchObject({ match: true, permission: 'GroupMember.ReadWrite.All' });
    expect(lookupCustomCall('POST', 'POST /groups/a/members/$ref')).toMatchObject({ match: true, permission: 'GroupMember.ReadWrite.All' });
  });

  it('matches every catalog call, as a template and with concrete values', () => {
    for (const c of allCalls) {
      for (const p of [c.path, c.path.replace(/\{[^}]*\}/g, 'a1b2')]) {
        expect(lookupCustomCall(c.method, p), `${c.method} ${p}`).toMatchObject({ match: true, permission: c.permission });
      }
    }
  });

  it.each([
    ['GET', '/users/{id}/drive'],
    ['POST', '/users'],
    ['PATCH', '/users/{id}'],
    ['PUT', '/groups/{id}'],
    ['GET', '/groups/{id}/members/$ref/extra'],
    ['GET', '/users/$x@contoso.com'],
    ['GET', '/applications'],
  ])('calls %s %s unknown', (method, p) => {
    expect(lookupCustomCall(method, p)).toEqual({ match: false, docsUrl: GRAPH_API_OVERVIEW_URL, reason: UNKNOWN_CALL_REASON });
  });

  it('explains that /me has no meaning for an app-only token', () => {
    const r = lookupCustomCall('GET', 'https://graph.microsoft.com/v1.0/me/memberOf');
    expect(r).toMatchObject({ match: false, docsUrl: GRAPH_API_OVERVIEW_URL });
    expect(!r.match && r.reason).toMatch(/\/users\//);
  });

  it.each<[unknown, unknown, RegExp]>([
    ['GET', 'https://example.com/v1.0/users', /example\.com is not a Microsoft Graph host/],
    ['GET', 'https://graph.microsoft.com.evil.net/v1.0/users', /not a Microsoft Graph host/],
    ['GET', 'login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', /not a Microsoft Graph host/],
    ['GET', 'ftp://graph.microsoft.com/v1.0/users', /scheme/],
    ['GET', 'https://', /no host/],
    ['GET', '', /no path/],
    ['GET', '   ', /no path/],
    ['GET', '/', /no path/],
    ['GET', 'https://graph.microsoft.com', /no path/],
    ['GET', 'https://graph.microsoft.com/v1.0/', /no path/],
    ['FETCH', '/users', /not an HTTP method/],
    ['', '/users', /no HTTP method/],
    [undefined, '/users', /must be text/],
    ['GET', null, /must be text/],
  ])('rejects %j %j', (method, p, reason) => {
    const r = lookupCustomCall(method as string, p as string);
    expect(r.match).toBe(false);
    expect(!r.match && r.reason).toMatch(reason);
    expect(r.docsUrl).toBe(GRAPH_API_OVERVIEW_URL);
  });

  it('never throws on malformed escapes', () => {
    expect(() => lookupCustomCall('GET', '/users/%E0%A4%A/memberOf')).not.toThrow();
    expect(lookupCustomCall('GET', '/users/%E0%A4%A/memberOf')).toMatchObject({ match: true });
  });
});

describe('overPrivileged and missingPermissions', () => {
  const base = requiredPermissions([]);
  const all = requiredPermissions(workflowIds);

  it('calls Directory.Read.All broader where User.Read.All suffices', () => {
    expect(overPrivileged(['Directory.Read.All'], base)).toEqual([
      { permission: 'Directory.Read.All', reason: 'broader', narrower: ['User.Read.All'], neededBy: ['inbound-connector'] },
    ]);
    expect(missingPermissions(['Directory.Read.All'], base)).toEqual([]);
  });

  it('calls Directory.ReadWrite.All unneeded when the reads it covers are granted and nothing writes', () => {
    expect(overPrivileged(['User.Read.All', 'Directory.ReadWrite.All'], base)).toEqual([{ permission: 'Directory.ReadWrite.All', reason: 'unneeded' }]);
  });

  it('accepts the exact minimal grant for license reclamation', () => {
    const required = requiredPermissions(['license-reclamation']);
    expect(overPrivileged(['User.Read.All', 'GroupMember.ReadWrite.All'], required)).toEqual([]);
    expect(missingPermissions(['User.Read.All', 'GroupMember.ReadWrite.All'], required)).toEqual([]);
    const missing = missingPermissions(['User.Read.All', 'GroupMember.Read.All'], required);
    expect(missing.map((m) => m.permission)).toEqual(['GroupMember.ReadWrite.All']);
    expect(missing[0]?.neededBy).toEqual(['license-reclamation']);
    expect(overPrivileged(['User.Read.All', 'GroupMember.Read.All'], required)).toEqual([{ permission: 'GroupMember.Read.All', reason: 'unneeded' }]);
  });

  it('names Group.ReadWrite.All as broader than GroupMember.ReadWrite.All', () => {
    const required = requiredPermissions(['custom-group-member-add']);
    expect(overPrivileged(['User.Read.All', 'Group.ReadWrite.All'], required)).toEqual([
      { permission: 'Group.ReadWrite.All', reason: 'broader', narrower: ['GroupMember.ReadWrite.All'], neededBy: ['custom-group-member-add'] },
    ]);
    expect(missingPermissions(['User.Read.All', 'Group.ReadWrite.All'], required)).toEqual([]);
  });

  it('shows what Directory.ReadWrite.All alone stands in for, and what it still lacks', () => {
    expect(overPrivileged(['Directory.ReadWrite.All'], all)).toEqual([
      {
        permission: 'Directory.ReadWrite.All',
        reason: 'broader',
        narrower: ['Device.Read.All', 'User.Read.All', 'GroupMember.ReadWrite.All'],
        neededBy: [
          'inbound-connector',
          'entra-thinklet-get-user',
          'entra-thinklet-user-in-group',
          'entra-thinklet-device-in-group',
          'license-reclamation',
          'proactive-password-reset',
          'proactive-password-reset-teams',
          'custom-read-user',
          'custom-user-groups',
          'custom-group-member-add',
          'custom-group-member-remove',
          'custom-read-devices',
        ],
      },
    ]);
    expect(missingPermissions(['Directory.ReadWrite.All'], all).map((m) => m.permission)).toEqual([
      'User.RevokeSessions.All',
      'UserAuthenticationMethod.ReadWrite.All',
    ]);
  });

  it('treats delegated-looking, unknown and mis-cased roles as unneeded and not satisfying', () => {
    expect(overPrivileged(['User.Read', 'Foo.Bar.All', 'user.read.all', 'Mail.Send'], base)).toEqual([
      { permission: 'User.Read', reason: 'unneeded' },
      { permission: 'Foo.Bar.All', reason: 'unneeded' },
      { permission: 'user.read.all', reason: 'unneeded' },
      { permission: 'Mail.Send', reason: 'unneeded' },
    ]);
    expect(missingPermissions(['User.Read', 'user.read.all'], base).map((m) => m.permission)).toEqual(['User.Read.All']);
  });

  it('ignores duplicates and blanks, and reports nothing for an exact grant', () => {
    const exact = all.map((r) => r.permission);
    expect(overPrivileged([...exact, ...exact, '', ' '], all)).toEqual([]);
    expect(missingPermissions(exact, all)).toEqual([]);
    expect(missingPermissions([], all)).toHaveLength(all.length);
  });
});
