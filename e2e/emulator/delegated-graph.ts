import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { appPoliciesObject, defaultPolicyObject, passwordPolicyRefusal } from './app-policies';
import { rolesOf } from './authorize';
import { credentialActivityObjects, nonPremiumTenant } from './credential-activity';
import { applicationObject, assignmentObject, assignments, graphServicePrincipal, passwordCredential, rememberWebRedirectUris, servicePrincipalObject } from './directory-objects';
import { GRAPH_APP_ID } from './clouds';
import { DIRECTORY_ROLES, appRoleById, graphServicePrincipalId, scopeById } from './graph-permissions';
import { GRAPH_ERRORS, GRAPH_ODATA_JSON, graphError, graphHeaders, type GraphErrorSpec, type GraphRequestIds } from './graph-errors';
import { header, safeDecode, splitTarget, type EmulatorResponse } from './http-io';
import { isGuid, newGuid } from './ids';
import type { PreparedRequest } from './login';
import { evaluateFilter, parseFilter, parseSelect, splitQuery, type EntityDef, type FilterNode } from './odata';
import { keyCredentialOf, type App, type KeyCredential, type Secret } from './scenario';
import type { EmulatorState } from './state';
import type { AppState, TenantData } from './tenant-store';
import { peekClaims, type DelegatedAccessTokenClaims } from './tokens';

/**
 * Microsoft Graph as a signed-in admin's browser meets it (delegated tokens from authorize.ts): CORS, app
 * registrations (list with $search/$filter, read, create, addPassword, delete), service principals (read,
 * create, Microsoft Graph's own with its permission ids) and app role assignments (list, grant). The token's
 * `scp` must hold the delegated permission and the admin's directory roles must allow the write: Application
 * Administrator and Cloud Application Administrator may create apps but not grant Microsoft Graph application
 * permissions (403 Authorization_RequestDenied); Global Administrator and Privileged Role Administrator may.
 * Writes change the same tenant state the login listener serves, so a created app works for client credentials.
 */

const READ_SCOPES = ['application.read.all', 'application.readwrite.all', 'directory.read.all', 'directory.readwrite.all', 'directory.accessasuser.all'];
const WRITE_SCOPES = ['application.readwrite.all', 'directory.accessasuser.all'];
const GRANT_SCOPES = ['approleassignment.readwrite.all'];
const POLICY_SCOPES = ['policy.read.all', 'policy.readwrite.applicationconfiguration'];
const REPORT_SCOPES = ['auditlog.read.all', 'directory.read.all'];
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~';
const APPLICATION_PROPERTIES = [
  'id', 'appId', 'displayName', 'signInAudience', 'createdDateTime', 'deletedDateTime', 'passwordCredentials', 'keyCredentials',
  'requiredResourceAccess', 'web', 'spa', 'publicClient', 'identifierUris', 'tags', 'notes', 'publisherDomain', 'appRoles', 'api', 'info',
];
const SERVICE_PRINCIPAL_PROPERTIES = [
  'id', 'appId', 'displayName', 'appDisplayName', 'accountEnabled', 'appOwnerOrganizationId', 'servicePrincipalType', 'signInAudience',
  'appRoles', 'oauth2PermissionScopes', 'servicePrincipalNames', 'tags', 'passwordCredentials', 'keyCredentials', 'replyUrls',
];

const byLower = (names: readonly string[]) => {
  const map = new Map(names.map((p) => [p.toLowerCase(), p]));
  return (name: string) => map.get(name.toLowerCase());
};
const APPLICATION: EntityDef = {
  type: 'application',
  resource: 'Application',
  canonical: byLower(APPLICATION_PROPERTIES),
  filterable: new Set(['id', 'appId', 'displayName', 'signInAudience']),
  booleans: new Set(),
  defaultValue: () => null,
};
const SERVICE_PRINCIPAL: EntityDef = { ...APPLICATION, type: 'servicePrincipal', resource: 'ServicePrincipal', canonical: byLower(SERVICE_PRINCIPAL_PROPERTIES) };

