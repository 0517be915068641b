import 'server-only';
import { graphGet, type GraphResult, type GraphSession } from '@/lib/graph/client';
import { mappedFields } from '@/lib/nexthink/mapping';
import { satisfies } from '@/lib/nexthink/permissions';
import { requiredPermissions } from '@/lib/nexthink/workflows';
import type { CloudId } from '@/lib/entra/clouds';
import { GRAPH_APP_ID } from '@/lib/entra/identifiers';
import type { Setup } from '@/lib/setups/schema';

/**
 * What one monitoring run saw of a setup's Nexthink app, read with the monitoring identity's app-only token.
 * Only identifiers, dates and hints (the first three characters Entra itself shows to directory readers) —
 * never a secret value. Stored as JSON with the run.
 */
export type Observation = {
  app: 'present' | 'deleted' | 'unreadable';
  signInAudience?: string;
  servicePrincipal?: 'enabled' | 'disabled' | 'missing';
  permissions: Record<string, 'granted' | 'broader' | 'not-granted' | 'delegated-only' | 'not-configured'>;
  secrets: { keyId: string; hint: string | null; displayName: string | null; start: string | null; end: string | null }[];
  nexthinkSecret: { match: 'found'; keyId: string; end: string | null } | { match: 'deleted' | 'no-hint' } | { match: 'ambiguous'; keyIds: string[] };
  usage: { available: true; secretLastUsed: string | null; appLastUsed: string | null } | { available: false; reason: string };
  mapping: { available: true; sampled: number; missing: string[]; emptyShare: Record<string, number> } | { available: false; reason: string };
  /** A read that failed for another reason than the object being gone (throttling, outage): said, not guessed. */
  unreadable: string[];
  /** The granted permissions could not be read (app, Graph's service principal or the assignments): `permissions` is empty, not "none granted". */
  permissionsUnread?: true;
};

const SAMPLE_PAGES = 3;

type GraphApplication = {
  id: string;
  signInAudience?: string;
  passwordCredentials?: { keyId: string; hint?: string | null; displayName?: string | null; startDateTime?: string | null; endDateTime?: string | null }[];
  requiredResourceAccess?: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
};
type GraphServicePrincipal = { id: string; accountEnabled?: boolean; appRoles?: { id: string; value: string }[]; oauth2PermissionScopes?: { id: string; value: string }[] };
type Assignment = { appRoleId: string; resourceId: string };
type Collection<T> = { value: T[]; '@odata.nextLink'?: string };

const notFound = (r: GraphResult<unknown>) => !r.ok && r.failure.kind === 'graph-error' && r.failure.httpStatus === 404;
const why = (r: GraphResult<unknown>): string => {
  if (r.ok) return '';
  if (r.failure.kind === 'graph-error') return `${r.failure.error.code ?? 'error'} (HTTP ${r.failure.httpStatus})`;
  return r.failure.kind === 'upstream' ? r.failure.failure.kind : 'unexpected answer';
};

async function readUsage(session: GraphSession, cloud: CloudId, roles: readonly string[], clientId: string, secretKeyId: string | undefined): Promise<Observation['usage']> {
  if (cloud !== 'global') return { available: false, reason: 'The sign-in activity reports exist in the Global cloud only.' };
  if (!roles.some((r) => r === 'AuditLog.Read.All' || r === 'Directory.Read.All')) {
    return { available: false, reason: 'The monitoring identity has no AuditLog.Read.All permission.' };
  }
  const filter = `?$filter=${encodeURIComponent(`appId eq '${clientId}'`)}`;
  const [credentials, principals] = await Promise.all([
    graphGet<Collection<{ keyId: string; signInActivity?: { lastSignInDateTime?: string | null } | null }>>(session, `/reports/appCredentialSignInActivities${filter}`, 'beta'),
    graphGet<Collection<{ appId: string; lastSignInActivity?: { lastSignInDateTime?: string | null } | null }>>(session, `/reports/servicePrincipalSignInActivities${filter}`, 'beta'),
  ]);
  for (const r of [credentials, principals]) {
    if (r.ok) continue;
    if (r.failure.kind === 'graph-error' && r.failure.error.code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') {
      return { available: false, reason: 'The tenant has no Entra ID P1 or P2 licence, which these reports need.' };
    }
    return { available: false, reason: `Microsoft Graph did not answer the (preview) report: ${why(r)}.` };
  }
  if (!credentials.ok || !principals.ok) return { available: false, reason: 'No answer.' };
  const secret = secretKeyId ? credentials.data.value.find((c) => c.keyId.toLowerCase() === secretKeyId) : undefined;
  const app = principals.data.value.find((p) => p.appId.toLowerCase() === clientId);
  return { available: true, secretLastUsed: secret?.signInActivity?.lastSignInDateTime ?? null, appLastUsed: app?.lastSignInActivity?.lastSignInDateTime ?? null };
}

