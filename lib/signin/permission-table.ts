import { graphAppPermissions, isGraphPermission, satisfies } from '@/lib/nexthink/permissions';
import { requiredPermissions, type WorkflowId } from '@/lib/nexthink/workflows';
import { GRAPH_APP_ID } from '@/lib/entra/identifiers';
import { daysUntil, EXPIRY_WARNING_DAYS } from '@/lib/time/expiry';

/**
 * What an app registration looks like from the signed-in admin's delegated Graph reads, turned into the
 * portal's "API permissions" table (permission, type, configured, admin consent) plus what the chosen
 * workflows require — so a Delegated User.Read.All or a missing grant shows before any secret exists.
 */

export type PasswordCredential = {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
};

export type ResourceAccess = { id: string; type: 'Role' | 'Scope' | string };
export type RequiredResourceAccess = { resourceAppId: string; resourceAccess: ResourceAccess[] };

export type AppRegistration = {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  createdDateTime?: string | null;
  passwordCredentials: PasswordCredential[];
  requiredResourceAccess: RequiredResourceAccess[];
};

export type ServicePrincipal = { id: string; appId: string; displayName?: string | null; accountEnabled?: boolean | null };

export type GraphServicePrincipal = {
  id: string;
  appRoles: { id: string; value: string | null }[];
  oauth2PermissionScopes: { id: string; value: string | null }[];
};

export type AppRoleAssignment = { id: string; appRoleId: string; resourceId: string; resourceDisplayName?: string | null };

export type RowStatus = 'pass' | 'warn' | 'fail' | 'info';

export type PermissionRow = {
  permission: string;
  type: 'Application' | 'Delegated';
  /** Workflows whose calls need this permission (empty: nothing chosen needs it). */
  requiredBy: WorkflowId[];
  configured: boolean;
  /** Admin consent, as the portal's Status column: application permissions only. */
  consent: 'granted' | 'not-granted' | 'not-applicable';
  status: RowStatus;
  note: string;
};

export type SecretRow = {
  keyId: string;
  description: string;
  hint: string;
  startDateTime: string | null;
  endDateTime: string | null;
  /** Whole days left; negative once expired; null when Graph gave no end date. */
  daysLeft: number | null;
  status: 'pass' | 'warn' | 'fail';
};

export type Finding = { id: string; status: 'pass' | 'warn' | 'fail'; text: string };

export type Inspection = {
  rows: PermissionRow[];
  secrets: SecretRow[];
  findings: Finding[];
  /** The expiry to put in "Secret expires on" (YYYY-MM-DD) when exactly one secret is still valid. */
  secretExpiresOn: string | null;
};


export type InspectInput = {
  app: AppRegistration;
  servicePrincipal: ServicePrincipal | null;
  graphServicePrincipal: GraphServicePrincipal | null;
  assignments: AppRoleAssignment[];
  workflows: readonly WorkflowId[];
  now: number;
};

const catalogRoleNames = new Map<string, string>(graphAppPermissions.map((p) => [p.appRoleId, p.name]));

function secretRows(credentials: PasswordCredential[], now: number): SecretRow[] {
  return credentials
    .map((c): SecretRow => {
      const end = c.endDateTime ? Date.parse(c.endDateTime) : NaN;
      // Days counted as the status page counts them (whole UTC dates), so both say the same of one secret.
      const daysLeft = Number.isNaN(end) ? null : (daysUntil(expiryDate(c.endDateTime!), new Date(now)) ?? null);
      const expired = !Number.isNaN(end) && end <= now;
      const status = expired ? 'fail' : daysLeft !== null && daysLeft < EXPIRY_WARNING_DAYS ? 'warn' : 'pass';
      return {
        keyId: c.keyId,
        description: c.displayName?.trim() || '(no description)',
        hint: c.hint ?? '',
        startDateTime: c.startDateTime,
        endDateTime: c.endDateTime,
        daysLeft,
        status,
      };
    })
    .sort((a, b) => (b.endDateTime ?? '').localeCompare(a.endDateTime ?? ''));
}

