import 'server-only';
import { appRegistrationLink } from '@/lib/entra/clouds';
import { graphGet, userPath } from '@/lib/graph/client';
import { satisfies, type GraphPermission } from '@/lib/nexthink/permissions';
import { overPrivileged, requiredPermissions, workflows, type RequiredPermission, type WorkflowId } from '@/lib/nexthink/workflows';
import type { ValidationContext } from './context';
import { attemptsEvidence, explainGraphFailure } from './explain';
import { skip, type CheckDef, type CheckFactory, type CheckOutcome } from './runner';
import { withClaims, withToken } from './token';

const labelOf = (id: WorkflowId) => workflows.find((w) => w.id === id)?.label ?? id;
const names = (ids: readonly WorkflowId[]) => ids.map(labelOf).join(', ');

function permissionsLink(ctx: ValidationContext): string {
  return ctx.clientId.ok ? ` API permissions: ${appRegistrationLink(ctx.cloud, ctx.clientId.value, 'CallAnAPI')}` : '';
}

export function requiredFor(ctx: ValidationContext): RequiredPermission[] {
  return requiredPermissions(ctx.setup.workflows);
}

function permissionCheck(r: RequiredPermission): CheckDef {
  const write = r.access === 'write';
  return {
    id: `permission-${r.permission}`,
    title: `${r.permission} granted as an Application permission`,
    run: (ctx) =>
      withClaims(ctx, (claims) => {
        const roles = claims.roles ?? [];
        const why = `Needed by: ${names(r.neededBy)}.`;
        const writeNote = write ? ' This is a write permission: the wizard verifies it from the token\'s roles only and never writes to your directory.' : '';
        if (roles.includes(r.permission)) {
          return { status: 'pass', summary: `The token's roles include ${r.permission}.${writeNote}`, detail: why };
        }
        const broader = roles.filter((g) => satisfies(g, r.permission));
        if (broader.length > 0) {
          return {
            status: 'warn',
            summary: `${r.permission} is not granted, but ${broader.join(' and ')} covers it: it works, with more access than needed.`,
            detail: why,
            remediation: `Least privilege: add ${r.permission} (Application), grant admin consent, then remove ${broader.join(' and ')} if nothing else uses this app.${permissionsLink(ctx)}`,
          };
        }
        const addIt = `In API permissions select "Add a permission" > Microsoft Graph > Application permissions > ${r.permission}, then "Grant admin consent for <your tenant>" (needs a Privileged Role Administrator or Global Administrator). New consent can take a few minutes to reach new tokens.${permissionsLink(ctx)}`;
        if (roles.length === 0) {
          return {
            status: 'fail',
            summary: `${r.permission} is missing: no application permission has admin consent (the token has no roles claim).`,
            detail: `${why} Entra ID still issues tokens to an app without consented permissions, but Graph then refuses its calls with "Insufficient privileges".`,
            remediation: addIt,
          };
        }
        return {
          status: 'fail',
          summary: `${r.permission} is not among the granted application permissions (roles: ${roles.join(', ')}).`,
          detail: `${why} It was probably added as a Delegated permission, or admin consent was not granted after adding it. Delegated permissions never reach an app-only token.`,
          remediation: addIt,
        };
      }),
  };
}

export const permissionChecks: CheckFactory = { expand: (ctx) => requiredFor(ctx).map(permissionCheck) };

export const leastPrivilege: CheckDef = {
  id: 'least-privilege',
  title: 'No permission beyond what your workflows need',
  run: (ctx) =>
    withClaims(ctx, (claims) => {
      const roles = claims.roles ?? [];
      if (roles.length === 0) return skip('Skipped: the token carries no application permission at all.');
      const extra = overPrivileged(roles, requiredFor(ctx));
      if (extra.length === 0) return { status: 'pass', summary: `Every granted permission is needed (${roles.join(', ')}).` };
      const lines = extra.map((e) =>
        e.reason === 'broader'
          ? `${e.permission} is broader than needed: ${e.narrower?.join(' and ')} would do${e.neededBy?.length ? ` (for ${names(e.neededBy)})` : ''}.`
          : /ReadWrite|^Directory\.|\.Send$|Write/.test(e.permission)
            ? `${e.permission} is granted but no workflow you chose needs it, and it can change your directory or act for users.`
            : `${e.permission} is granted but no workflow you chose needs it.`,
      );
      return {
        status: 'warn',
        summary: `${extra.length} permission${extra.length === 1 ? '' : 's'} beyond the need: ${extra.map((e) => e.permission).join(', ')}.`,
        detail: lines.join('\n'),
        remediation: `Remove what nothing uses (API permissions > … > Remove permission, then grant admin consent again). If other workflows use this app, select them in step 1 so the wizard counts them.${permissionsLink(ctx)}`,
      };
    }),
};

/** `reads`: the read permission the call needs; it runs when the chosen workflows need that read (or more). */
const USERS_PROBE = '/users?$top=1&$select=id';

type Probe = { id: string; path: `/${string}`; label: string; reads: GraphPermission };