interface Ctx {
  readonly state: EmulatorState;
  readonly req: IncomingMessage;
  readonly ids: GraphRequestIds;
  readonly method: string;
  readonly version: string;
  readonly resource: readonly string[];
  readonly rawQuery: string;
  readonly rawPath: string;
  readonly body: string;
}

interface Caller {
  readonly claims: DelegatedAccessTokenClaims;
  readonly tenant: TenantData;
  readonly scopes: ReadonlySet<string>;
  readonly roles: readonly (keyof typeof DIRECTORY_ROLES)[];
}

export function graphCorsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = header(req, 'origin');
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'request-id, client-request-id, x-ms-ags-diagnostic, Retry-After, Location',
    Vary: 'Origin',
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^bearer\s+(.+)$/i.exec((header(req, 'authorization') ?? '').trim());
  return m?.[1]?.trim();
}

/**
 * Takes over CORS preflights and requests carrying a delegated (user) token; app-only requests stay with graph.ts.
 * graph.ts calls this first.
 */
export function prepareDelegatedGraph(state: EmulatorState, req: IncomingMessage, body: string): PreparedRequest | undefined {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') {
    return {
      route: undefined,
      scope: {},
      respond: () => ({
        status: 200,
        headers: {
          ...graphCorsHeaders(req),
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': header(req, 'access-control-request-headers') ?? 'authorization, content-type',
          'Access-Control-Max-Age': '3600',
        },
        body: '',
      }),
    };
  }
  const token = bearer(req);
  const peek = token ? (peekClaims(token) as Record<string, unknown> | undefined) : undefined;
  if (!token || peek?.['idtyp'] !== 'user') return undefined;
  const { path, query } = splitTarget((req.url ?? '/').split('#')[0] ?? '/');
  const segments = path.split('/').slice(1).filter((s, i, all) => s !== '' || i < all.length - 1).map((s) => safeDecode(s) ?? s);
  const [version = '', ...resource] = segments;
  return {
    route: 'graph-any',
    scope: {
      ...(typeof peek['tid'] === 'string' ? { tenantId: peek['tid'].toLowerCase() } : {}),
      ...(typeof peek['appid'] === 'string' ? { appId: peek['appid'] } : {}),
    },
    respond: () => {
      const clientRequestId = header(req, 'client-request-id');
      const requestId = newGuid();
      const ctx: Ctx = {
        state,
        req,
        ids: { requestId, clientRequestId: clientRequestId || requestId, now: state.now() },
        method,
        version: version.toLowerCase(),
        resource,
        rawQuery: query,
        rawPath: path,
        body,
      };
      const response = route(ctx, token);
      return { ...response, headers: { ...response.headers, ...graphCorsHeaders(req) } };
    },
  };
}

function fail(ctx: Ctx, spec: GraphErrorSpec): EmulatorResponse {
  return graphError(spec, ctx.ids);
}

function ok(ctx: Ctx, status: number, body: unknown): EmulatorResponse {
  return { status, headers: { ...graphHeaders(ctx.ids, GRAPH_ODATA_JSON), 'OData-Version': '4.0' }, body: JSON.stringify(body) };
}

function authenticate(ctx: Ctx, token: string): Caller | GraphErrorSpec {
  const check = ctx.state.signer.check(token);
  if (!check.ok) return check.reason === 'malformed' ? GRAPH_ERRORS.notWellFormed() : GRAPH_ERRORS.validationFailure();
  const claims = check.claims as unknown as DelegatedAccessTokenClaims;
  const host = ctx.state.served.graphHost;
  if (claims.aud !== `https://${host}` && claims.aud !== GRAPH_APP_ID) return GRAPH_ERRORS.invalidAudience();
  if (typeof claims.exp !== 'number' || claims.exp < ctx.ids.now / 1000) return GRAPH_ERRORS.expired();
  const tenant = ctx.state.tenant(claims.tid);
  if (!tenant) return GRAPH_ERRORS.invalidIssuer();
  return {
    claims,
    tenant,
    scopes: new Set(claims.scp.split(' ').map((s) => s.toLowerCase())),
    roles: rolesOf(ctx.state, tenant.id, claims.oid),
  };
}

