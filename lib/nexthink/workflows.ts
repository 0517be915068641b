import { graphAppPermission, satisfies, type GraphPermission, type PermissionAccess } from '@/lib/nexthink/permissions';

/**
 * What a Nexthink admin can run against Microsoft Graph with the workflows' app registration, call by call,
 * with the least-privileged application permission for each. `source: 'inferred'` marks rows where either the
 * call (packs whose call list is not public) or the permission (Graph's table says otherwise or nothing) is
 * our inference; docs/permission-catalog.md explains each one.
 */

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Source = 'documented' | 'inferred';

type CatalogCall = {
  readonly method: HttpMethod;
  /** Graph v1.0 path template; any `{…}` segment stands for an id, UPN or other key. */
  readonly path: string;
  readonly what: string;
  readonly permission: GraphPermission;
  readonly alsoNeeds?: readonly GraphPermission[];
  /** Graph's "Higher privileged permissions" for application access, limited to catalogued permissions. */
  readonly higherPrivileged: readonly GraphPermission[];
  readonly docsUrl: string;
  readonly source: Source;
};

type CatalogWorkflow = {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly group: 'connector' | 'thinklet' | 'library-pack' | 'custom';
  readonly alwaysOn?: true;
  readonly publicPermissionList: boolean;
  readonly note?: string;
  /** What the workflow does beyond its Graph calls (messages to users…): it is never triggered by the wizard. */
  readonly sideEffects?: string;
  /** Names the workflow has when installed from the Nexthink Library (matched case-insensitively). */
  readonly libraryNames?: readonly string[];
  readonly calls: readonly CatalogCall[];
};

const GRAPH_API = 'https://learn.microsoft.com/graph/api';
const docs = (page: string) => `${GRAPH_API}/${page}?view=graph-rest-1.0`;

const getUserByUpn = {
  method: 'GET',
  path: '/users/{userPrincipalName}',
  what: 'Get the user by UPN (returns the Entra object id)',
  permission: 'User.Read.All',
  higherPrivileged: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  docsUrl: docs('user-get'),
} as const;