async function readMapping(session: GraphSession, roles: readonly string[], setup: Setup): Promise<Observation['mapping']> {
  if (!roles.some((r) => r === 'User.Read.All' || r === 'Directory.Read.All')) {
    return { available: false, reason: 'The monitoring identity has no User.Read.All permission.' };
  }
  const props = [...new Set(mappedFields(setup.mapping).map((f) => f.property))];
  if (props.length === 0) return { available: true, sampled: 0, missing: [], emptyShare: {} };
  let path: `/${string}` = `/users?$select=${encodeURIComponent(['userPrincipalName', ...props].join(','))}&$top=999`;
  const empty = new Map<string, number>(props.map((p) => [p, 0]));
  let sampled = 0;
  for (let page = 0; page < SAMPLE_PAGES; page++) {
    const r = await graphGet<Collection<Record<string, unknown>>>(session, path);
    if (!r.ok) {
      const message = r.failure.kind === 'graph-error' ? (r.failure.error.message ?? '') : '';
      const missing = r.failure.kind === 'graph-error' && r.failure.httpStatus === 400 ? props.filter((p) => message.toLowerCase().includes(`'${p.toLowerCase()}'`)) : [];
      if (missing.length > 0) return { available: true, sampled: 0, missing, emptyShare: {} };
      return { available: false, reason: `Microsoft Graph did not answer the user sample: ${why(r)}.` };
    }
    for (const u of r.data.value) {
      sampled++;
      for (const p of props) if (u[p] === null || u[p] === undefined || u[p] === '') empty.set(p, (empty.get(p) ?? 0) + 1);
    }
    const next = r.data['@odata.nextLink'];
    if (!next) break;
    const at = next.indexOf('/users');
    if (at < 0) break;
    path = next.slice(at) as `/${string}`;
  }
  const emptyShare = Object.fromEntries(props.map((p) => [p, sampled === 0 ? 0 : Math.round(((empty.get(p) ?? 0) / sampled) * 1000) / 1000]));
  return { available: true, sampled, missing: [], emptyShare };
}

export type GraphServicePrincipalRead = () => Promise<GraphResult<GraphServicePrincipal>>;

/**
 * Microsoft Graph's service principal (the names of its app roles and scopes) is the same for every setup of a
 * tenant: one tenant run reads it once. A failed read is not kept, so the next setup tries again.
 */
export function readGraphServicePrincipal(session: GraphSession): GraphServicePrincipalRead {
  let read: Promise<GraphResult<GraphServicePrincipal>> | undefined;
  return () => {
    if (read) return read;
    const attempt = graphGet<GraphServicePrincipal>(session, `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles,oauth2PermissionScopes`);
    read = attempt;
    void attempt.then((r) => {
      if (!r.ok && read === attempt) read = undefined;
    });
    return attempt;
  };
}