const denied = GRAPH_ERRORS.denied;
const hasScope = (caller: Caller, any: readonly string[]) => any.some((s) => caller.scopes.has(s));
const mayManageApps = (caller: Caller) => caller.roles.some((r) => DIRECTORY_ROLES[r].manageApps);
const mayGrantGraphRoles = (caller: Caller) => caller.roles.some((r) => DIRECTORY_ROLES[r].grantGraphAppRoles);
const mayReadReports = (caller: Caller) => caller.roles.some((r) => DIRECTORY_ROLES[r].readReports);

function route(ctx: Ctx, token: string): EmulatorResponse {
  if (ctx.version !== 'v1.0' && ctx.version !== 'beta') return fail(ctx, GRAPH_ERRORS.invalidVersion(ctx.version));
  const caller = authenticate(ctx, token);
  if ('status' in caller) return fail(ctx, caller);
  const [first = '', ...rest] = ctx.resource;
  const keyed = /^(applications|servicePrincipals)\(appId='([^']*)'\)$/i.exec(first);
  const collection = (keyed?.[1] ?? first).toLowerCase();
  const key = keyed ? { kind: 'appId' as const, value: keyed[2] ?? '' } : rest[0] !== undefined ? { kind: 'id' as const, value: rest[0] } : undefined;
  const tail = keyed ? rest : rest.slice(1);
  const m = ctx.method;

  if (collection === 'policies' && rest.length === 1 && rest[0]?.toLowerCase() === 'defaultappmanagementpolicy') {
    if (m !== 'GET') return fail(ctx, GRAPH_ERRORS.methodNotAllowed());
    if (!hasScope(caller, POLICY_SCOPES)) return fail(ctx, denied());
    return ok(ctx, 200, defaultPolicyObject(caller.tenant, ctx.state.served.graphHost, ctx.version));
  }
  if (collection === 'reports' && rest.length === 1 && rest[0]?.toLowerCase() === 'appcredentialsigninactivities') {
    return credentialActivities(ctx, caller);
  }
  if (collection === 'applications') {
    if (!key) {
      if (m === 'GET') return listApplications(ctx, caller);
      if (m === 'POST') return createApplication(ctx, caller);
      return fail(ctx, GRAPH_ERRORS.methodNotAllowed());
    }
    const app = findApp(caller.tenant, key);
    if (tail.length === 0 && m === 'GET') return app ? getApplication(ctx, caller, app) : fail(ctx, GRAPH_ERRORS.notFound(key.value));
    if (tail.length === 0 && m === 'DELETE') return app ? deleteApplication(ctx, caller, app) : fail(ctx, GRAPH_ERRORS.notFound(key.value));
    if (tail.length === 0 && m === 'PATCH') return app ? patchApplication(ctx, caller, app) : fail(ctx, GRAPH_ERRORS.notFound(key.value));
    if (tail.length === 1 && tail[0]?.toLowerCase() === 'addpassword' && m === 'POST') {
      return app ? addPassword(ctx, caller, app) : fail(ctx, GRAPH_ERRORS.notFound(key.value));
    }
    if (tail.length === 1 && tail[0]?.toLowerCase() === 'removepassword' && m === 'POST') {
      return app ? removePassword(ctx, caller, app) : fail(ctx, GRAPH_ERRORS.notFound(key.value));
    }
    if (tail.length === 1 && tail[0]?.toLowerCase() === 'appmanagementpolicies' && m === 'GET') {
      if (!app) return fail(ctx, GRAPH_ERRORS.notFound(key.value));
      if (!hasScope(caller, [...POLICY_SCOPES, ...READ_SCOPES])) return fail(ctx, denied());
      return ok(ctx, 200, appPoliciesObject(caller.tenant, app.app, ctx.state.served.graphHost, ctx.version));
    }
    return fail(ctx, GRAPH_ERRORS.noSegment(tail[0] ?? first));
  }
  if (collection === 'serviceprincipals') {
    if (!key) {
      if (m === 'POST') return createServicePrincipal(ctx, caller);
      return fail(ctx, GRAPH_ERRORS.notEmulated('servicePrincipals'));
    }
    const isGraph = key.kind === 'appId' ? key.value.toLowerCase() === GRAPH_APP_ID : key.value.toLowerCase() === graphServicePrincipalId(caller.tenant.id);
    const app = isGraph ? undefined : findServicePrincipal(caller.tenant, key);
    if (!isGraph && !app) return fail(ctx, GRAPH_ERRORS.notFound(key.value));
    const sub = tail[0]?.toLowerCase();
    if (tail.length === 0 && m === 'GET') {
      if (!hasScope(caller, READ_SCOPES)) return fail(ctx, denied());
      const object = isGraph ? graphServicePrincipal(caller.tenant) : servicePrincipalObject(caller.tenant, app as AppState);
      return entity(ctx, 'servicePrincipals', object, SERVICE_PRINCIPAL);
    }
    if (tail.length === 1 && sub === 'approleassignments' && m === 'GET') {
      if (!hasScope(caller, READ_SCOPES)) return fail(ctx, denied());
      return ok(ctx, 200, { '@odata.context': `${contextBase(ctx)}#appRoleAssignments`, value: isGraph ? [] : assignments(ctx.ids.now, caller.tenant, app as AppState) });
    }
    if (tail.length === 1 && (sub === 'approleassignedto' || sub === 'approleassignments') && m === 'POST') {
      return grantAppRole(ctx, caller, isGraph ? 'resource' : 'principal', app);
    }
    return fail(ctx, GRAPH_ERRORS.noSegment(tail[0] ?? first));
  }
  return fail(ctx, GRAPH_ERRORS.notEmulated(first || '(root)'));
}

