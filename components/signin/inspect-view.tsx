'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { workflows, type WorkflowId } from '@/lib/nexthink/workflows';
import { expiryDate, inspectApp, type Inspection, type RowStatus, type SecretRow } from '@/lib/signin/permission-table';
import type { SetupPatch } from '@/lib/setups/schema';
import { currentWorkflows, formatDate, readApp, type AppSnapshot } from './app-reads';
import { GraphCallError, graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';

const labelOf = (id: WorkflowId) => workflows.find((w) => w.id === id)?.label ?? id;

const rowBadge: Record<RowStatus, { status: 'pass' | 'warn' | 'fail' | 'skip'; label: string }> = {
  pass: { status: 'pass', label: 'OK' },
  warn: { status: 'warn', label: 'Warning' },
  fail: { status: 'fail', label: 'Problem' },
  info: { status: 'skip', label: 'Note' },
};

function secretStatus(s: SecretRow): string {
  if (s.daysLeft === null) return 'No end date';
  if (s.status === 'fail') return `Expired ${-s.daysLeft} day${s.daysLeft === -1 ? '' : 's'} ago`;
  return `Expires in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}`;
}

function errorText(e: unknown): string {
  if (e instanceof GraphCallError && e.status === 404) return 'No app registration with this Application (client) ID in the tenant you signed in to.';
  if (typeof e === 'object' && e !== null && 'errorCode' in e) return signinErrorMessage(e);
  return graphErrorText(e);
}

/**
 * Inspect: the app's secrets (dates and hints only), configured permissions, and the admin consent of its service
 * principal, as the portal's API permissions blade shows them, against what the setup's choices require.
 */
export function InspectView({
  target,
  account,
  setupId,
  fallbackWorkflows,
  appId,
  currentExpiry,
  onFill,
}: {
  target: SigninTarget;
  account: SignedInAccount;
  setupId: string;
  fallbackWorkflows: WorkflowId[];
  appId: string;
  currentExpiry: string | null;
  onFill(patch: SetupPatch): void;
}) {
  const [state, setState] = useState<{ status: 'idle' | 'loading' | 'done' | 'error'; message?: string }>({ status: 'idle' });
  const [result, setResult] = useState<{ snapshot: AppSnapshot; inspection: Inspection; appId: string } | null>(null);
  const [filled, setFilled] = useState<string | null>(null);

  async function run() {
    setState({ status: 'loading', message: 'Reading the app registration from Entra ID…' });
    setFilled(null);
    try {
      const [token, chosen] = await Promise.all([graphToken(target, account, 'read'), currentWorkflows(setupId, fallbackWorkflows)]);
      const snapshot = await readApp(target.graphUrl, token, appId);
      const inspection = inspectApp({ ...snapshot, workflows: chosen, now: Date.now() });
      setResult({ snapshot, inspection, appId });
      const problems = inspection.findings.filter((f) => f.status !== 'pass').length;
      setState({ status: 'done', message: `Inspected ${snapshot.app.displayName}: ${problems === 0 ? 'no problems found' : `${problems} finding${problems === 1 ? '' : 's'} to look at`}.` });
      if (inspection.secretExpiresOn && inspection.secretExpiresOn !== currentExpiry) {
        onFill({ secretExpiresOn: inspection.secretExpiresOn });
        setFilled(inspection.secretExpiresOn);
      }
    } catch (e) {
      setResult(null);
      setState({ status: 'error', message: errorText(e) });
    }
  }

  function takeDate(s: SecretRow) {
    if (!s.endDateTime) return;
    const date = expiryDate(s.endDateTime);
    onFill({ secretExpiresOn: date });
    setFilled(date);
  }

  const shown = result && result.appId === appId ? result : null;
  const app = shown?.snapshot.app;
  return (
    <div className="space-y-4" aria-busy={state.status === 'loading'}>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={run} disabled={state.status === 'loading'}>
          {shown ? 'Inspect again' : 'Inspect this app registration'}
        </Button>
        <span className="font-mono text-xs">{appId}</span>
      </div>
      <p role="status" aria-live="polite" className={`text-sm ${state.status === 'error' ? 'font-medium text-red-800 dark:text-red-300' : ''}`}>
        {state.message ?? ''}
        {filled && ` Secret expires on is now ${formatDate(`${filled}T00:00:00Z`)}.`}
      </p>
      {shown && app && (
        <>
          <ul aria-label="Findings" className="space-y-2">
            {shown.inspection.findings.map((f) => (
              <li key={f.id} className="flex items-start gap-2 text-sm">
                <StatusBadge status={f.status} />
                <span>{f.text}</span>
              </li>
            ))}
          </ul>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
              <caption className="mb-1 text-left font-semibold">API permissions of {app.displayName} (Microsoft Graph)</caption>
              <thead>
                <tr className="border-b border-slate-300 dark:border-slate-700">
                  <th scope="col" className="py-1 pr-3">Permission</th>
                  <th scope="col" className="py-1 pr-3">Type</th>
                  <th scope="col" className="py-1 pr-3">Required by</th>
                  <th scope="col" className="py-1 pr-3">Configured</th>
                  <th scope="col" className="py-1 pr-3">Admin consent</th>
                  <th scope="col" className="py-1">Status</th>
                </tr>
              </thead>
              <tbody>
                {shown.inspection.rows.map((r) => (
                  <tr key={`${r.permission} ${r.type}`} className="border-b border-slate-200 align-top dark:border-slate-800">
                    <th scope="row" className="py-2 pr-3 font-mono text-xs font-semibold">
                      {r.permission}
                    </th>
                    <td className="py-2 pr-3">{r.type}</td>
                    <td className="py-2 pr-3">{r.requiredBy.length > 0 ? r.requiredBy.map(labelOf).join('; ') : 'Not needed'}</td>
                    <td className="py-2 pr-3">{r.configured ? 'Yes' : 'No'}</td>
                    <td className="py-2 pr-3">{r.consent === 'granted' ? `Granted for ${account.tenantId}` : r.consent === 'not-granted' ? 'Not granted' : 'Not applicable'}</td>
                    <td className="py-2">
                      <StatusBadge {...rowBadge[r.status]} />
                      <p className="mt-1 text-xs">{r.note}</p>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[32rem] border-collapse text-left text-sm">
              <caption className="mb-1 text-left font-semibold">Client secrets of {app.displayName}</caption>
              <thead>
                <tr className="border-b border-slate-300 dark:border-slate-700">
                  <th scope="col" className="py-1 pr-3">Description</th>
                  <th scope="col" className="py-1 pr-3">Value starts with</th>
                  <th scope="col" className="py-1 pr-3">Starts</th>
                  <th scope="col" className="py-1 pr-3">Expires</th>
                  <th scope="col" className="py-1 pr-3">Status</th>
                  <th scope="col" className="py-1">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.inspection.secrets.length === 0 && (
                  <tr>
                    <td colSpan={6} className="py-2">
                      No client secret yet.
                    </td>
                  </tr>
                )}
                {shown.inspection.secrets.map((s) => (
                  <tr key={s.keyId} className="border-b border-slate-200 dark:border-slate-800">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {s.description}
                    </th>
                    <td className="py-2 pr-3 font-mono">{s.hint ? `${s.hint}…` : '—'}</td>
                    <td className="py-2 pr-3">{formatDate(s.startDateTime)}</td>
                    <td className="py-2 pr-3">{formatDate(s.endDateTime)}</td>
                    <td className="py-2 pr-3">
                      <StatusBadge status={s.status} label={secretStatus(s)} />
                    </td>
                    <td className="py-2">
                      {s.endDateTime && s.status !== 'fail' && (
                        <Button variant="ghost" className="px-0" onClick={() => takeDate(s)}>
                          Use this date <span className="sr-only">({formatDate(s.endDateTime)}, {s.description})</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-700 dark:text-slate-300">
            Graph never shows a secret’s value: only its first characters, to tell secrets apart. Secrets expiring within 30 days are flagged.
          </p>
        </>
      )}
    </div>
  );
}