/** Reads everything a run looks at. Never throws for an upstream failure: it becomes `unreadable`. */
export async function observe(
  session: GraphSession,
  input: { setup: Setup; cloud: CloudId; roles: readonly string[]; secretHint: string | null; graphServicePrincipal?: GraphServicePrincipalRead },
): Promise<Observation> {
  const { setup } = input;
  const clientId = setup.clientId.toLowerCase();
  const unreadable: string[] = [];
  const [app, sp, graphSp] = await Promise.all([
    graphGet<GraphApplication>(session, `/applications(appId='${encodeURIComponent(clientId)}')?$select=id,appId,signInAudience,passwordCredentials,requiredResourceAccess`),
    graphGet<GraphServicePrincipal>(session, `/servicePrincipals(appId='${encodeURIComponent(clientId)}')?$select=id,appId,accountEnabled`),
    (input.graphServicePrincipal ?? readGraphServicePrincipal(session))(),
  ]);
  if (!app.ok && !notFound(app)) unreadable.push(`the app registration: ${why(app)}`);
  if (!sp.ok && !notFound(sp)) unreadable.push(`the service principal: ${why(sp)}`);
  if (!graphSp.ok) unreadable.push(`Microsoft Graph's service principal: ${why(graphSp)}`);

  const assignments = sp.ok ? await graphGet<Collection<Assignment>>(session, `/servicePrincipals/${encodeURIComponent(sp.data.id)}/appRoleAssignments`) : undefined;
  if (assignments && !assignments.ok) unreadable.push(`the granted permissions: ${why(assignments)}`);

  const permissions: Observation['permissions'] = {};
  // Without the assignments (unless there is no service principal, so nothing can be granted) nothing is said of them.
  const permissionsRead = app.ok && graphSp.ok && (assignments ? assignments.ok : notFound(sp));
  if (permissionsRead) {
    const roleName = new Map((graphSp.data.appRoles ?? []).map((r) => [r.id, r.value]));
    const scopeName = new Map((graphSp.data.oauth2PermissionScopes ?? []).map((s) => [s.id, s.value]));
    const graphAccess = (app.data.requiredResourceAccess ?? []).filter((r) => r.resourceAppId.toLowerCase() === GRAPH_APP_ID).flatMap((r) => r.resourceAccess);
    const configuredRoles = graphAccess.filter((a) => a.type === 'Role').map((a) => roleName.get(a.id)).filter((n): n is string => !!n);
    const configuredScopes = graphAccess.filter((a) => a.type === 'Scope').map((a) => scopeName.get(a.id)).filter((n): n is string => !!n);
    const granted = assignments?.ok
      ? assignments.data.value.filter((a) => a.resourceId === graphSp.data.id).map((a) => roleName.get(a.appRoleId)).filter((n): n is string => !!n)
      : [];
    for (const r of requiredPermissions(setup.workflows)) {
      const p = r.permission;
      if (granted.includes(p)) permissions[p] = 'granted';
      else if (granted.some((g) => satisfies(g, p))) permissions[p] = 'broader';
      else if (configuredRoles.includes(p)) permissions[p] = 'not-granted';
      else if (configuredScopes.includes(p)) permissions[p] = 'delegated-only';
      else permissions[p] = 'not-configured';
    }
  }

  const secrets = app.ok
    ? (app.data.passwordCredentials ?? []).map((c) => ({
        keyId: c.keyId.toLowerCase(),
        hint: c.hint ?? null,
        displayName: c.displayName ?? null,
        start: c.startDateTime ?? null,
        end: c.endDateTime ?? null,
      }))
    : [];
  let nexthinkSecret: Observation['nexthinkSecret'] = { match: 'no-hint' };
  if (input.secretHint && app.ok) {
    const candidates = secrets.filter((s) => s.hint === input.secretHint);
    const [only] = candidates;
    nexthinkSecret = candidates.length === 0 ? { match: 'deleted' } : candidates.length === 1 && only ? { match: 'found', keyId: only.keyId, end: only.end } : { match: 'ambiguous', keyIds: candidates.map((c) => c.keyId) };
  }
  const [usage, mapping] = await Promise.all([
    app.ok
      ? readUsage(session, input.cloud, input.roles, clientId, nexthinkSecret.match === 'found' ? nexthinkSecret.keyId : undefined)
      : Promise.resolve<Observation['usage']>({ available: false, reason: 'The app was not read.' }),
    readMapping(session, input.roles, setup),
  ]);

  return {
    app: app.ok ? 'present' : notFound(app) ? 'deleted' : 'unreadable',
    ...(app.ok && app.data.signInAudience && { signInAudience: app.data.signInAudience }),
    ...((sp.ok || notFound(sp)) && { servicePrincipal: sp.ok ? (sp.data.accountEnabled === false ? 'disabled' : 'enabled') : 'missing' }),
    permissions,
    secrets,
    nexthinkSecret,
    usage,
    mapping,
    unreadable,
    ...(!permissionsRead && { permissionsUnread: true as const }),
  };
}