function contextBase(ctx: Ctx): string {
  return `https://${ctx.state.served.graphHost}/${ctx.version}/$metadata`;
}

function findApp(tenant: TenantData, key: { kind: 'appId' | 'id'; value: string }): AppState | undefined {
  const v = key.value.toLowerCase();
  return tenant.appStates().find((a) => (key.kind === 'appId' ? a.app.appId === v : a.app.objectId === v));
}

function findServicePrincipal(tenant: TenantData, key: { kind: 'appId' | 'id'; value: string }): AppState | undefined {
  const v = key.value.toLowerCase();
  return tenant.appStates().find((a) => a.app.servicePrincipalId !== null && (key.kind === 'appId' ? a.app.appId === v : a.app.servicePrincipalId === v));
}

function project(object: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return object;
  return Object.fromEntries(select.map((p) => [p, object[p] ?? null]));
}

function selectOf(ctx: Ctx, def: EntityDef): { ok: true; select: string[] | undefined } | { ok: false; error: GraphErrorSpec } {
  const pair = splitQuery(ctx.rawQuery).find((p) => p.key.toLowerCase() === '$select');
  if (!pair) return { ok: true, select: undefined };
  const r = parseSelect(pair.value, def);
  return r.ok ? { ok: true, select: r.value } : { ok: false, error: r.error };
}

function entity(ctx: Ctx, set: string, object: Record<string, unknown>, def: EntityDef, status = 200): EmulatorResponse {
  const s = selectOf(ctx, def);
  if (!s.ok) return fail(ctx, s.error);
  const sel = s.select ? `(${s.select.join(',')})` : '';
  return ok(ctx, status, { '@odata.context': `${contextBase(ctx)}#${set}${sel}/$entity`, ...project(object, s.select) });
}

/* ---------- objects ---------- */

/* ---------- applications ---------- */