const listUserMemberOf = {
  method: 'GET',
  path: '/users/{id}/memberOf',
  what: "List the user's direct group memberships",
  permission: 'GroupMember.Read.All',
  alsoNeeds: ['User.Read.All'],
  higherPrivileged: ['GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  docsUrl: docs('user-list-memberof'),
  source: 'inferred',
} as const;

const removeGroupMember = {
  method: 'DELETE',
  path: '/groups/{id}/members/{id}/$ref',
  what: 'Remove a member from a group',
  permission: 'GroupMember.ReadWrite.All',
  higherPrivileged: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  docsUrl: docs('group-delete-members'),
  source: 'documented',
} as const;

const listDevices = {
  method: 'GET',
  path: '/devices',
  what: 'List or find devices (e.g. $filter=displayName eq …)',
  permission: 'Device.Read.All',
  higherPrivileged: ['Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  docsUrl: docs('device-list'),
} as const;

const MEMBER_OF_NOTE =
  "Graph's table for app-only \"List a user's direct memberships\" names Directory.Read.All as least privileged. " +
  'The catalog asks for GroupMember.Read.All + User.Read.All instead, an inference from Graph\'s documented "limited information" ' +
  'behaviour for directoryObject collections; if the call is refused, Directory.Read.All is the documented fallback.';

const PACK_NOT_PUBLIC = "Nexthink does not publish this pack's Graph calls; check the pack's configuration guide after installing it.";

export const workflows = [
  {
    id: 'inbound-connector',
    label: 'Entra ID inbound connector',
    description: 'Imports users from Entra ID so Nexthink knows each UPN (always needed).',
    group: 'connector',
    alwaysOn: true,
    publicPermissionList: true,
    note:
      'Nexthink documents User.Read.All as an Application permission: granted as Delegated, the connector imports nothing. ' +
      'If the connector uses an app registration of its own, this permission belongs on that one.',
    calls: [
      {
        method: 'GET',
        path: '/users',
        what: 'List users to import them',
        permission: 'User.Read.All',
        higherPrivileged: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
        docsUrl: docs('user-list'),
        source: 'documented',
      },
    ],
  },
  {
    id: 'entra-thinklet-get-user',
    label: 'Entra ID thinklet: Get user UUID',
    description: "Looks up a user's Entra object id from their UPN.",
    group: 'thinklet',
    publicPermissionList: true,
    calls: [{ ...getUserByUpn, source: 'documented' }],
  },
  {
    id: 'entra-thinklet-user-in-group',
    label: 'Entra ID thinklet: Check if a user is in a group',
    description: "Checks a user's direct membership of an Entra group.",
    group: 'thinklet',
    publicPermissionList: true,
    note: MEMBER_OF_NOTE,
    calls: [listUserMemberOf],
  },
  {
    id: 'entra-thinklet-device-in-group',
    label: 'Entra ID thinklet: Check if a device is member of a group',
    description: "Checks a device's direct membership of an Entra group.",
    group: 'thinklet',
    publicPermissionList: true,
    calls: [
      { ...listDevices, what: "Find the device's Entra object id when only its name is known", source: 'inferred' },
      {
        method: 'GET',
        path: '/devices/{id}/memberOf',
        what: "List the device's direct group memberships",
        permission: 'Device.Read.All',
        higherPrivileged: ['Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
        docsUrl: docs('device-list-memberof'),
        source: 'documented',
      },
    ],
  },
  {
    id: 'license-reclamation',
    label: 'License reclamation (Library pack)',
    description: 'Removes users who no longer use an application from its license group.',
    group: 'library-pack',
    libraryNames: ['License reclamation'],
    publicPermissionList: false,
    note:
      `${PACK_NOT_PUBLIC} Nexthink describes a call that removes the user from the application group (GroupMember.ReadWrite.All); ` +
      'the user lookup and membership check are inferred from its description.',
    calls: [
      { ...getUserByUpn, source: 'inferred' },
      listUserMemberOf,
      { ...removeGroupMember, what: 'Remove the user from the application group' },
    ],
  },
  {
    id: 'proactive-password-reset',
    label: 'Proactive password reset (Library pack)',
    description: 'Warns users whose password is about to expire and links them to the reset page.',
    group: 'library-pack',
    libraryNames: ['Proactive password reset'],
    sideEffects: 'sends the user a message about their password',
    publicPermissionList: false,
    note:
      "Nexthink's configuration guide lists the application permissions this pack needs, but that list was not available " +
      'to this catalog: User.Read.All (user lookups) is the minimum assumed here. Check the pack\'s configuration guide.',
    calls: [{ ...getUserByUpn, source: 'inferred' }],
  },
  {
    id: 'proactive-password-reset-teams',
    label: 'Proactive password reset – Microsoft Teams (Library pack)',
    description: 'The same password-expiry warning, sent as a Microsoft Teams message.',
    group: 'library-pack',
    libraryNames: ['Proactive password reset - Teams', 'Proactive password reset – Microsoft Teams'],
    sideEffects: 'sends the user a Microsoft Teams message',
    publicPermissionList: false,
    note:
      'User.Read.All (user lookups) is the minimum assumed here; the pack\'s own permission list was not available to this catalog. ' +
      "Nexthink sends the Teams messages with its Message thinklet through the Nexthink Microsoft Teams app (Communication channels), " +
      "set up separately from this app registration. Whether this app registration needs any further Graph permission for Teams is unknown: check the pack's documentation.",
    calls: [{ ...getUserByUpn, source: 'inferred' }],
  },
  {
    id: 'custom-read-user',
    label: 'Custom: read a user',
    description: 'Your own thinklet reads a user by id or UPN.',
    group: 'custom',
    publicPermissionList: true,
    calls: [{ ...getUserByUpn, path: '/users/{id}', what: 'Get a user by id or UPN', source: 'documented' }],
  },
  {
    id: 'custom-user-groups',
    label: "Custom: list a user's groups",
    description: "Your own thinklet lists the groups a user is directly a member of.",
    group: 'custom',
    publicPermissionList: true,
    note: MEMBER_OF_NOTE,
    calls: [listUserMemberOf],
  },
  {
    id: 'custom-group-member-add',
    label: 'Custom: add a member to a group',
    description: 'Your own thinklet adds a user to an Entra group.',
    group: 'custom',
    publicPermissionList: true,
    note:
      "Graph's Add members table, by member type: groups need GroupMember.ReadWrite.All; devices also Device.ReadWrite.All; " +
      'service principals also Application.ReadWrite.All; organizational contacts also OrgContact.Read.All. ' +
      'For users the catalog assumes GroupMember.ReadWrite.All alone (an older version of the page also asked for User.ReadWrite.All). ' +
      'Role-assignable groups also need RoleManagement.ReadWrite.Directory.',
    calls: [
      {
        method: 'POST',
        path: '/groups/{id}/members/$ref',
        what: 'Add a member to a group',
        permission: 'GroupMember.ReadWrite.All',
        higherPrivileged: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
        docsUrl: docs('group-post-members'),
        source: 'inferred',
      },
    ],
  },
  {
    id: 'custom-group-member-remove',
    label: 'Custom: remove a member from a group',
    description: 'Your own thinklet removes a user from an Entra group.',
    group: 'custom',
    publicPermissionList: true,
    note:
      "Graph's Remove member table lists no extra permission for device members, while Add members requires Device.ReadWrite.All " +
      'for devices: if removing a device is refused, add Device.ReadWrite.All (inference). Role-assignable groups also need RoleManagement.ReadWrite.Directory.',
    calls: [removeGroupMember],
  },
  {
    id: 'custom-revoke-sessions',
    label: "Custom: revoke a user's sessions",
    description: "Your own thinklet signs a user out everywhere (revokes refresh tokens).",
    group: 'custom',
    publicPermissionList: true,
    note:
      "Graph's current table lists no higher application permission for this call, so User.ReadWrite.All and Directory.ReadWrite.All " +
      'are not counted as covering it.',
    calls: [
      {
        method: 'POST',
        path: '/users/{id}/revokeSignInSessions',
        what: "Revoke the user's sign-in sessions",
        permission: 'User.RevokeSessions.All',
        higherPrivileged: [],
        docsUrl: docs('user-revokesigninsessions'),
        source: 'documented',
      },
    ],
  },
  {
    id: 'custom-reset-auth-methods',
    label: "Custom: reset a user's MFA methods",
    description: "Your own thinklet lists a user's authentication methods and removes the Authenticator app.",
    group: 'custom',
    publicPermissionList: true,
    note:
      'Graph also accepts the method-specific UserAuthMethod-MicrosoftAuthApp.ReadWrite.All for the deletion; the catalog leaves it out ' +
      'because its app-role id could not be verified.',
    calls: [
      {
        method: 'GET',
        path: '/users/{id}/authentication/methods',
        what: "List the user's authentication methods",
        permission: 'UserAuthenticationMethod.Read.All',
        higherPrivileged: ['UserAuthenticationMethod.ReadWrite.All'],
        docsUrl: docs('authentication-list-methods'),
        source: 'documented',
      },
      {
        method: 'DELETE',
        path: '/users/{id}/authentication/microsoftAuthenticatorMethods/{id}',
        what: "Delete the user's Microsoft Authenticator registration",
        permission: 'UserAuthenticationMethod.ReadWrite.All',
        higherPrivileged: [],
        docsUrl: docs('microsoftauthenticatorauthenticationmethod-delete'),
        source: 'documented',
      },
    ],
  },
  {
    id: 'custom-read-devices',
    label: 'Custom: read devices',
    description: 'Your own thinklet lists or finds Entra devices.',
    group: 'custom',
    publicPermissionList: true,
    calls: [{ ...listDevices, source: 'documented' }],
  },
] as const satisfies readonly CatalogWorkflow[];

export type Workflow = (typeof workflows)[number];
export type WorkflowId = Workflow['id'];
export type WorkflowGroup = CatalogWorkflow['group'];

export const workflowIds = workflows.map((w) => w.id) as [WorkflowId, ...WorkflowId[]];

const catalog: readonly CatalogWorkflow[] = workflows;
const idSet = new Set<string>(workflowIds);

/**
 * Whether the wizard may trigger this workflow to prove a setup: every Graph call only reads and it does
 * nothing else (no message to a user). Writes — license reclamation, password reset, group changes — never.
 */
export function isReadOnlyWorkflow(w: Pick<CatalogWorkflow, 'calls' | 'sideEffects'>): boolean {
  return w.calls.every((c) => c.method === 'GET') && w.sideEffects === undefined;
}

export function isWorkflowId(value: unknown): value is WorkflowId {
  return typeof value === 'string' && idSet.has(value);
}

/** Deduplicated, in catalog order, always with the always-on workflows. */
export function normalizeWorkflows(ids: readonly string[]): WorkflowId[] {
  const chosen = new Set(ids);
  return workflows.filter((w) => ('alwaysOn' in w && w.alwaysOn) || chosen.has(w.id)).map((w) => w.id);
}

/** Common reads admins add to custom thinklets, matched by lookupCustomCall besides the catalog's calls. */
export const extraLookups = [
  {
    method: 'GET',
    path: '/users',
    what: 'List or find users',
    permission: 'User.Read.All',
    higherPrivileged: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    docsUrl: docs('user-list'),
    source: 'documented',
  },
  {
    method: 'GET',
    path: '/groups',
    what: 'List or find groups',
    permission: 'GroupMember.Read.All',
    higherPrivileged: ['GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    docsUrl: docs('group-list'),
    source: 'documented',
  },
  {
    method: 'GET',
    path: '/groups/{id}',
    what: 'Get a group',
    permission: 'GroupMember.Read.All',
    higherPrivileged: ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    docsUrl: docs('group-get'),
    source: 'documented',
  },
  {
    method: 'GET',
    path: '/groups/{id}/members',
    what: "List a group's direct members",
    permission: 'GroupMember.Read.All',
    higherPrivileged: ['GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All'],
    docsUrl: docs('group-list-members'),
    source: 'documented',
  },
  {
    method: 'GET',
    path: '/devices/{id}',
    what: 'Get a device',
    permission: 'Device.Read.All',
    higherPrivileged: ['Directory.Read.All', 'Directory.ReadWrite.All'],
    docsUrl: docs('device-get'),
    source: 'documented',
  },
] as const satisfies readonly CatalogCall[];

export type RequiredCall = { workflow: WorkflowId; method: HttpMethod; path: string; what: string; source: Source };

export type RequiredPermission = {
  permission: GraphPermission;
  appRoleId: string;
  displayName: string;
  access: PermissionAccess;
  neededBy: WorkflowId[];
  calls: RequiredCall[];
};

function byAccessThenName(a: GraphPermission, b: GraphPermission): number {
  const access = (p: GraphPermission) => (graphAppPermission(p).access === 'read' ? 0 : 1);
  return access(a) - access(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The smallest set of application permissions covering the selected workflows plus the always-on ones:
 * a permission that another required one satisfies is dropped and its workflows and calls move to that one.
 * Reads first, then writes, each by name.
 */
export function requiredPermissions(selected: readonly WorkflowId[]): RequiredPermission[] {
  const chosen = new Set<string>(selected.filter(isWorkflowId));
  const demands = new Map<GraphPermission, { neededBy: WorkflowId[]; calls: RequiredCall[] }>();

  for (const w of catalog) {
    if (!w.alwaysOn && !chosen.has(w.id)) continue;
    const workflow = w.id as WorkflowId;
    for (const c of w.calls) {
      const call: RequiredCall = { workflow, method: c.method, path: c.path, what: c.what, source: c.source };
      for (const p of [c.permission, ...(c.alsoNeeds ?? [])]) {
        const entry = demands.get(p) ?? { neededBy: [], calls: [] };
        if (!entry.neededBy.includes(workflow)) entry.neededBy.push(workflow);
        entry.calls.push(call);
        demands.set(p, entry);
      }
    }
  }

  const names = [...demands.keys()].sort(byAccessThenName);
  const kept = names.filter((p) => !names.some((q) => q !== p && satisfies(q, p)));
  const merged = new Map(kept.map((p) => [p, { neededBy: [...(demands.get(p)?.neededBy ?? [])], calls: [...(demands.get(p)?.calls ?? [])] }]));

  for (const p of names) {
    if (merged.has(p)) continue;
    // broaderPermissions is transitively closed, so some kept permission always satisfies a dropped one.
    const into = kept.find((k) => satisfies(k, p));
    const from = demands.get(p);
    const target = into && merged.get(into);
    if (!target || !from) continue;
    for (const id of from.neededBy) if (!target.neededBy.includes(id)) target.neededBy.push(id);
    target.calls.push(...from.calls);
  }

  const order = new Map<string, number>(workflowIds.map((id, i) => [id, i]));
  const callOrder = new Map<string, number>(
    catalog.flatMap((w) => w.calls.map((c) => `${w.id} ${c.method} ${c.path}`)).map((key, i) => [key, i]),
  );
  const callKey = (c: RequiredCall) => `${c.workflow} ${c.method} ${c.path}`;
  return kept.map((permission) => {
    const entry = merged.get(permission) ?? { neededBy: [], calls: [] };
    const seen = new Set<string>();
    const calls = entry.calls.filter((c) => {
      const key = callKey(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const def = graphAppPermission(permission);
    return {
      permission,
      appRoleId: def.appRoleId,
      displayName: def.displayName,
      access: def.access,
      neededBy: entry.neededBy.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      calls: calls.sort((a, b) => (callOrder.get(callKey(a)) ?? 0) - (callOrder.get(callKey(b)) ?? 0)),
    };
  });
}

export type OverPrivilege = {
  permission: string;
  reason: 'broader' | 'unneeded';
  narrower?: GraphPermission[];
  neededBy?: WorkflowId[];
};

/**
 * Granted roles beyond what the selection needs. `broader`: the role stands in for required permissions that
 * are not granted themselves (those narrower ones are listed). `unneeded`: nothing selected needs it, either
 * because it covers no required permission or because everything it covers is already granted exactly.
 * Unknown and delegated-looking names are `unneeded`; the caller decides how loud to be.
 */
export function overPrivileged(granted: readonly string[], required: readonly RequiredPermission[]): OverPrivilege[] {
  const result: OverPrivilege[] = [];
  for (const role of new Set(granted)) {
    if (typeof role !== 'string' || role.trim() === '') continue;
    if (required.some((r) => r.permission === role)) continue;
    const covered = required.filter((r) => satisfies(role, r.permission) && !granted.includes(r.permission));
    if (covered.length === 0) {
      result.push({ permission: role, reason: 'unneeded' });
      continue;
    }
    const neededBy = workflowIds.filter((id) => covered.some((r) => r.neededBy.includes(id)));
    result.push({ permission: role, reason: 'broader', narrower: covered.map((r) => r.permission), neededBy });
  }
  return result;
}

/** The required permissions that no granted role satisfies. */
export function missingPermissions(granted: readonly string[], required: readonly RequiredPermission[]): RequiredPermission[] {
  return required.filter((r) => !granted.some((g) => satisfies(g, r.permission)));
}

export const GRAPH_API_OVERVIEW_URL = 'https://learn.microsoft.com/graph/api/overview?view=graph-rest-1.0';
export const UNKNOWN_CALL_REASON = "unknown — check Graph's docs";

const GRAPH_HOSTS = ['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn'];
const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export type CustomCallLookup =
  | {
      match: true;
      permission: GraphPermission;
      alsoNeeds: GraphPermission[];
      source: Source;
      docsUrl: string;
      matchedPath: string;
      what: string;
      /** Set when the pasted path would not reach Graph as written. */
      warning?: string;
    }
  | { match: false; docsUrl: string; reason: string };

type Candidate = CatalogCall & { segments: string[] };

function templateKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{[^}]*\}/g, '{}').toLowerCase()}`;
}

// One entry per method + template; a documented row wins over an inferred one (a pack's inferred use of a call
// does not make the call's permission less documented), and custom rows come first for their generic wording.
const candidates: Candidate[] = (() => {
  const found = new Map<string, Candidate>();
  const custom = catalog.filter((w) => w.group === 'custom').flatMap((w) => w.calls);
  const others = catalog.filter((w) => w.group !== 'custom').flatMap((w) => w.calls);
  for (const c of [...custom, ...extraLookups, ...others]) {
    const key = templateKey(c.method, c.path);
    const existing = found.get(key);
    if (!existing || (existing.source === 'inferred' && c.source === 'documented')) {
      found.set(key, { ...c, segments: c.path.split('/').filter(Boolean) });
    }
  }
  return [...found.values()];
})();

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `users('jane@contoso.com')` and `devices(deviceId='…')` address the same resource as `users/…`, `devices/…`. */
function expandKeySegment(segment: string): string[] {
  const m = /^([A-Za-z]+)\((?:[A-Za-z]+=)?'?([^')]+)'?\)$/.exec(segment);
  return m?.[1] && m[2] ? [m[1], m[2]] : [segment];
}

type Normalised = { ok: true; method: string; segments: string[]; warning?: string } | { ok: false; reason: string };

function normaliseCall(methodInput: unknown, pathInput: unknown): Normalised {
  if (typeof methodInput !== 'string' || typeof pathInput !== 'string') return { ok: false, reason: 'the method and the path must be text' };
  let method = methodInput.trim().toUpperCase();
  let path = pathInput.trim();

  const inline = /^([A-Za-z]+)\s+(\S.*)$/.exec(path);
  if (inline?.[1] && inline[2] && HTTP_METHODS.includes(inline[1].toUpperCase()) && (!method || method === inline[1].toUpperCase())) {
    method = inline[1].toUpperCase();
    path = inline[2].trim();
  }
  if (!method) return { ok: false, reason: 'no HTTP method: give GET, POST, PATCH, PUT or DELETE' };
  if (!HTTP_METHODS.includes(method)) return { ok: false, reason: `"${methodInput.trim()}" is not an HTTP method Graph uses (GET, POST, PATCH, PUT, DELETE)` };
  if (!path) return { ok: false, reason: 'no path: give a Graph path such as /users/{id}/memberOf' };

  const absolute = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\/([^/?#]*)(.*)$/.exec(path);
  const bareHost = absolute ? null : /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?::\d+)?(\/.*)?$/.exec(path.split('?')[0] ?? '');
  let host: string | undefined;
  if (absolute) {
    const scheme = (absolute[1] ?? 'https').toLowerCase();
    if (scheme !== 'https' && scheme !== 'http') return { ok: false, reason: `"${scheme}:" is not a Microsoft Graph URL scheme` };
    host = (absolute[2] ?? '').replace(/:\d+$/, '').toLowerCase();
    path = absolute[3] ?? '';
  } else if (bareHost?.[1] && !path.startsWith('/')) {
    host = bareHost[1].toLowerCase();
    path = path.slice(path.indexOf('/') === -1 ? path.length : path.indexOf('/'));
  }
  if (host !== undefined) {
    if (!host) return { ok: false, reason: 'no host in the URL' };
    if (!GRAPH_HOSTS.includes(host)) return { ok: false, reason: `${host} is not a Microsoft Graph host (expected ${GRAPH_HOSTS.join(', ')})` };
  }

  const warning = path.includes('#')
    ? "Graph drops everything after an unencoded '#': write #EXT# in guest UPNs as %23EXT%23."
    : undefined;
  const withoutQuery = path.split('?')[0] ?? '';
  let segments = withoutQuery
    .split('/')
    .filter(Boolean)
    .flatMap(expandKeySegment)
    .map(decodeSegment);
  if (segments[0] && /^(v1\.0|beta)$/i.test(segments[0])) segments = segments.slice(1);
  // `$count` and OData casts (…/memberOf/microsoft.graph.group) read the same relationship.
  while (method === 'GET' && segments.length > 1 && /^(\$count|microsoft\.graph\.[A-Za-z]+)$/i.test(segments[segments.length - 1] ?? '')) {
    segments = segments.slice(0, -1);
  }
  if (segments.length === 0) return { ok: false, reason: 'no path after the host and version: give a Graph path such as /users/{id}/memberOf' };
  return { ok: true, method, segments, ...(warning && { warning }) };
}

function matches(template: readonly string[], concrete: readonly string[]): number | undefined {
  if (template.length !== concrete.length) return undefined;
  let literals = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] ?? '';
    const c = concrete[i] ?? '';
    if (t.startsWith('{')) {
      if (!c || c.startsWith('$')) return undefined;
    } else if (t.toLowerCase() === c.toLowerCase()) {
      literals++;
    } else {
      return undefined;
    }
  }
  return literals;
}

/**
 * Matches a call an admin describes (`POST /groups/{id}/members/$ref`) or pastes
 * (`GET https://graph.microsoft.com/v1.0/users/jane@contoso.com/memberOf?$select=id`) against the catalog.
 * Never throws.
 */
export function lookupCustomCall(method: string, path: string): CustomCallLookup {
  try {
    const n = normaliseCall(method, path);
    if (!n.ok) return { match: false, docsUrl: GRAPH_API_OVERVIEW_URL, reason: n.reason };
    if (n.segments[0]?.toLowerCase() === 'me') {
      return {
        match: false,
        docsUrl: GRAPH_API_OVERVIEW_URL,
        reason: '/me needs a signed-in user, and a client-credentials token has none: address the user as /users/{id | userPrincipalName}',
      };
    }
    let best: { candidate: Candidate; score: number } | undefined;
    for (const candidate of candidates) {
      if (candidate.method !== n.method) continue;
      const score = matches(candidate.segments, n.segments);
      if (score !== undefined && (!best || score > best.score)) best = { candidate, score };
    }
    if (!best) return { match: false, docsUrl: GRAPH_API_OVERVIEW_URL, reason: UNKNOWN_CALL_REASON };
    const c = best.candidate;
    return {
      match: true,
      permission: c.permission,
      alsoNeeds: [...(c.alsoNeeds ?? [])],
      source: c.source,
      docsUrl: c.docsUrl,
      matchedPath: c.path,
      what: c.what,
      ...(n.warning && { warning: n.warning }),
    };
  } catch {
    return { match: false, docsUrl: GRAPH_API_OVERVIEW_URL, reason: UNKNOWN_CALL_REASON };
  }
}

/** The Library workflow of the catalog a Nexthink workflow is, by its name as installed from the Library. */
export function libraryWorkflowNamed(name: string): CatalogWorkflow | undefined {
  const n = name.trim().toLowerCase().replace(/[–—]/g, '-');
  const matches = catalog.filter((w) => w.libraryNames?.some((l) => n === l.toLowerCase().replace(/[–—]/g, '-')));
  return matches[0];
}
