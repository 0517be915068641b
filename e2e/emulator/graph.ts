import type { IncomingMessage } from 'node:http';
import { appOnlyDirectory } from './app-graph';
import { GRAPH_APP_ID } from './clouds';
import { prepareDelegatedGraph } from './delegated-graph';
import {
  DEVICE_DEFAULT_PROPERTIES,
  DEVICE_FILTERABLE_PROPERTIES,
  DEVICE_PROPERTIES,
  GROUP_DEFAULT_PROPERTIES,
  GROUP_FILTERABLE_PROPERTIES,
  GROUP_PROPERTIES,
  ORGANIZATION_PROPERTIES,
  defaultDeviceValue,
  defaultGroupValue,
} from './directory-properties';
import { GRAPH_ERRORS, graphError, graphHeaders, graphOk, type GraphErrorSpec, type GraphRequestIds } from './graph-errors';
import { header, safeDecode, splitTarget, type EmulatorResponse } from './http-io';
import { newGuid } from './ids';
import type { PreparedRequest } from './login';
import {
  decodeSkiptoken,
  encodeSkiptoken,
  evaluateFilter,
  exactKeys,
  parseCollectionQuery,
  parseEntityQuery,
  type CollectionQuery,
  type EntityDef,
} from './odata';
import type { DirectoryRecord, Route } from './scenario';
import type { EmulatorState } from './state';
import type { TenantData } from './tenant-store';
import { peekClaims, type AccessTokenClaims } from './tokens';
import {
  USER_BASIC_PROPERTIES,
  USER_DEFAULT_PROPERTIES,
  USER_FILTERABLE_PROPERTIES,
  USER_PROPERTY_EXTRA_ROLES,
  canonicalUserProperty,
  defaultUserValue,
} from './user-properties';