function parseBody(ctx: Ctx): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(ctx.body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const badBody = (): GraphErrorSpec => ({ status: 400, code: 'BadRequest', message: 'Empty Payload. JSON content expected.' });

/** `"displayName:nexthink con"`: every word must start one of the display name's words, case-insensitively. */
function searchMatches(search: string, displayName: string): boolean | 'invalid' {
  const m = /^"([a-zA-Z]+):(.*)"$/.exec(search.trim());
  if (!m || m[1]?.toLowerCase() !== 'displayname') return 'invalid';
  const words = displayName.toLowerCase().split(/[^a-z0-9]+/i).filter(Boolean);
  return (m[2] ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .every((t) => words.some((w) => w.startsWith(t)));
}

function listApplications(ctx: Ctx, caller: Caller): EmulatorResponse {
  if (!hasScope(caller, READ_SCOPES)) return fail(ctx, denied());
  const options = new Map(splitQuery(ctx.rawQuery).filter((p) => p.key.startsWith('$')).map((p) => [p.key.toLowerCase(), p.value]));
  const eventual = (header(ctx.req, 'consistencylevel') ?? '').toLowerCase() === 'eventual';
  const search = options.get('$search');
  if (search !== undefined && !eventual) {
    return fail(ctx, { status: 400, code: 'Request_UnsupportedQuery', message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'" });
  }
  if (options.get('$count') === 'true' && !eventual) return fail(ctx, GRAPH_ERRORS.countNotSupported());
  const s = selectOf(ctx, APPLICATION);
  if (!s.ok) return fail(ctx, s.error);
  let filter: FilterNode | undefined;
  const filterText = options.get('$filter');
  if (filterText !== undefined) {
    const parsed = parseFilter(filterText, APPLICATION);
    if (!parsed.ok) return fail(ctx, parsed.error);
    filter = parsed.value;
  }
  const topText = options.get('$top');
  const top = topText === undefined ? 100 : Number.parseInt(topText, 10);
  if (!Number.isInteger(top) || top < 1 || top > 999) return fail(ctx, GRAPH_ERRORS.badPageSize(topText ?? ''));
  const skip = Number.parseInt(Buffer.from(options.get('$skiptoken') ?? '', 'base64url').toString('utf8') || '0', 10) || 0;

  let apps = caller.tenant.appStates().map((a) => applicationObject(ctx.state, caller.tenant, a));
  if (filter) apps = apps.filter((a) => evaluateFilter(filter, a as Record<string, unknown> & { id: string }, APPLICATION));
  if (search !== undefined) {
    if (apps.some((a) => searchMatches(search, String(a['displayName'])) === 'invalid')) {
      return fail(ctx, { status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported or invalid search clause: use "property:value".' });
    }
    apps = apps.filter((a) => searchMatches(search, String(a['displayName'])) === true);
  }
  if ((options.get('$orderby') ?? '').toLowerCase().startsWith('displayname')) {
    apps.sort((a, b) => String(a['displayName']).localeCompare(String(b['displayName'])));
  }
  const pageItems = apps.slice(skip, skip + top);
  const body: Record<string, unknown> = { '@odata.context': `${contextBase(ctx)}#applications${s.select ? `(${s.select.join(',')})` : ''}` };
  if (options.get('$count') === 'true') body['@odata.count'] = apps.length;
  if (skip + top < apps.length) {
    const kept = splitQuery(ctx.rawQuery).filter((p) => p.key.toLowerCase() !== '$skiptoken').map((p) => p.raw);
    kept.push(`$skiptoken=${Buffer.from(String(skip + top)).toString('base64url')}`);
    body['@odata.nextLink'] = `${ctx.state.graphUrl}${ctx.rawPath}?${kept.join('&')}`;
  }
  body['value'] = pageItems.map((a) => project(a, s.select));
  return ok(ctx, 200, body);
}

function getApplication(ctx: Ctx, caller: Caller, app: AppState): EmulatorResponse {
  if (!hasScope(caller, READ_SCOPES)) return fail(ctx, denied());
  return entity(ctx, 'applications', applicationObject(ctx.state, caller.tenant, app), APPLICATION);
}

function createApplication(ctx: Ctx, caller: Caller): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  const body = parseBody(ctx);
  if (!body) return fail(ctx, badBody());
  const displayName = typeof body['displayName'] === 'string' ? body['displayName'].trim() : '';
  if (displayName === '') {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: "Invalid value specified for property 'displayName' of resource 'Application'." });
  }
  const audience = body['signInAudience'] ?? 'AzureADMyOrg';
  const audiences = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'] as const;
  if (!audiences.includes(audience as (typeof audiences)[number])) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: "Invalid value specified for property 'signInAudience' of resource 'Application'." });
  }
  const rra = Array.isArray(body['requiredResourceAccess']) ? (body['requiredResourceAccess'] as { resourceAppId?: unknown; resourceAccess?: unknown }[]) : [];
  const configuredRoles: string[] = [];
  const delegated: string[] = [];
  for (const r of rra) {
    if (typeof r.resourceAppId !== 'string' || r.resourceAppId.toLowerCase() !== GRAPH_APP_ID || !Array.isArray(r.resourceAccess)) continue;
    for (const a of r.resourceAccess as { id?: unknown; type?: unknown }[]) {
      const id = typeof a.id === 'string' ? a.id : '';
      const name = a.type === 'Role' ? appRoleById(id)?.value : a.type === 'Scope' ? scopeById(id)?.value : undefined;
      if (!name) return fail(ctx, { status: 400, code: 'Request_BadRequest', message: `Invalid value specified for property 'resourceAccess' of resource 'RequiredResourceAccess': ${id}.` });
      (a.type === 'Role' ? configuredRoles : delegated).push(name);
    }
  }
  const app: App = {
    appId: newGuid(),
    objectId: newGuid(),
    servicePrincipalId: null,
    displayName,
    enabled: true,
    secrets: [],
    certificates: [],
    roles: [],
    delegatedPermissions: delegated,
    configuredRoles,
    signInAudience: audience as (typeof audiences)[number],
    createdDateTime: new Date(ctx.ids.now).toISOString(),
  };
  const state = caller.tenant.addApp(app);
  const web = body['web'] as { redirectUris?: unknown } | undefined;
  if (web && Array.isArray(web.redirectUris)) {
    rememberWebRedirectUris(ctx.state, caller.tenant.id, app.appId, web.redirectUris.filter((u): u is string => typeof u === 'string'));
  }
  return entity(ctx, 'applications', applicationObject(ctx.state, caller.tenant, state), APPLICATION, 201);
}

