import { credentialActivityObjects, nonPremiumTenant, signInActivity } from './credential-activity';
import { GRAPH_APP_ID } from './clouds';
import { applicationObject, assignments, graphServicePrincipal, servicePrincipalObject } from './directory-objects';
import { GRAPH_ERRORS, graphError, graphOk, type GraphErrorSpec, type GraphRequestIds } from './graph-errors';
import { splitQuery } from './odata';
import { graphServicePrincipalId } from './graph-permissions';
import type { EmulatorState } from './state';
import type { AppState, TenantData } from './tenant-store';

/**
 * What a read-only monitoring app (application permissions, app-only token) reads about another app:
 * `applications(appId='…')` / `applications/{id}` (Application.Read.All), `servicePrincipals(appId='…')` /
 * `servicePrincipals/{id}` and its `appRoleAssignments`, and the two beta sign-in activity reports
 * (AuditLog.Read.All; Entra ID P1 or P2; Global cloud only).
 */

const APP_READ = ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const REPORT_READ = ['AuditLog.Read.All', 'Directory.Read.All'];

interface Ctx {
  readonly state: EmulatorState;
  readonly ids: GraphRequestIds;
  readonly version: string;
  readonly rawQuery: string;
  readonly tenant: TenantData;
  readonly roles: readonly string[];
}

const fail = (ctx: Ctx, spec: GraphErrorSpec) => graphError(spec, ctx.ids);
const allowed = (ctx: Ctx, any: readonly string[]) => ctx.roles.some((r) => any.includes(r));

function contextUrl(ctx: Ctx, set: string): string {
  return `https://${ctx.state.served.graphHost}/${ctx.version}/$metadata#${set}`;
}

function selected(ctx: Ctx, object: Record<string, unknown>): Record<string, unknown> {
  const pair = splitQuery(ctx.rawQuery).find((p) => p.key.toLowerCase() === '$select');
  if (!pair) return object;
  const wanted = pair.value.split(',').map((s) => s.trim()).filter(Boolean);
  const byLower = new Map(Object.keys(object).map((k) => [k.toLowerCase(), k]));
  return Object.fromEntries(wanted.flatMap((w) => {
    const k = byLower.get(w.toLowerCase());
    return k ? [[k, object[k]]] : [];
  }));
}

function appFilter(ctx: Ctx): string | undefined {
  const pair = splitQuery(ctx.rawQuery).find((p) => p.key.toLowerCase() === '$filter');
  if (!pair) return undefined;
  const m = /^appId\s+eq\s+'([^']*)'$/i.exec(pair.value.trim());
  return m ? (m[1] ?? '').toLowerCase() : '';
}

/** Answers app-only reads of applications, service principals and the sign-in activity reports; undefined for anything else. */
export function appOnlyDirectory(
  base: Omit<Ctx, 'tenant' | 'roles'>,
  tenant: TenantData,
  roles: readonly string[],
  method: string,
  resource: readonly string[],
) {
  const ctx: Ctx = { ...base, tenant, roles };
  const [first = '', ...rest] = resource;
  const keyed = /^(applications|servicePrincipals)\(appId='([^']*)'\)$/i.exec(first);
  const collection = (keyed?.[1] ?? first).toLowerCase();
  if (method !== 'GET') return undefined;

  if (collection === 'reports') {
    const report = (rest[0] ?? '').toLowerCase();
    if (report !== 'appcredentialsigninactivities' && report !== 'serviceprincipalsigninactivities') return undefined;
    if (ctx.version !== 'beta' || tenant.tenant.cloud !== 'global') return fail(ctx, GRAPH_ERRORS.noSegment(rest[0] ?? ''));
    if (!allowed(ctx, REPORT_READ)) return fail(ctx, GRAPH_ERRORS.denied());
    if (!tenant.tenant.premiumLicence) return fail(ctx, nonPremiumTenant());
    const appId = appFilter(ctx);
    if (appId === '') return fail(ctx, { status: 400, code: 'BadRequest', message: 'Invalid filter clause' });
    const apps = tenant.appStates().filter((a) => appId === undefined || a.app.appId === appId);
    const value = report === 'appcredentialsigninactivities' ? apps.flatMap((a) => credentialActivityObjects(a)) : apps.map((a) => servicePrincipalActivity(a));
    return graphOk(ctx.ids, { '@odata.context': contextUrl(ctx, `reports/${rest[0]}`), value });
  }

  if (collection !== 'applications' && collection !== 'serviceprincipals') return undefined;
  if (!keyed && rest.length === 0) return undefined;
  const byAppId = keyed !== null;
  const keyValue = (keyed ? (keyed[2] ?? '') : (rest[0] ?? '')).toLowerCase();
  const tail = keyed ? rest : rest.slice(1);
  if (!allowed(ctx, APP_READ)) return fail(ctx, GRAPH_ERRORS.denied());

  if (collection === 'applications') {
    if (tail.length > 0) return undefined;
    const app = tenant.appStates().find((a) => (byAppId ? a.app.appId : a.app.objectId) === keyValue);
    if (!app) return fail(ctx, GRAPH_ERRORS.notFound(keyValue));
    return graphOk(ctx.ids, { '@odata.context': contextUrl(ctx, 'applications/$entity'), ...selected(ctx, applicationObject(ctx.state, tenant, app)) });
  }

  const isGraph = keyValue === (byAppId ? GRAPH_APP_ID : graphServicePrincipalId(tenant.id));
  if (isGraph) {
    if (tail.length > 0) return undefined;
    return graphOk(ctx.ids, { '@odata.context': contextUrl(ctx, 'servicePrincipals/$entity'), ...selected(ctx, graphServicePrincipal(tenant)) });
  }
  const sp = tenant.appStates().find((a) => a.app.servicePrincipalId !== null && (byAppId ? a.app.appId : a.app.servicePrincipalId) === keyValue);
  if (!sp) return fail(ctx, GRAPH_ERRORS.notFound(keyValue));
  if (tail.length === 0) {
    return graphOk(ctx.ids, { '@odata.context': contextUrl(ctx, 'servicePrincipals/$entity'), ...selected(ctx, servicePrincipalObject(tenant, sp)) });
  }
  if (tail.length === 1 && tail[0]?.toLowerCase() === 'approleassignments') {
    return graphOk(ctx.ids, { '@odata.context': contextUrl(ctx, `servicePrincipals('${sp.app.servicePrincipalId}')/appRoleAssignments`), value: assignments(ctx.ids.now, tenant, sp) });
  }
  return undefined;
}

function servicePrincipalActivity(a: AppState): Record<string, unknown> {
  const last = signInActivity(a.lastSignIn);
  return {
    id: Buffer.from(a.app.appId).toString('base64url'),
    appId: a.app.appId,
    lastSignInActivity: last,
    applicationAuthenticationClientSignInActivity: last,
    applicationAuthenticationResourceSignInActivity: null,
    delegatedClientSignInActivity: null,
    delegatedResourceSignInActivity: null,
  };
}