const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const USER_READ_BASIC = ['User.ReadBasic.All'];
const ORG_READ = ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const GROUP_READ = ['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const DEVICE_READ = ['Device.Read.All', 'Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/** Real Graph resources this emulator does not serve: answered 501 rather than a misleading 400. */
const NOT_EMULATED = new Set(
  [
    'applications', 'servicePrincipals', 'directoryRoles', 'directoryObjects', 'domains', 'identity', 'auditLogs', 'reports',
    'sites', 'drives', 'subscribedSkus', 'oauth2PermissionGrants', 'contacts', 'policies', 'roleManagement', 'invitations',
    'teams', 'chats', 'security', 'deviceManagement', 'schemaExtensions', 'administrativeUnits', 'groupSettings', 'places',
  ].map((s) => s.toLowerCase()),
);

function entityDef(type: string, resource: string, all: readonly string[], filterable: ReadonlySet<string>, booleans: string[], defaults: (p: string) => unknown): EntityDef {
  const byLower = new Map(all.map((p) => [p.toLowerCase(), p]));
  return {
    type,
    resource,
    canonical: (name) => byLower.get(name.toLowerCase()),
    filterable,
    booleans: new Set(booleans),
    defaultValue: defaults,
  };
}

const USER: EntityDef = {
  type: 'user',
  resource: 'User',
  canonical: canonicalUserProperty,
  filterable: USER_FILTERABLE_PROPERTIES,
  booleans: new Set(['accountEnabled', 'onPremisesSyncEnabled', 'showInAddressList', 'isResourceAccount']),
  defaultValue: defaultUserValue,
};
const GROUP = entityDef('group', 'Group', GROUP_PROPERTIES, GROUP_FILTERABLE_PROPERTIES, ['mailEnabled', 'securityEnabled', 'onPremisesSyncEnabled', 'isAssignableToRole'], defaultGroupValue);
const DEVICE = entityDef('device', 'Device', DEVICE_PROPERTIES, DEVICE_FILTERABLE_PROPERTIES, ['accountEnabled', 'isCompliant', 'isManaged', 'isRooted', 'onPremisesSyncEnabled'], defaultDeviceValue);
const ORGANIZATION = entityDef('organization', 'Organization', ORGANIZATION_PROPERTIES, new Set(), [], () => null);

function classify(resource: readonly string[]): Route {
  const first = (resource[0] ?? '').toLowerCase();
  if (first === 'users') return resource.length === 1 || resource[1] === '$count' ? 'graph-users' : 'graph-user';
  if (/^users\(/.test(first)) return 'graph-user';
  if (first === 'organization') return 'graph-organization';
  if (first === 'groups') return 'graph-groups';
  if (first === 'devices') return 'graph-devices';
  return 'graph-any';
}

export function graphRequestIds(state: EmulatorState, req: IncomingMessage): GraphRequestIds {
  const requestId = newGuid();
  const clientRequestId = header(req, 'client-request-id');
  return { requestId, clientRequestId: clientRequestId && clientRequestId.length > 0 ? clientRequestId : requestId, now: state.now() };
}

function bearerOf(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  if (auth === undefined) return undefined;
  const m = /^bearer(?:\s+(.*))?$/i.exec(auth.trim());
  return m ? (m[1] ?? '').trim() : undefined;
}

export function prepareGraph(state: EmulatorState, req: IncomingMessage, body = ''): PreparedRequest {
  const delegated = prepareDelegatedGraph(state, req, body);
  if (delegated) return delegated;
  const rawTarget = (req.url ?? '/').split('#')[0] ?? '/';
  const { path, query } = splitTarget(rawTarget);
  const rawSegments = path.split('/').slice(1);
  while (rawSegments.length > 0 && rawSegments[rawSegments.length - 1] === '') rawSegments.pop();
  const segments = rawSegments.map((s) => safeDecode(s) ?? s);
  const [version = '', ...resource] = segments;
  const route = classify(resource);
  const token = bearerOf(req);
  const peek = token ? peekClaims(token) : undefined;
  const scope = {
    ...(typeof peek?.tid === 'string' ? { tenantId: peek.tid.toLowerCase() } : {}),
    ...(typeof peek?.appid === 'string' ? { appId: peek.appid } : {}),
  };
  return {
    route,
    scope,
    respond: () => {
      const ids = graphRequestIds(state, req);
      const ctx: GraphContext = {
        state,
        req,
        ids,
        version: version.toLowerCase(),
        resource,
        rawPath: path,
        rawQuery: query,
      };
      return handleGraph(ctx, token);
    },
  };
}

interface GraphContext {
  readonly state: EmulatorState;
  readonly req: IncomingMessage;
  readonly ids: GraphRequestIds;
  readonly version: string;
  readonly resource: readonly string[];
  readonly rawPath: string;
  readonly rawQuery: string;
}

interface Caller {
  readonly claims: AccessTokenClaims;
  readonly tenant: TenantData;
  readonly roles: readonly string[];
}

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function authenticate(ctx: GraphContext, token: string | undefined): Caller | GraphErrorSpec {
  if (token === undefined || token === '') return GRAPH_ERRORS.emptyToken();
  const check = ctx.state.signer.check(token);
  if (!check.ok) {
    if (check.reason === 'empty') return GRAPH_ERRORS.emptyToken();
    if (check.reason === 'malformed') return GRAPH_ERRORS.notWellFormed();
    if (check.reason === 'header') return GRAPH_ERRORS.undecodable();
    return GRAPH_ERRORS.validationFailure();
  }
  const claims = check.claims;
  const host = ctx.state.served.graphHost;
  const audOk = claims.aud === `https://${host}` || claims.aud === `https://${host}/` || claims.aud === GRAPH_APP_ID;
  if (!audOk) return GRAPH_ERRORS.invalidAudience();
  const nowSec = ctx.ids.now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < nowSec) return GRAPH_ERRORS.expired();
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec + 300) return GRAPH_ERRORS.notYetValid();
  const tenant = typeof claims.tid === 'string' ? ctx.state.tenant(claims.tid) : undefined;
  if (!tenant) return GRAPH_ERRORS.invalidIssuer();
  return { claims, tenant, roles: Array.isArray(claims.roles) ? claims.roles : [] };
}

function hasAny(caller: Caller, roles: readonly string[]): boolean {
  return caller.roles.some((r) => roles.includes(r));
}

function fail(ctx: GraphContext, spec: GraphErrorSpec): EmulatorResponse {
  return graphError(spec, ctx.ids, spec.status === 401 ? { 'WWW-Authenticate': WWW_AUTHENTICATE } : {});
}

