'use client';

import Link from 'next/link';
import { useSorted } from '@/components/ui/sortable';
import { StatusBadge } from '@/components/ui/status-badge';
import { severityRank as rank, type CheckStatus } from '@/lib/checks/result';
import type { OverviewRow } from '@/lib/monitor/overview';
import { formatUtc } from '@/lib/time/expiry';

type SortKey = 'health' | 'name' | 'lastLiveCheck' | 'nextCheck' | 'secret' | 'findings';
const healthWords: Partial<Record<CheckStatus | 'none', string>> = { pass: 'Healthy', warn: 'Warning', fail: 'Broken', none: 'Not validated' };

function compare(a: OverviewRow, b: OverviewRow, key: SortKey): number {
  const never = Number.MAX_SAFE_INTEGER;
  switch (key) {
    case 'health':
      return rank[a.health] - rank[b.health] || b.findings.length - a.findings.length || (a.secretDaysLeft ?? never) - (b.secretDaysLeft ?? never);
    case 'name':
      return (a.name || a.tenant).localeCompare(b.name || b.tenant);
    case 'lastLiveCheck':
      return (a.lastLiveCheck ?? '').localeCompare(b.lastLiveCheck ?? '');
    case 'nextCheck':
      return (a.nextCheck ?? '9999').localeCompare(b.nextCheck ?? '9999');
    case 'secret':
      return (a.secretDaysLeft ?? never) - (b.secretDaysLeft ?? never);
    case 'findings':
      return b.findings.length - a.findings.length;
  }
}

/**
 * Every setup's health at a glance — last live check, next scheduled one, the secret's days left, open
 * findings — worst first by default, each column sortable with the keyboard (buttons in the headers).
 */
export function OverviewTable({ rows, caption }: { rows: OverviewRow[]; caption: string }) {
  const { shown, header } = useSorted(rows, compare, 'health');
  const attention = rows.filter((r) => r.health === 'fail' || r.health === 'warn').length;
  return (
    <div className="space-y-2">
      <p className="text-sm" aria-live="polite">
        {rows.length} setup{rows.length === 1 ? '' : 's'}; {attention} need{attention === 1 ? 's' : ''} attention.
      </p>
      <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full min-w-[52rem] border-collapse text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              {header('name', 'Setup')}
              {header('health', 'Health')}
              {header('lastLiveCheck', 'Last live check')}
              {header('nextCheck', 'Next scheduled check')}
              {header('secret', 'Secret days left')}
              {header('findings', 'Open findings')}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-800">
                <th scope="row" className="py-2 pr-3 font-medium">
                  <Link href={`/setups/${r.id}/status`} className="text-brand-700 underline dark:text-brand-100">
                    {r.name || r.tenant || 'Untitled setup'}
                  </Link>
                  {r.name && r.tenant && <span className="block break-all text-xs font-normal text-slate-700 dark:text-slate-300">{r.tenant}</span>}
                </th>
                <td className="py-2 pr-3">
                  <StatusBadge status={r.health} label={healthWords[r.health]} />
                </td>
                <td className="py-2 pr-3">{r.lastLiveCheck ? formatUtc(r.lastLiveCheck) : 'Never'}</td>
                <td className="py-2 pr-3">{r.nextCheck ? formatUtc(r.nextCheck) : r.monitored ? 'Off' : 'Not monitored'}</td>
                <td className="py-2 pr-3">{r.secretDaysLeft === null ? 'Unknown' : r.secretDaysLeft < 0 ? `Expired ${-r.secretDaysLeft} days ago` : `${r.secretDaysLeft}`}</td>
                <td className="py-2 pr-3">
                  {r.findings.length === 0 ? (
                    'None'
                  ) : (
                    <>
                      <span className="font-semibold">{r.findings.length}</span>: {r.findings[0]}
                      {r.findings.length > 1 && ` (+${r.findings.length - 1} more)`}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
