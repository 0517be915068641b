'use client';

import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { categoryLabels, type FlagCategory } from '@/lib/analysis/categorize';
import type { StoredAnalysis } from '@/lib/analysis/events';
import { formatCount, formatDuration, percent } from '@/lib/format';
import { Examples } from './examples';
import type { AnalysisRun } from './use-user-analysis';
import { TableHead } from '@/components/ui/table-head';
import { Callout } from '@/components/ui/callout';

type Props = {
  run: AnalysisRun;
  /** For screen readers: milestones only, not every page. */
  announcement: string;
  latest: StoredAnalysis | undefined;
  /** Mapped Graph property → "Email address (user.ad.email_address)". */
  fieldLabels: Record<string, string>;
  canStart: boolean;
  onStart(): void;
  onCancel(): void;
};

export function progressText(p: { users: number; pages: number; elapsedMs: number; expected: number | null; remainingMs: number | null }): string {
  const of = p.expected !== null ? ` of ${formatCount(p.expected)}` : '';
  const pct = p.expected ? ` (${percent(p.users, p.expected)})` : '';
  const left = p.remainingMs !== null && p.remainingMs > 0 ? ` · about ${formatDuration(Math.max(1000, Math.round(p.remainingMs / 1000) * 1000))} left` : '';
  return `Read ${formatCount(p.users)}${of} users${pct} · ${formatCount(p.pages)} page${p.pages === 1 ? '' : 's'} · ${formatDuration(p.elapsedMs)} elapsed${left}`;
}

export function AnalysisPanel({ run, announcement, latest, fieldLabels, canStart, onStart, onCancel }: Props) {
  const running = run.phase === 'running';
  const shown = run.phase === 'done' ? run.result : latest;
  return (
    <section aria-labelledby="analysis-heading" className="space-y-3">
      <h3 id="analysis-heading" className="text-lg font-semibold">
        1. Every user in Entra ID
      </h3>
      <p className="text-sm">
        Reads all users from Microsoft Graph, 999 per page, with only the mapped properties and <code className="font-mono">accountEnabled</code>,{' '}
        <code className="font-mono">userType</code> and <code className="font-mono">onPremisesSyncEnabled</code>. The counts and up to 50 example UPNs per
        category are saved with this setup; the user list is not. Entra&apos;s UPNs stay in this tab&apos;s memory for the reconciliation below.
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className="no-print flex flex-wrap items-center gap-3">
        {running ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel analysis
          </Button>
        ) : (
          <Button onClick={onStart} disabled={!canStart} aria-describedby={canStart ? undefined : 'analysis-needs-secret'}>
            {shown ? 'Analyse all users again' : 'Analyse all users'}
          </Button>
        )}
        {!canStart && !running && (
          <p id="analysis-needs-secret" className="text-sm">
            Paste the client secret above first: the analysis reads Graph with the same token as the checks.
          </p>
        )}
      </div>
      {running && <RunningView run={run} />}
      {run.phase === 'cancelled' && (
        <p className="rounded-md border-l-4 border-slate-500 bg-slate-50 px-4 py-3 text-sm dark:bg-slate-900">
          Cancelled{run.progress ? ` after ${formatCount(run.progress.users)} users (${formatCount(run.progress.pages)} pages)` : ''}. Nothing was saved.
        </p>
      )}
      {run.phase === 'error' && (
        <Callout tone="danger" alert title={<>The analysis stopped{run.error.users > 0 ? ` after ${formatCount(run.error.users)} users` : ''}.</>}>
          <p>{run.error.message}</p>
          {run.error.remediation && (
            <p className="mt-1">
              <span className="font-semibold">How to fix: </span>
              {run.error.remediation}
            </p>
          )}
          {run.error.evidence?.message && <p className="mt-1 break-all font-mono text-xs">{run.error.evidence.message}</p>}
          <p className="mt-1">Nothing was saved from this attempt.</p>
        </Callout>
      )}
      {shown && <AnalysisResultView analysis={shown} fieldLabels={fieldLabels} fresh={run.phase === 'done'} retried={run.phase === 'done' ? run.retried : []} />}
    </section>
  );
}

