import { rollUp, statusWords, type CheckStatus } from '@/lib/checks/result';
import { getCloud } from '@/lib/entra/clouds';
import { parseTenantInput } from '@/lib/entra/identifiers';
import {
  CONNECTOR_CREDENTIALS_MENU,
  INBOUND_CONNECTOR_MENU,
  THIRD_PARTY_CREDENTIALS_MENU,
  connectorCredentialRows,
  inboundGeneralRows,
  type CredentialRow,
} from '@/lib/nexthink/credentials';
import { nexthinkUserFields } from '@/lib/nexthink/mapping';
import { requiredPermissions, workflows } from '@/lib/nexthink/workflows';
import type { Setup } from '@/lib/setups/schema';
import { steps, type StepId } from '@/lib/steps/registry';
import { describeDays, expiryState, type ExpiryState } from '@/lib/time/expiry';

export type RunSummary = { status: CheckStatus; startedAt: string; checks: { title: string; status: CheckStatus; summary: string }[] };

export type Summary = {
  title: string;
  tenant: { input: string; id: string | null; display: string };
  cloud: string;
  generatedAt: string;
  connectorCredentials: { menus: string[]; rows: CredentialRow[] };
  inboundConnector: { menu: string; general: CredentialRow[]; fieldMapping: CredentialRow[] };
  thinklets: { credentialName: string; items: { workflow: string; label: string; text: string }[] };
  permissions: { permission: string; type: 'Application'; neededBy: string[]; access: 'read' | 'write' }[];
  steps: { id: StepId; number: number; title: string; status: CheckStatus | 'none'; startedAt: string | null; checks: RunSummary['checks'] }[];
  overall: CheckStatus | 'none';
  secret: { expiresOn: string | null; state: ExpiryState['state']; days: number | null; text: string };
  /** The latest "Run it in Nexthink": what Nexthink recorded when it ran the test workflow; never a secret. */
  nexthinkRun: NexthinkRunSummary | null;
  /** The monitoring state (lib/monitor/summary.ts): never a key, a hint or a thumbprint. */
  monitoring?: { state: 'off' | 'not-set-up' | 'watching'; health: CheckStatus | 'none'; lastCheck: string | null; schedule: string | null; openFindings: string[] };
};

export type NexthinkRunSummary = {
  status: CheckStatus;
  summary: string;
  remediation: string | null;
  workflow: string;
  upn: string;
  instance: string;
  startedAt: string;
  requestId: string | null;
  execution: { status: string; statusDetails: string | null; outcome: string | null; outcomeDetails: string | null } | null;
};

export function tenantDisplay(setup: Pick<Setup, 'tenant' | 'tenantId'>): string {
  const t = parseTenantInput(setup.tenant);
  if (t.ok && t.kind === 'domain') return t.value;
  return setup.tenantId ?? (setup.tenant.trim() || 'no tenant yet');
}

export function secretExpiryText(expiresOn: string | null, now: Date): Summary['secret'] {
  const e = expiryState(expiresOn, now);
  if (e.state === 'unknown') return { expiresOn, state: 'unknown', days: null, text: 'Expiry not entered' };
  const when = describeDays(e.days);
  const text = e.state === 'expired' ? `Expired ${when} (${expiresOn})` : `Expires ${when} (${expiresOn})`;
  return { expiresOn, state: e.state, days: e.days, text };
}

/**
 * Everything the admin types into Nexthink, in the order Nexthink's screens ask for it, with the latest
 * validation of each step. One source for the summary page, the share page and the exports. It never
 * contains the client secret: the rows name where the secret goes, never what it is.
 */
export function buildSummary(setup: Setup, latest: Partial<Record<StepId, RunSummary>>, now: Date, nexthinkRun: NexthinkRunSummary | null = null): Summary {
  const credentials = connectorCredentialRows(setup);
  const credentialName = credentials[0]?.value ?? 'Microsoft Graph';
  const chosen = workflows.filter((w) => setup.workflows.includes(w.id) && w.group !== 'connector');
  const thinkletText = (label: string) =>
    `Open Workflows > Manage workflows and disable “${label}” before editing it. Open it in the Designer, select every Service/API thinklet (and every Microsoft Entra ID connector thinklet), set its Credentials drop-down to “${credentialName}”, save, then enable the workflow again.`;
  const stepRows = steps.map((s) => {
    const run = latest[s.id];
    return { id: s.id, number: s.number, title: s.title, status: run?.status ?? ('none' as const), startedAt: run?.startedAt ?? null, checks: run?.checks ?? [] };
  });
  const ran = stepRows.filter((s) => s.status !== 'none').map((s) => s.status as CheckStatus);
  const labelOf = (id: string) => workflows.find((w) => w.id === id)?.label ?? id;
  return {
    title: setup.name.trim() || `Nexthink ↔ Entra ID: ${tenantDisplay(setup)}`,
    tenant: { input: setup.tenant, id: setup.tenantId, display: tenantDisplay(setup) },
    cloud: getCloud(setup.cloud).label,
    generatedAt: now.toISOString(),
    connectorCredentials: { menus: [CONNECTOR_CREDENTIALS_MENU, THIRD_PARTY_CREDENTIALS_MENU], rows: credentials },
    inboundConnector: {
      menu: INBOUND_CONNECTOR_MENU,
      general: inboundGeneralRows(setup),
      fieldMapping: nexthinkUserFields.map((f) => {
        const property = (setup.mapping[f.key] ?? '').trim();
        return { label: `${f.label} (${f.nqlField})`, value: property || null, copy: property !== '', ...(property === '' && { note: 'Not mapped' }) };
      }),
    },
    thinklets: {
      credentialName,
      items:
        chosen.length > 0
          ? chosen.map((w) => ({ workflow: w.id, label: w.label, text: thinkletText(w.label) }))
          : [{ workflow: 'any', label: 'Every workflow that calls Microsoft Graph', text: thinkletText('the workflow') }],
    },
    permissions: requiredPermissions(setup.workflows).map((r) => ({ permission: r.permission, type: 'Application' as const, neededBy: r.neededBy.map(labelOf), access: r.access })),
    steps: stepRows,
    overall: ran.length === steps.length ? rollUp(ran) : 'none',
    secret: secretExpiryText(setup.secretExpiresOn, now),
    nexthinkRun,
  };
}

export const summaryStatusWord = (s: CheckStatus | 'none') => (s === 'none' ? 'Not run' : statusWords[s]);