function handleGraph(ctx: GraphContext, token: string | undefined): EmulatorResponse {
  if (ctx.version !== 'v1.0' && ctx.version !== 'beta') return fail(ctx, GRAPH_ERRORS.invalidVersion(ctx.version));
  const caller = authenticate(ctx, token);
  if ('status' in caller) return fail(ctx, caller);
  const method = (ctx.req.method ?? 'GET').toUpperCase();
  const [first, ...rest] = ctx.resource;
  if (first === undefined) return graphOk(ctx.ids, { '@odata.context': `${contextBase(ctx)}`, value: [] });
  const name = first.toLowerCase();
  if (name === 'me') return fail(ctx, GRAPH_ERRORS.meWithAppToken());
  const directory = appOnlyDirectory({ state: ctx.state, ids: ctx.ids, version: ctx.version, rawQuery: ctx.rawQuery }, caller.tenant, caller.roles, method, ctx.resource);
  if (directory) return directory;
  if (method !== 'GET' && method !== 'HEAD') {
    return fail(ctx, NOT_EMULATED.has(name) ? GRAPH_ERRORS.notEmulated(first) : GRAPH_ERRORS.methodNotAllowed());
  }
  const keyed = /^users\('((?:[^']|'')*)'\)$/i.exec(first);
  if (keyed) return userResource(ctx, caller, (keyed[1] ?? '').replace(/''/g, "'"), rest);
  switch (name) {
    case 'users':
      if (rest.length === 0) return listUsers(ctx, caller);
      if (rest[0] === '$count' && rest.length === 1) return countCollection(ctx, caller, 'users');
      if (rest[0]?.startsWith('$')) return fail(ctx, GRAPH_ERRORS.collectionNotLast(first));
      return userResource(ctx, caller, rest[0] ?? '', rest.slice(1));
    case 'organization':
      return organization(ctx, caller, rest);
    case 'groups':
      return groups(ctx, caller, rest);
    case 'devices':
      return devices(ctx, caller, rest);
    default:
      return fail(ctx, NOT_EMULATED.has(name) ? GRAPH_ERRORS.notEmulated(first) : GRAPH_ERRORS.noSegment(first));
  }
}

function contextBase(ctx: GraphContext): string {
  return `https://${ctx.state.served.graphHost}/${ctx.version}/$metadata`;
}

function context(ctx: GraphContext, set: string, select: readonly string[] | undefined, entity = false): string {
  const sel = select ? `(${select.join(',')})` : '';
  return `${contextBase(ctx)}#${set}${sel}${entity ? '/$entity' : ''}`;
}

function project(record: Readonly<Record<string, unknown>>, properties: readonly string[], defaults: (p: string) => unknown, odataType?: string): Record<string, unknown> {
  const out: Record<string, unknown> = odataType ? { '@odata.type': odataType } : {};
  for (const p of properties) {
    const v = record[p];
    out[p] = v === undefined || v === null ? defaults(p) : v;
  }
  return out;
}

function consistencyEventual(ctx: GraphContext): boolean {
  return (header(ctx.req, 'consistencylevel') ?? '').trim().toLowerCase() === 'eventual';
}

/* ---------- users ---------- */

type UserAccess = { readonly basicOnly: boolean } | GraphErrorSpec;

function userAccess(caller: Caller, select: readonly string[] | undefined): UserAccess {
  let basicOnly = false;
  if (!hasAny(caller, USER_READ)) {
    if (!hasAny(caller, USER_READ_BASIC)) return GRAPH_ERRORS.denied();
    if (select && select.some((p) => !USER_BASIC_PROPERTIES.has(p))) return GRAPH_ERRORS.denied();
    basicOnly = true;
  }
  for (const p of select ?? []) {
    const extra = USER_PROPERTY_EXTRA_ROLES[p];
    if (extra && !hasAny(caller, extra)) return GRAPH_ERRORS.denied();
  }
  return { basicOnly };
}

function userProperties(select: readonly string[] | undefined, basicOnly: boolean): readonly string[] {
  if (select) return select;
  return basicOnly ? USER_DEFAULT_PROPERTIES.filter((p) => USER_BASIC_PROPERTIES.has(p)) : USER_DEFAULT_PROPERTIES;
}