/** Safe, read-only calls that prove a permission works in practice, not only in the token. */
const probes: Probe[] = [
  { id: 'users', path: USERS_PROBE, label: 'users', reads: 'User.Read.All' },
  { id: 'groups', path: '/groups?$top=1&$select=id', label: 'groups', reads: 'GroupMember.Read.All' },
  { id: 'devices', path: '/devices?$top=1&$select=id', label: 'devices', reads: 'Device.Read.All' },
];

function probeCheck(probe: Probe): CheckDef {
  return {
    id: `probe-${probe.id}`,
    title: `Graph lets the app read ${probe.label}: GET /v1.0${probe.path}`,
    run: (ctx) =>
      withToken(ctx, async (t): Promise<CheckOutcome> => {
        const roles = t.claims?.roles ?? [];
        if (!roles.some((g) => satisfies(g, probe.reads))) return skip(`Skipped: needs ${probe.reads} or a permission that includes it, and none is granted (see above).`);
        const session = { graphUrl: ctx.cloud.graphUrl, accessToken: t.accessToken, ...(ctx.signal && { signal: ctx.signal }) };
        const res = await ctx.once(`GET ${probe.path}`, () => graphGet<{ value?: { id?: string }[] }>(session, probe.path));
        if (!res.ok) {
          const outcome = explainGraphFailure(res.failure, res.attempts, `GET /v1.0${probe.path} failed`);
          if (res.failure.kind === 'graph-error' && res.failure.httpStatus === 403) {
            outcome.remediation = `The token carries a permission to read ${probe.label}, yet Graph refused: consent granted minutes ago may still be propagating. Wait a few minutes and run again.`;
          }
          return outcome;
        }
        const count = Array.isArray(res.data.value) ? res.data.value.length : 0;
        return {
          status: 'pass',
          summary: `Graph answered with ${count === 0 ? `no ${probe.label} (the tenant has none)` : `the first of the tenant's ${probe.label}`}: reading ${probe.label} works in practice.`,
          evidence: attemptsEvidence(res.httpStatus, res.attempts, res.requestId ? { requestId: res.requestId } : {}),
        };
      }),
  };
}

const MEMBER_OF = '/users/{id}/memberOf';

/**
 * Listing a user's memberships is where Graph's table (Directory.Read.All) and the catalog's narrower
 * inference (GroupMember.Read.All with User.Read.All) part ways; the tenant itself settles it.
 */
const membershipsProbe: CheckDef = {
  id: 'probe-memberships',
  title: "Graph lets the app list a user's group memberships: GET /v1.0/users/{id}/memberOf",
  run: (ctx) =>
    withToken(ctx, async (t): Promise<CheckOutcome> => {
      const roles = t.claims?.roles ?? [];
      if (!roles.some((g) => satisfies(g, 'User.Read.All')) || !roles.some((g) => satisfies(g, 'GroupMember.Read.All'))) {
        return skip('Skipped: needs User.Read.All and GroupMember.Read.All (or permissions that include them), which are not both granted (see above).');
      }
      const session = { graphUrl: ctx.cloud.graphUrl, accessToken: t.accessToken, ...(ctx.signal && { signal: ctx.signal }) };
      // The same read as the users probe: one request for both.
      const users = await ctx.once(`GET ${USERS_PROBE}`, () => graphGet<{ value?: { id?: string }[] }>(session, USERS_PROBE));
      if (!users.ok) return explainGraphFailure(users.failure, users.attempts, 'Finding a user to test with failed');
      const id = users.data.value?.[0]?.id;
      if (!id) return skip('Skipped: the tenant returned no user to test with.');
      const path = `${userPath(id)}/memberOf?$top=1&$select=id` as const;
      const res = await graphGet<{ value?: unknown[] }>(session, path);
      if (!res.ok) {
        const outcome = explainGraphFailure(res.failure, res.attempts, `GET /v1.0${path} failed`);
        if (res.failure.kind === 'graph-error' && res.failure.httpStatus === 403) {
          outcome.summary = "Graph refused to list a user's group memberships with the permissions granted.";
          outcome.remediation = `Microsoft documents Directory.Read.All as the least-privileged application permission for this call; the wizard first asks for the narrower GroupMember.Read.All with User.Read.All, and this tenant says that is not enough. Add Directory.Read.All (Application) and grant admin consent — or, if consent was granted minutes ago, wait a few minutes and run again.${permissionsLink(ctx)}`;
        }
        return outcome;
      }
      return {
        status: 'pass',
        summary: "Graph listed a user's group memberships: the workflows that check group membership will work.",
        evidence: attemptsEvidence(res.httpStatus, res.attempts, res.requestId ? { requestId: res.requestId } : {}),
      };
    }),
};

export const readProbes: CheckFactory = {
  expand: (ctx) => {
    const required = requiredFor(ctx);
    const checks = probes.filter((probe) => required.some((r) => satisfies(r.permission, probe.reads))).map(probeCheck);
    if (required.some((r) => r.calls.some((c) => c.method === 'GET' && c.path === MEMBER_OF))) checks.push(membershipsProbe);
    return checks;
  },
};