function RunningView({ run }: { run: Extract<AnalysisRun, { phase: 'running' }> }) {
  const p = run.progress;
  return (
    <div className="space-y-2 rounded-lg border border-slate-300 p-4 dark:border-slate-700" aria-busy="true">
      <label htmlFor="analysis-progress" className="block text-sm font-semibold">
        Analysis progress
      </label>
      {p?.expected ? (
        <progress id="analysis-progress" className="h-3 w-full" max={p.expected} value={p.users} aria-valuetext={progressText(p)} />
      ) : (
        <progress id="analysis-progress" className="h-3 w-full" aria-valuetext={p ? progressText(p) : 'Starting'} />
      )}
      <p className="text-sm" data-testid="analysis-progress-text">
        {p ? progressText(p) : 'Getting a token and the first page…'}
      </p>
      {run.retried.length > 0 && !run.waiting && (
        <p className="text-sm">
          {run.retried.length} page{run.retried.length === 1 ? '' : 's'} needed another try (Graph throttling, failing, or an access token that expired); this server dealt with it and went on (last: {run.retried.at(-1)}).
        </p>
      )}
      {run.waiting && (
        <p className="rounded-md border-l-4 border-amber-600 bg-amber-50 px-3 py-2 text-sm text-slate-900 dark:bg-amber-950 dark:text-amber-50">
          <span className="font-semibold">{run.waiting.reason === 'throttled' ? 'Throttled — waiting: ' : 'Waiting: '}</span>
          {run.waiting.message}
        </p>
      )}
    </div>
  );
}

const FLAG_ORDER: FlagCategory[] = ['guests', 'onmicrosoft', 'disabled', 'synced'];

function AnalysisResultView({ analysis, fieldLabels, fresh, retried }: { analysis: StoredAnalysis; fieldLabels: Record<string, string>; fresh: boolean; retried: string[] }) {
  const { totals, examples } = analysis;
  const rows: { id: string; label: string; count: number; meaning: string; examples: string[] }[] = [
    ...FLAG_ORDER.map((c) => ({ id: c, label: categoryLabels[c].label, count: totals[c], meaning: categoryLabels[c].meaning, examples: examples[c] })),
    ...Object.entries(totals.missing).map(([property, count]) => ({
      id: `missing-${property}`,
      label: `No ${property}`,
      count,
      meaning: `${fieldLabels[property] ?? property} is imported empty for these users.`,
      examples: examples.missing[property] ?? [],
    })),
  ];
  const headingId = 'analysis-result-heading';
  return (
    <div className="space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700" aria-labelledby={headingId} role="group">
      <div className="flex flex-wrap items-center gap-3">
        <h4 id={headingId} className="text-base font-semibold">
          {fresh ? 'Result' : 'Latest saved result'}: {formatCount(totals.total)} users
        </h4>
        <StatusBadge status={analysis.status} />
      </div>
      <p className="text-sm text-slate-800 dark:text-slate-200">
        Ran <time dateTime={analysis.startedAt}>{new Date(analysis.startedAt).toLocaleString()}</time> in {formatDuration(analysis.durationMs)} ·{' '}
        {formatCount(analysis.pages)} {analysis.pages === 1 ? 'page' : 'pages'} of up to 999 users
        {retried.length > 0 ? ` · ${retried.length} page(s) needed another try (${retried.slice(0, 3).join('; ')})` : ''}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Users in each category, out of {formatCount(totals.total)}</caption>
          <TableHead columns={['Category', { label: 'Users', align: 'right' }, { label: 'Share', align: 'right' }, 'What it means']} cellClassName="py-1 pr-3" />
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-800" data-category={r.id}>
                <th scope="row" className="py-1 pr-3 font-medium">
                  {r.label}
                </th>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(r.count)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{percent(r.count, totals.total)}</td>
                <td className="py-1">{r.count > 0 ? r.meaning : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.some((r) => r.examples.length > 0) && (
        <ul className="space-y-1 text-sm">
          {rows
            .filter((r) => r.examples.length > 0)
            .map((r) => (
              <li key={r.id}>
                <Examples label={r.label} items={r.examples} total={r.count} columns render={(u) => u} />
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