function listUsers(ctx: GraphContext, caller: Caller): EmulatorResponse {
  const parsed = parseCollectionQuery(ctx.rawQuery, USER, consistencyEventual(ctx));
  if (!parsed.ok) return fail(ctx, parsed.error);
  const q = parsed.value;
  const access = userAccess(caller, q.select);
  if ('status' in access) return fail(ctx, access);
  const tenant = caller.tenant;
  const props = userProperties(q.select, access.basicOnly);
  const pinned = exactKeys(q.filter, 'userPrincipalName') ?? exactKeys(q.filter, 'id');
  const source: Source = pinned
    ? fixedSource(pinned.map((k) => tenant.findUser(k)).filter((u): u is NonNullable<typeof u> => u !== undefined))
    : { count: tenant.userCount, at: (i) => tenant.userAt(i) };
  return page(ctx, caller, q, {
    kind: 'users',
    entity: USER,
    source,
    context: context(ctx, 'users', q.select),
    render: (u) => project(u, props, defaultUserValue),
  });
}

function userResource(ctx: GraphContext, caller: Caller, key: string, rest: readonly string[]): EmulatorResponse {
  const tenant = caller.tenant;
  if (rest.length === 0) {
    const parsed = parseEntityQuery(ctx.rawQuery, USER);
    if (!parsed.ok) return fail(ctx, parsed.error);
    const access = userAccess(caller, parsed.value.select);
    if ('status' in access) return fail(ctx, access);
    const user = tenant.findUser(key);
    if (!user) return fail(ctx, GRAPH_ERRORS.notFound(key));
    const props = userProperties(parsed.value.select, access.basicOnly);
    return graphOk(ctx.ids, { '@odata.context': context(ctx, 'users', parsed.value.select, true), ...project(user, props, defaultUserValue) });
  }
  const sub = rest[0] ?? '';
  if (sub.toLowerCase() === 'memberof' && rest.length === 1) {
    const parsed = parseCollectionQuery(ctx.rawQuery, GROUP, consistencyEventual(ctx));
    if (!parsed.ok) return fail(ctx, parsed.error);
    const needed = tenant.tenant.memberOfNeedsDirectoryRead ? ['Directory.Read.All', 'Directory.ReadWrite.All'] : GROUP_READ;
    if (!hasAny(caller, needed)) return fail(ctx, GRAPH_ERRORS.denied());
    const user = tenant.findUser(key);
    if (!user) return fail(ctx, GRAPH_ERRORS.notFound(key));
    const props = parsed.value.select ?? GROUP_DEFAULT_PROPERTIES;
    return page(ctx, caller, parsed.value, {
      kind: `memberOf:${user.id}`,
      entity: GROUP,
      source: fixedSource(tenant.groupsOf(user.id)),
      context: context(ctx, 'directoryObjects', parsed.value.select),
      render: (g) => project(g, props, defaultGroupValue, '#microsoft.graph.group'),
    });
  }
  return fail(ctx, GRAPH_ERRORS.noSegment(sub));
}

function countCollection(ctx: GraphContext, caller: Caller, kind: 'users' | 'groups' | 'devices'): EmulatorResponse {
  const entity = kind === 'users' ? USER : kind === 'groups' ? GROUP : DEVICE;
  const parsed = parseCollectionQuery(ctx.rawQuery, entity, consistencyEventual(ctx));
  if (!parsed.ok) return fail(ctx, parsed.error);
  if (!consistencyEventual(ctx)) return fail(ctx, GRAPH_ERRORS.countNotSupported());
  const required = kind === 'users' ? [...USER_READ, ...USER_READ_BASIC] : kind === 'groups' ? GROUP_READ : DEVICE_READ;
  if (!hasAny(caller, required)) return fail(ctx, GRAPH_ERRORS.denied());
  const tenant = caller.tenant;
  const source: Source =
    kind === 'users' ? { count: tenant.userCount, at: (i) => tenant.userAt(i) } : fixedSource(kind === 'groups' ? tenant.groups : tenant.devices);
  const n = countMatches(source, parsed.value, entity);
  return { status: 200, headers: graphHeaders(ctx.ids, 'text/plain'), body: String(n) };
}

/* ---------- organization, groups, devices ---------- */