function deleteApplication(ctx: Ctx, caller: Caller, app: AppState): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  caller.tenant.removeApp(app.app.appId);
  return { status: 204, headers: graphHeaders(ctx.ids, 'text/plain'), body: '' };
}

/** A secret as Entra generates them: ~40 characters, with the "Q~" marker of current secrets. */
function newSecretValue(): string {
  const bytes = randomBytes(37);
  const chars = [...bytes].map((b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join('');
  return `${chars.slice(0, 3)}8Q~${chars.slice(3)}`;
}

function addPassword(ctx: Ctx, caller: Caller, app: AppState): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  const body = parseBody(ctx) ?? {};
  const requested = (body['passwordCredential'] ?? {}) as { displayName?: unknown; endDateTime?: unknown; startDateTime?: unknown };
  const start = typeof requested.startDateTime === 'string' ? Date.parse(requested.startDateTime) : ctx.ids.now;
  const end = typeof requested.endDateTime === 'string' ? Date.parse(requested.endDateTime) : start + 2 * 365 * 86_400_000;
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: 'The credential end date must be after its start date.' });
  }
  const refusal = passwordPolicyRefusal(caller.tenant, app.app, start, end);
  if (refusal) return fail(ctx, { status: 400, code: 'Request_BadRequest', message: refusal });
  const secret: Secret = {
    keyId: newGuid(),
    value: newSecretValue(),
    displayName: typeof requested.displayName === 'string' ? requested.displayName : null,
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
  };
  app.app = { ...app.app, secrets: [...app.app.secrets, secret] };
  return ok(ctx, 200, { '@odata.context': `${contextBase(ctx)}#microsoft.graph.passwordCredential`, ...passwordCredential(secret, secret.value) });
}

