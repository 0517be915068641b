'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useSorted } from '@/components/ui/sortable';
import { StatusBadge } from '@/components/ui/status-badge';
import { severityRank as rank } from '@/lib/checks/result';
import type { SetupStatus } from '@/lib/status/status';
import { steps } from '@/lib/steps/registry';
import { formatUtc } from '@/lib/time/expiry';

type SortKey = 'name' | 'tenant' | 'lastValidated' | 'secret';
const secretWord = { pass: 'OK', warn: 'Warning', fail: 'Failed', skip: 'Skipped' } as const;

function compare(a: SetupStatus, b: SetupStatus, key: SortKey): number {
  switch (key) {
    case 'name':
      return (a.name || a.tenant).localeCompare(b.name || b.tenant);
    case 'tenant':
      return a.tenant.localeCompare(b.tenant);
    case 'lastValidated':
      return (a.lastValidated ?? '').localeCompare(b.lastValidated ?? '');
    case 'secret':
      return (a.secret.days ?? Number.MAX_SAFE_INTEGER) - (b.secret.days ?? Number.MAX_SAFE_INTEGER) || rank[a.secret.status] - rank[b.secret.status];
  }
}

/** Setups at a glance: each step's result in words, last validation, the secret's countdown; sortable and filterable. */
export function StatusTable({ rows, caption, noChannel = [] }: { rows: SetupStatus[]; caption: string; noChannel?: readonly string[] }) {
  const [attentionOnly, setAttentionOnly] = useState(false);
  const filtered = useMemo(() => rows.filter((r) => !attentionOnly || r.needsAttention), [rows, attentionOnly]);
  const { shown, header } = useSorted(filtered, compare, 'secret');
  return (
    <div className="space-y-3">
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" className="h-4 w-4" checked={attentionOnly} onChange={(e) => setAttentionOnly(e.target.checked)} />
        Needs attention only
      </label>
      <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full min-w-[56rem] border-collapse text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              {header('name', 'Setup')}
              {header('tenant', 'Tenant')}
              {steps.map((s) => (
                <th key={s.id} scope="col" className="py-2 pr-3 font-semibold">
                  {s.number}. {s.navTitle}
                </th>
              ))}
              {header('lastValidated', 'Last validated')}
              {header('secret', 'Secret expiry')}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-800">
                <th scope="row" className="py-2 pr-3 font-medium">
                  <Link href={`/setups/${r.id}/status`} className="text-brand-700 underline dark:text-brand-100">
                    {r.name || 'Untitled setup'}
                  </Link>
                  {r.needsAttention && <span className="block text-xs font-normal text-red-800 dark:text-red-300">Needs attention</span>}
                  {noChannel.includes(r.id) && <span className="block text-xs font-normal text-amber-900 dark:text-amber-200">No notification channel</span>}
                </th>
                <td className="break-all py-2 pr-3">{r.tenant}</td>
                {steps.map((s) => (
                  <td key={s.id} className="py-2 pr-3">
                    <StatusBadge status={r.steps[s.id].status} />
                  </td>
                ))}
                <td className="py-2 pr-3">{r.lastValidated ? formatUtc(r.lastValidated) : 'Never'}</td>
                <td className="py-2 pr-3">
                  <StatusBadge status={r.secret.status} label={r.secret.status === 'none' ? r.secret.text : `${secretWord[r.secret.status]}: ${r.secret.text}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="text-sm">{attentionOnly ? 'No setup needs attention.' : 'No setups yet.'}</p>}
    </div>
  );
}
