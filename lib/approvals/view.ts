import 'server-only';
import type { Approval } from '@/lib/db/approvals';
import type { StoredRun } from '@/lib/db/runs';
import { getCloud } from '@/lib/entra/clouds';
import { parseClientIdInput } from '@/lib/entra/identifiers';
import { requiredPermissions, workflows } from '@/lib/nexthink/workflows';
import type { Setup } from '@/lib/setups/schema';
import { signinConfig } from '@/lib/signin/config';
import { adminConsentUrl } from '@/lib/signin/graph-requests';

export type ApproverPermission = { permission: string; displayName: string; access: 'read' | 'write'; neededBy: string[]; calls: string[]; why: string };

export type ApproverView = {
  appName: string;
  clientId: string | null;
  tenantId: string | null;
  cloud: string;
  requestedBy: string;
  createdAt: string;
  expiresAt: string;
  permissions: ApproverPermission[];
  unusual: string[];
  consentUrl: string | null;
  /** Why there is no consent link yet (no tenant GUID or client ID in the setup). */
  consentMissing: string | null;
  grantedAt: string | null;
};

const labelOf = (id: string) => workflows.find((w) => w.id === id)?.label ?? id;

/**
 * What the approver (Global or Privileged Role Administrator) reads before granting: the app, each permission with
 * the workflow action that needs it and why it is the least, anything unusual, and Microsoft's tenant-wide
 * admin-consent URL for the app's cloud. Never a secret: the setup holds none.
 */
export function approverView(setup: Setup, approval: Approval, certificatesRun: StoredRun | undefined): ApproverView {
  const required = requiredPermissions(setup.workflows);
  const permissions: ApproverPermission[] = required.map((p) => {
    const inferred = p.calls.some((c) => c.source === 'inferred');
    return {
      permission: p.permission,
      displayName: p.displayName,
      access: p.access === 'read' ? 'read' : 'write',
      neededBy: p.neededBy.map(labelOf),
      calls: [...new Set(p.calls.map((c) => `${c.method} ${c.path} — ${c.what}`))],
      why: inferred
        ? `The least privileged application permission for these calls as far as Microsoft documents them; part of it is the wizard's inference (docs/permission-catalog.md).`
        : `Microsoft Graph documents ${p.permission} as the least privileged application permission for these calls.`,
    };
  });
  const unusual: string[] = [];
  const names = new Set(required.map((p) => p.permission.toLowerCase()));
  for (const c of approval.observed.configuredPermissions ?? []) {
    if (!names.has(c.toLowerCase())) unusual.push(`${c} is configured on the app but no chosen workflow needs it: admin consent grants every configured permission, this one too. Ask for it to be removed first.`);
  }
  const audience = approval.observed.signInAudience;
  if (audience && audience !== 'AzureADMyOrg') unusual.push(`The app is not single-tenant (${audience}): Nexthink needs an app of this organization only. Ask for it to be changed to “Accounts in this organizational directory only”.`);
  const leastPrivilege = certificatesRun?.checks.find((c) => c.id === 'least-privilege');
  if (leastPrivilege && leastPrivilege.status !== 'pass' && leastPrivilege.status !== 'skip') unusual.push(`The last check of the app's token found: ${leastPrivilege.summary}`);
  for (const p of permissions.filter((x) => x.access === 'write')) unusual.push(`${p.permission} lets Nexthink change data (${p.neededBy.join(', ')}), not only read it.`);

  const client = parseClientIdInput(setup.clientId);
  const cloud = getCloud(setup.cloud);
  const loginOrigin = signinConfig()?.clouds[setup.cloud]?.authorityOrigin ?? cloud.loginUrl;
  const consentMissing = !setup.tenantId ? 'The setup has no Directory (tenant) ID yet.' : !client.ok ? 'The setup has no valid Application (client) ID yet.' : null;
  return {
    appName: setup.name.trim() || 'Nexthink connector app registration',
    clientId: client.ok ? client.value : null,
    tenantId: setup.tenantId,
    cloud: cloud.label,
    requestedBy: approval.requestedBy,
    createdAt: approval.createdAt,
    expiresAt: approval.expiresAt,
    permissions,
    unusual,
    consentUrl: consentMissing || !client.ok || !setup.tenantId ? null : adminConsentUrl(loginOrigin, setup.tenantId, client.value),
    consentMissing,
    grantedAt: approval.grantedAt,
  };
}