function organizationObject(tenant: TenantData): Record<string, unknown> {
  const domains = tenant.tenant.domains;
  const defaultDomain = domains.find((d) => !d.endsWith('.onmicrosoft.com')) ?? domains[0];
  const synced = tenant.hasSyncedUsers();
  const initial = domains[0] ?? '';
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: tenant.region === 'EU' ? 'NL' : 'US',
    createdDateTime: tenant.tenant.createdDateTime,
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    isMultipleDataLocationsForServicesEnabled: null,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: synced ? '2025-05-26T06:12:41Z' : null,
    onPremisesSyncEnabled: synced ? true : null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: 'en',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [`admin@${initial}`],
    tenantType: 'AAD',
    directorySizeQuota: { used: Math.min(tenant.userCount + tenant.groups.length + tenant.devices.length, 300000), total: 300000 },
    assignedPlans: [],
    privacyProfile: { contactEmail: '', statementUrl: '' },
    provisionedPlans: [],
    verifiedDomains: domains.map((name, i) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: name === defaultDomain,
      isInitial: i === 0,
      name,
      type: 'Managed',
    })),
  };
}

function organization(ctx: GraphContext, caller: Caller, rest: readonly string[]): EmulatorResponse {
  if (rest.length > 1) return fail(ctx, GRAPH_ERRORS.noSegment(rest[1] ?? ''));
  const parsed = rest.length === 0 ? parseCollectionQuery(ctx.rawQuery, ORGANIZATION, consistencyEventual(ctx)) : parseEntityQuery(ctx.rawQuery, ORGANIZATION);
  if (!parsed.ok) return fail(ctx, parsed.error);
  if (!hasAny(caller, ORG_READ)) return fail(ctx, GRAPH_ERRORS.denied());
  const select = parsed.value.select;
  const org = organizationObject(caller.tenant);
  const shaped = select ? project(org, select, () => null) : org;
  if (rest.length === 0) return graphOk(ctx.ids, { '@odata.context': context(ctx, 'organization', select), value: [shaped] });
  const id = rest[0] ?? '';
  if (id.toLowerCase() !== caller.tenant.id) return fail(ctx, GRAPH_ERRORS.notFound(id));
  return graphOk(ctx.ids, { '@odata.context': context(ctx, 'organization', select, true), ...shaped });
}