/**
 * PATCH /applications/{id} with `keyCredentials`: as in Graph, the list replaces the app's certificates; an entry
 * that keeps an existing one names its keyId, a new one carries its `key` (base64 DER).
 */
function patchApplication(ctx: Ctx, caller: Caller, app: AppState): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  const body = parseBody(ctx);
  if (!body) return fail(ctx, badBody());
  const unknown = Object.keys(body).filter((k) => k !== 'keyCredentials' && k !== 'displayName');
  if (unknown.length > 0) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: `The emulator updates keyCredentials and displayName only, not '${unknown[0]}'.` });
  }
  let next = app.app;
  if (typeof body['displayName'] === 'string') next = { ...next, displayName: body['displayName'] };
  if (body['keyCredentials'] !== undefined) {
    if (!Array.isArray(body['keyCredentials'])) return fail(ctx, badBody());
    const certificates: KeyCredential[] = [];
    for (const raw of body['keyCredentials'] as Record<string, unknown>[]) {
      const keyId = typeof raw['keyId'] === 'string' ? raw['keyId'].toLowerCase() : undefined;
      const existing = keyId ? app.app.certificates.find((c) => c.keyId === keyId) : undefined;
      if (existing && (raw['key'] === undefined || raw['key'] === null)) {
        certificates.push(existing);
        continue;
      }
      if (typeof raw['key'] !== 'string' || raw['type'] !== 'AsymmetricX509Cert' || raw['usage'] !== 'Verify') {
        return fail(ctx, { status: 400, code: 'Request_BadRequest', message: "Invalid value specified for property 'keyCredentials' of resource 'Application'." });
      }
      try {
        certificates.push(keyCredentialOf(raw['key'], keyId ?? newGuid(), typeof raw['displayName'] === 'string' ? raw['displayName'] : null));
      } catch {
        return fail(ctx, { status: 400, code: 'Request_BadRequest', message: 'Key credential is not a valid certificate.' });
      }
    }
    next = { ...next, certificates };
  }
  app.app = next;
  return { status: 204, headers: graphHeaders(ctx.ids, 'text/plain'), body: '' };
}

function removePassword(ctx: Ctx, caller: Caller, app: AppState): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  const body = parseBody(ctx);
  const keyId = typeof body?.['keyId'] === 'string' ? body['keyId'].toLowerCase() : '';
  if (!isGuid(keyId)) return fail(ctx, { status: 400, code: 'Request_BadRequest', message: "Invalid value specified for property 'keyId' of resource 'PasswordCredential'." });
  if (!app.app.secrets.some((s) => s.keyId === keyId)) {
    return fail(ctx, { status: 404, code: 'Request_ResourceNotFound', message: `No password credential found with keyId '${keyId}'.` });
  }
  app.app = { ...app.app, secrets: app.app.secrets.filter((s) => s.keyId !== keyId) };
  return { status: 204, headers: graphHeaders(ctx.ids, 'text/plain'), body: '' };
}

/* ---------- reports (beta) ---------- */

