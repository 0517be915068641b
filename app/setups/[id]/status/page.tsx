import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { LazySigninPanel as SigninPanel } from '@/components/lazy-islands';
import { MonitorIllustrations } from '@/components/monitor/monitor-illustrations';
import { LazyApprovalPanel as ApprovalPanel, LazyDeleteSetup as DeleteSetup, LazyMonitorPanel as MonitorPanel, LazyNotificationsPanel as NotificationsPanel } from '@/components/status/status-islands';
import { RevalidateAll } from '@/components/status/revalidate-all';
import { NexthinkRunSection } from '@/components/summary/summary-view';
import { StatusTable } from '@/components/status/status-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { Stepper } from '@/components/wizard/stepper';
import { getDb } from '@/lib/db/connection';
import { listEvents, type SetupEvent } from '@/lib/db/events';
import { listRuns } from '@/lib/db/runs';
import { loadSetupPage, mayManage } from '@/lib/setups/load';
import { loadSummary } from '@/lib/summary/load';
import { monitorView } from '@/lib/monitor/view';
import { signinConfig } from '@/lib/signin/config';
import { setupStatus } from '@/lib/status/status';
import { getStep, isStepId } from '@/lib/steps/registry';
import { nowFor } from '@/lib/time/clock';
import { TableHead } from '@/components/ui/table-head';
import { formatUtc } from '@/lib/time/expiry';
import { statusWords, type CheckStatus } from '@/lib/checks/result';

export const metadata: Metadata = { title: 'Status', robots: { index: false } };


const rotationWords: Record<string, string> = {
  started: 'started',
  'new-secret': 'new secret added',
  proved: 'new secret checked live',
  activity: 'credential activity read',
  'retire-quiet': 'old secret quiet, cleared for deletion',
  'retire-confirmed': 'deletion of the old secret confirmed without proof that it is unused',
  'old-deleted': 'old secret deleted',
  'final-check': 'final live check',
  cancelled: 'cancelled',
};

function describeEvent(e: SetupEvent): string {
  switch (e.type) {
    case 'created':
      return 'Setup created';
    case 'updated':
      return `Changed: ${(e.detail.fields ?? []).join(', ')}`;
    case 'validated': {
      const step = e.detail.step && isStepId(e.detail.step) ? getStep(e.detail.step).navTitle : e.detail.step;
      return `Validated ${step}: ${statusWords[e.detail.status as CheckStatus] ?? e.detail.status}`;
    }
    case 'shared':
      return `Share link created${e.detail.expiresAt ? `, expires ${formatUtc(e.detail.expiresAt)}` : ''}`;
    case 'share-revoked':
      return 'Share link revoked';
    case 'nexthink-run':
      return `Ran in Nexthink${e.detail.scheduled ? ' (scheduled)' : ''}: ${statusWords[e.detail.status as CheckStatus] ?? e.detail.status}`;
    case 'rotation':
      return `Secret rotation: ${rotationWords[e.detail.what ?? ''] ?? e.detail.what ?? ''}${e.detail.hint ? ` (secret starting with ${e.detail.hint})` : ''}${e.detail.status ? ` — ${statusWords[e.detail.status as CheckStatus] ?? e.detail.status}` : ''}`;
    case 'approval':
      return `Consent approval link ${e.detail.what ?? ''}`;
  }
}

export default async function StatusPage({ params }: PageProps<'/setups/[id]/status'>) {
  const { id } = await params;
  const { setup, latest } = await loadSetupPage(id, 'read');
  const canManage = await mayManage(id);
  const db = await getDb();
  const now = nowFor(await headers());
  const [runs, events, summary, monitor] = await Promise.all([listRuns(db, id, 100), listEvents(db, id, 200), loadSummary(db, setup, now, latest), monitorView(db, setup, now)]);
  const status = setupStatus(setup, latest, now);
  const signin = signinConfig();
  return (
    <div className="space-y-6">
      <Stepper setupId={id} latest={latest} />
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">Status</p>
        <h1 className="text-2xl font-bold">{setup.name || status.tenant}</h1>
        <p className="text-sm">
          <Link href={`/setups/${id}/summary`} className="text-brand-700 underline dark:text-brand-100">
            Summary and share links
          </Link>
          {' · '}
          <Link href={`/setups/${id}/rotate`} className="text-brand-700 underline dark:text-brand-100">
            Rotate the client secret
          </Link>
        </p>
      </div>
      <StatusTable rows={[status]} caption="This setup" />
      {status.reasons.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Why it needs attention">
          {status.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {summary.nexthinkRun && <NexthinkRunSection run={summary.nexthinkRun} className="space-y-2" />}
      {canManage ? (
        <>
          <RevalidateAll setupId={id} />
          <ApprovalPanel setupId={id} />
          <MonitorPanel
            setupId={id}
            view={monitor}
            now={now.getTime()}
            illustrations={monitor.identity && <MonitorIllustrations thumbprint={monitor.identity.thumbprintSha1} tenantName={status.tenant} />}
            signIn={monitor.identity && signin && <SigninPanel setup={setup} config={signin} step="monitor" />}
          />
          <NotificationsPanel setupId={id} hasExpiry={!!setup.secretExpiresOn} />
        </>
      ) : (
        <p className="text-sm">You can view this setup; changing or validating it needs the Setup.Manage role.</p>
      )}
      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          Validation history
        </h2>
        {runs.length === 0 ? (
          <p className="text-sm">No validation yet.</p>
        ) : (
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">Validation runs, newest first</caption>
            <TableHead columns={['When', 'Step', 'Result']} />
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 dark:border-slate-800">
                  <td className="py-1 pr-2">{formatUtc(r.startedAt)}</td>
                  <td className="py-1 pr-2">
                    {getStep(r.step).number}. {getStep(r.step).navTitle}
                  </td>
                  <td className="py-1">
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="events-heading" className="space-y-2">
        <h2 id="events-heading" className="text-lg font-semibold">
          Event log
        </h2>
        <ol className="space-y-1 text-sm">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at} className="text-slate-700 dark:text-slate-300">
                {formatUtc(e.at)}
              </time>{' '}
              — {describeEvent(e)}
              {e.detail.by && (
                <span className="text-slate-700 dark:text-slate-300">
                  {' '}
                  by {e.detail.by.name}
                  {e.detail.by.upn && e.detail.by.upn !== e.detail.by.name ? ` (${e.detail.by.upn})` : ''}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
      {canManage && <DeleteSetup setupId={id} name={setup.name || status.tenant || 'this setup'} />}
    </div>
  );
}