function groups(ctx: GraphContext, caller: Caller, rest: readonly string[]): EmulatorResponse {
  const tenant = caller.tenant;
  if (rest.length === 0) {
    const parsed = parseCollectionQuery(ctx.rawQuery, GROUP, consistencyEventual(ctx));
    if (!parsed.ok) return fail(ctx, parsed.error);
    if (!hasAny(caller, GROUP_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    const props = parsed.value.select ?? GROUP_DEFAULT_PROPERTIES;
    return page(ctx, caller, parsed.value, {
      kind: 'groups',
      entity: GROUP,
      source: fixedSource(tenant.groups),
      context: context(ctx, 'groups', parsed.value.select),
      render: (g) => project(g, props, defaultGroupValue),
    });
  }
  if (rest[0] === '$count' && rest.length === 1) return countCollection(ctx, caller, 'groups');
  const id = rest[0] ?? '';
  if (rest.length === 1) {
    const parsed = parseEntityQuery(ctx.rawQuery, GROUP);
    if (!parsed.ok) return fail(ctx, parsed.error);
    if (!hasAny(caller, GROUP_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    const group = tenant.findGroup(id);
    if (!group) return fail(ctx, GRAPH_ERRORS.notFound(id));
    const props = parsed.value.select ?? GROUP_DEFAULT_PROPERTIES;
    return graphOk(ctx.ids, { '@odata.context': context(ctx, 'groups', parsed.value.select, true), ...project(group, props, defaultGroupValue) });
  }
  if ((rest[1] ?? '').toLowerCase() === 'members' && rest.length === 2) {
    const parsed = parseCollectionQuery(ctx.rawQuery, USER, consistencyEventual(ctx));
    if (!parsed.ok) return fail(ctx, parsed.error);
    if (!hasAny(caller, GROUP_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    const group = tenant.findGroup(id);
    if (!group) return fail(ctx, GRAPH_ERRORS.notFound(id));
    const members = group.members.map((m) => tenant.findUser(m)).filter((u): u is NonNullable<typeof u> => u !== undefined);
    const props = parsed.value.select ?? USER_DEFAULT_PROPERTIES;
    return page(ctx, caller, parsed.value, {
      kind: `members:${group.id}`,
      entity: USER,
      source: fixedSource(members),
      context: context(ctx, 'directoryObjects', parsed.value.select),
      render: (u) => project(u, props, defaultUserValue, '#microsoft.graph.user'),
    });
  }
  return fail(ctx, GRAPH_ERRORS.noSegment(rest[1] ?? ''));
}

function devices(ctx: GraphContext, caller: Caller, rest: readonly string[]): EmulatorResponse {
  const tenant = caller.tenant;
  if (rest.length === 0) {
    const parsed = parseCollectionQuery(ctx.rawQuery, DEVICE, consistencyEventual(ctx));
    if (!parsed.ok) return fail(ctx, parsed.error);
    if (!hasAny(caller, DEVICE_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    const props = parsed.value.select ?? DEVICE_DEFAULT_PROPERTIES;
    return page(ctx, caller, parsed.value, {
      kind: 'devices',
      entity: DEVICE,
      source: fixedSource(tenant.devices),
      context: context(ctx, 'devices', parsed.value.select),
      render: (d) => project(d, props, defaultDeviceValue),
    });
  }
  if (rest[0] === '$count' && rest.length === 1) return countCollection(ctx, caller, 'devices');
  if (rest.length === 1) {
    const id = rest[0] ?? '';
    const parsed = parseEntityQuery(ctx.rawQuery, DEVICE);
    if (!parsed.ok) return fail(ctx, parsed.error);
    if (!hasAny(caller, DEVICE_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    const device = tenant.findDevice(id);
    if (!device) return fail(ctx, GRAPH_ERRORS.notFound(id));
    const props = parsed.value.select ?? DEVICE_DEFAULT_PROPERTIES;
    return graphOk(ctx.ids, { '@odata.context': context(ctx, 'devices', parsed.value.select, true), ...project(device, props, defaultDeviceValue) });
  }
  return fail(ctx, GRAPH_ERRORS.noSegment(rest[1] ?? ''));
}

/* ---------- paging ---------- */

interface Source {
  readonly count: number;
  at(position: number): DirectoryRecord | undefined;
}

function fixedSource(items: readonly DirectoryRecord[]): Source {
  return { count: items.length, at: (i) => items[i] };
}

interface PageSpec {
  readonly kind: string;
  readonly entity: EntityDef;
  readonly source: Source;
  readonly context: string;
  render(record: DirectoryRecord): Record<string, unknown>;
}

function countMatches(source: Source, q: CollectionQuery, entity: EntityDef): number {
  if (!q.filter) return source.count;
  let n = 0;
  for (let i = 0; i < source.count; i += 1) {
    const r = source.at(i);
    if (r && evaluateFilter(q.filter, r, entity)) n += 1;
  }
  return n;
}

function page(ctx: GraphContext, caller: Caller, q: CollectionQuery, spec: PageSpec): EmulatorResponse {
  let start = 0;
  if (q.skiptoken !== undefined) {
    const cursor = decodeSkiptoken(q.skiptoken);
    if (!cursor || cursor.tenant !== caller.tenant.id || cursor.kind !== spec.kind) return fail(ctx, GRAPH_ERRORS.expiredPageToken());
    start = cursor.position;
  }
  const top = q.top ?? 100;
  const items: Record<string, unknown>[] = [];
  const { source } = spec;
  let position = start;
  while (position < source.count && items.length < top) {
    const record = source.at(position);
    position += 1;
    if (record && (!q.filter || evaluateFilter(q.filter, record, spec.entity))) items.push(spec.render(record));
  }
  const body: Record<string, unknown> = { '@odata.context': spec.context };
  if (q.count && q.skiptoken === undefined) body['@odata.count'] = countMatches(source, q, spec.entity);
  if (position < source.count) {
    const kept = q.pairs.filter((p) => p.key.toLowerCase() !== '$skiptoken').map((p) => p.raw);
    kept.push(`$skiptoken=${encodeSkiptoken({ tenant: caller.tenant.id, kind: spec.kind, position })}`);
    body['@odata.nextLink'] = `${ctx.state.graphUrl}${ctx.rawPath}?${kept.join('&')}`;
  }
  body['value'] = items;
  return graphOk(ctx.ids, body);
}