/** The date part (UTC) of an ISO date-time, as the "Secret expires on" field stores it. */
export function expiryDate(endDateTime: string): string {
  return new Date(Date.parse(endDateTime)).toISOString().slice(0, 10);
}

export function inspectApp(input: InspectInput): Inspection {
  const { app, servicePrincipal, graphServicePrincipal: graphSp, assignments, now } = input;
  const required = requiredPermissions(input.workflows);
  const roleName = (id: string) => graphSp?.appRoles.find((r) => r.id === id)?.value ?? catalogRoleNames.get(id) ?? id;
  const scopeName = (id: string) => graphSp?.oauth2PermissionScopes.find((s) => s.id === id)?.value ?? id;

  const graphAccess = app.requiredResourceAccess.filter((r) => r.resourceAppId.toLowerCase() === GRAPH_APP_ID).flatMap((r) => r.resourceAccess);
  const configuredRoles = new Set(graphAccess.filter((a) => a.type === 'Role').map((a) => a.id.toLowerCase()));
  const configuredScopes = graphAccess.filter((a) => a.type === 'Scope').map((a) => a.id.toLowerCase());
  const grantedRoleIds = new Set(
    assignments.filter((a) => (graphSp ? a.resourceId.toLowerCase() === graphSp.id.toLowerCase() : a.resourceDisplayName === 'Microsoft Graph')).map((a) => a.appRoleId.toLowerCase()),
  );
  const grantedNames = [...grantedRoleIds].map(roleName);
  const requiredNames = new Set<string>(required.map((r) => r.permission));

  const rows: PermissionRow[] = [];
  for (const r of required) {
    const id = r.appRoleId.toLowerCase();
    const configured = configuredRoles.has(id);
    const granted = grantedRoleIds.has(id);
    const coveredBy = granted ? undefined : grantedNames.find((g) => satisfies(g, r.permission));
    let status: RowStatus = 'pass';
    let note = 'Configured and granted.';
    if (!granted && coveredBy) {
      status = 'warn';
      note = `Not granted itself, but the granted ${coveredBy} covers it (broader than needed).`;
    } else if (!granted && !servicePrincipal) {
      status = 'fail';
      note = 'Cannot be granted: the app has no service principal in this tenant.';
    } else if (!granted && configured) {
      status = 'fail';
      note = 'Configured, but admin consent is not granted.';
    } else if (!granted) {
      status = 'fail';
      note = `Missing: add ${r.permission} as an Application permission, then grant admin consent.`;
    } else if (!configured) {
      status = 'warn';
      note = 'Granted, but not in the app’s configured permissions (the portal lists it under “Other permissions granted”).';
    }
    rows.push({ permission: r.permission, type: 'Application', requiredBy: [...r.neededBy], configured, consent: granted ? 'granted' : 'not-granted', status, note });
  }

  const extraRoles = new Set([...configuredRoles, ...grantedRoleIds]);
  for (const id of extraRoles) {
    const name = roleName(id);
    if (requiredNames.has(name)) continue;
    const granted = grantedRoleIds.has(id);
    const narrower = required.filter((r) => satisfies(name, r.permission)).map((r) => r.permission);
    const note =
      narrower.length > 0
        ? `Broader than needed: ${narrower.join(', ')} ${narrower.length === 1 ? 'is' : 'are'} enough for your choices.`
        : isGraphPermission(name)
          ? 'Nothing you chose needs it: remove it.'
          : 'Not in the wizard’s catalog and not needed by your choices: remove it unless something else uses this app.';
    rows.push({ permission: name, type: 'Application', requiredBy: [], configured: configuredRoles.has(id), consent: granted ? 'granted' : 'not-granted', status: 'warn', note });
  }

  for (const id of configuredScopes) {
    const name = scopeName(id);
    const mistaken = requiredNames.has(name);
    rows.push({
      permission: name,
      type: 'Delegated',
      requiredBy: [],
      configured: true,
      consent: 'not-applicable',
      status: mistaken ? 'fail' : 'info',
      note: mistaken
        ? `Delegated, so Nexthink (which signs in as the app, with no user) never gets it: add ${name} as an Application permission.`
        : 'Delegated: not used by Nexthink’s client-credentials calls; harmless.',
    });
  }

  for (const other of app.requiredResourceAccess.filter((r) => r.resourceAppId.toLowerCase() !== GRAPH_APP_ID)) {
    for (const a of other.resourceAccess) {
      rows.push({
        permission: `${a.id} (API ${other.resourceAppId})`,
        type: a.type === 'Role' ? 'Application' : 'Delegated',
        requiredBy: [],
        configured: true,
        consent: 'not-applicable',
        status: 'info',
        note: 'A permission of another API than Microsoft Graph: not used by Nexthink’s Graph calls.',
      });
    }
  }

  const secrets = secretRows(app.passwordCredentials, now);
  const findings: Finding[] = [];
  if (!servicePrincipal) {
    findings.push({
      id: 'no-service-principal',
      status: 'fail',
      text: 'The app has no service principal (enterprise application) in this tenant: token requests fail with AADSTS7000229 and admin consent cannot be granted. Create it (Create it for me does, and so does “Grant admin consent” in the portal).',
    });
  } else if (servicePrincipal.accountEnabled === false) {
    findings.push({ id: 'service-principal-disabled', status: 'fail', text: 'The app’s enterprise application is disabled: token requests fail with AADSTS7000112. Enable “Enabled for users to sign-in”.' });
  }
  if (app.signInAudience !== 'AzureADMyOrg') {
    findings.push({
      id: 'multi-tenant',
      status: 'warn',
      text: `The app is not single tenant (sign-in audience ${app.signInAudience}). Nexthink’s connector needs only your tenant: choose “Accounts in this organizational directory only”.`,
    });
  }
  const missing = rows.filter((r) => r.type === 'Application' && r.requiredBy.length > 0 && r.status === 'fail');
  if (missing.length > 0) {
    findings.push({ id: 'missing-consent', status: 'fail', text: `${missing.length} permission${missing.length === 1 ? '' : 's'} your choices need ${missing.length === 1 ? 'is' : 'are'} not granted: ${missing.map((r) => r.permission).join(', ')}.` });
  }
  const delegatedMistakes = rows.filter((r) => r.type === 'Delegated' && r.status === 'fail');
  if (delegatedMistakes.length > 0) {
    findings.push({
      id: 'delegated-instead-of-application',
      status: 'fail',
      text: `${delegatedMistakes.map((r) => r.permission).join(', ')} ${delegatedMistakes.length === 1 ? 'is' : 'are'} configured as Delegated: Nexthink needs ${delegatedMistakes.length === 1 ? 'it' : 'them'} as Application permissions.`,
    });
  }
  const valid = secrets.filter((s) => s.status !== 'fail');
  if (secrets.length === 0) findings.push({ id: 'no-secret', status: 'warn', text: 'The app has no client secret yet.' });
  else if (valid.length === 0) findings.push({ id: 'secrets-expired', status: 'fail', text: 'Every client secret of the app has expired: create a new one.' });
  else if (valid.every((s) => s.status === 'warn')) {
    findings.push({ id: 'secret-expiring', status: 'warn', text: `Every valid client secret expires within ${EXPIRY_WARNING_DAYS} days: rotate it now.` });
  }
  if (findings.length === 0) findings.push({ id: 'all-good', status: 'pass', text: 'Single tenant, service principal present, every permission your choices need is granted.' });

  const only = valid.length === 1 ? valid[0] : undefined;
  return { rows, secrets, findings, secretExpiresOn: only?.endDateTime ? expiryDate(only.endDateTime) : null };
}