/** `GET /beta/reports/appCredentialSignInActivities?$filter=appId eq '…'` (or keyId eq '…'): beta only, P1/P2 tenants. */
function credentialActivities(ctx: Ctx, caller: Caller): EmulatorResponse {
  if (ctx.version !== 'beta') return fail(ctx, GRAPH_ERRORS.noSegment('appCredentialSignInActivities'));
  if (ctx.method !== 'GET') return fail(ctx, GRAPH_ERRORS.methodNotAllowed());
  if (!hasScope(caller, REPORT_SCOPES) || !mayReadReports(caller)) return fail(ctx, denied());
  if (caller.tenant.tenant.cloud !== 'global') return fail(ctx, GRAPH_ERRORS.noSegment('appCredentialSignInActivities'));
  if (!caller.tenant.tenant.premiumLicence) return fail(ctx, nonPremiumTenant());
  const filter = splitQuery(ctx.rawQuery).find((p) => p.key.toLowerCase() === '$filter')?.value ?? '';
  const m = /^\s*(appId|keyId)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (filter !== '' && !m) return fail(ctx, { status: 400, code: 'BadRequest', message: `Invalid filter clause: ${filter}` });
  const field = m?.[1]?.toLowerCase();
  const value = (m?.[2] ?? '').toLowerCase();
  const all = caller.tenant.appStates().flatMap((a) => credentialActivityObjects(a));
  const matching = all.filter((o) => !field || String(field === 'appid' ? o['appId'] : o['keyId']).toLowerCase() === value);
  return ok(ctx, 200, { '@odata.context': `${contextBase(ctx)}#reports/appCredentialSignInActivities`, value: matching });
}

/* ---------- service principals and consent ---------- */

function createServicePrincipal(ctx: Ctx, caller: Caller): EmulatorResponse {
  if (!hasScope(caller, WRITE_SCOPES) || !mayManageApps(caller)) return fail(ctx, denied());
  const body = parseBody(ctx);
  const appId = typeof body?.['appId'] === 'string' ? body['appId'].toLowerCase() : '';
  const app = isGuid(appId) ? caller.tenant.app(appId) : undefined;
  if (!app) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: `The appId '${appId}' of the service principal does not reference a valid application object.` });
  }
  if (app.app.servicePrincipalId !== null) {
    return fail(ctx, { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue', message: 'Another object with the same value for property servicePrincipalNames already exists.' });
  }
  app.app = { ...app.app, servicePrincipalId: newGuid() };
  return entity(ctx, 'servicePrincipals', servicePrincipalObject(caller.tenant, app), SERVICE_PRINCIPAL, 201);
}

function grantAppRole(ctx: Ctx, caller: Caller, pathIs: 'resource' | 'principal', pathApp: AppState | undefined): EmulatorResponse {
  if (!hasScope(caller, GRANT_SCOPES)) return fail(ctx, denied());
  const body = parseBody(ctx);
  if (!body) return fail(ctx, badBody());
  const graphSpId = graphServicePrincipalId(caller.tenant.id);
  const principalId = typeof body['principalId'] === 'string' ? body['principalId'].toLowerCase() : '';
  const resourceId = typeof body['resourceId'] === 'string' ? body['resourceId'].toLowerCase() : '';
  const appRoleId = typeof body['appRoleId'] === 'string' ? body['appRoleId'].toLowerCase() : '';
  if (resourceId !== graphSpId) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: 'The emulator grants Microsoft Graph application permissions only: resourceId must be its service principal.' });
  }
  const principal = pathIs === 'principal' ? pathApp : findServicePrincipal(caller.tenant, { kind: 'id', value: principalId });
  if (!principal || principal.app.servicePrincipalId !== principalId) return fail(ctx, GRAPH_ERRORS.notFound(principalId));
  const role = appRoleById(appRoleId);
  if (!role) return fail(ctx, { status: 400, code: 'Request_BadRequest', message: 'Permission being assigned was not found on application' });
  if (!mayGrantGraphRoles(caller)) return fail(ctx, denied());
  if (principal.rolesAt(ctx.ids.now).some((r) => r.toLowerCase() === role.value.toLowerCase())) {
    return fail(ctx, { status: 400, code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object' });
  }
  principal.scheduleChange({ effectiveAt: ctx.ids.now, add: [role.value], remove: [] });
  const object = assignmentObject(ctx.ids.now, caller.tenant, principal, role.value);
  return ok(ctx, 201, { '@odata.context': `${contextBase(ctx)}#servicePrincipals('${graphSpId}')/appRoleAssignedTo/$entity`, ...object });
}
