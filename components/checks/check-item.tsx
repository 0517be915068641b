import { StatusBadge } from '@/components/ui/status-badge';
import type { CheckResult, Evidence } from '@/lib/checks/result';
import { formatDuration } from '@/lib/format';

const evidenceLabels: Record<keyof Evidence, string> = {
  code: 'Code',
  httpStatus: 'HTTP status',
  traceId: 'Trace ID',
  correlationId: 'Correlation ID',
  requestId: 'Request ID',
  timestamp: 'Timestamp',
  message: 'Microsoft’s message',
  retries: 'Retries',
};


export function CheckItem({ check }: { check: CheckResult }) {
  const evidence = Object.entries(check.evidence ?? {}).filter(([, v]) => v !== undefined && v !== '') as [keyof Evidence, string | number][];
  return (
    <li className="rounded-lg border border-slate-300 p-4 dark:border-slate-700" data-check-id={check.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-base font-semibold">{check.title}</h3>
        <StatusBadge status={check.status} />
      </div>
      <p className="mt-1 text-sm">{check.summary}</p>
      {check.detail && <p className="mt-1 whitespace-pre-line text-sm text-slate-800 dark:text-slate-200">{check.detail}</p>}
      {check.remediation && check.status !== 'pass' && (
        <div className="mt-2 rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">
          <span className="font-semibold">How to fix: </span>
          {check.remediation}
        </div>
      )}
      {check.table && <CheckTableView table={check.table} />}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
        <span>Took {formatDuration(check.durationMs)}</span>
        {evidence.length > 0 && (
          <details className="w-full">
            <summary className="cursor-pointer font-semibold">Evidence</summary>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
              {evidence.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="font-semibold">{evidenceLabels[k]}</dt>
                  <dd className="break-all font-mono">{String(v)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </div>
    </li>
  );
}

function CheckTableView({ table }: { table: NonNullable<CheckResult['table']> }) {
  return (
    <div className="mt-3 max-h-[28rem] overflow-auto rounded border border-slate-300 dark:border-slate-700" tabIndex={0} role="region" aria-label={table.caption}>
      <table className="w-full border-collapse text-left text-xs">
        <caption className="sr-only">{table.caption}</caption>
        <thead className="sticky top-0 bg-slate-100 dark:bg-slate-800">
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} className="border-t border-slate-200 dark:border-slate-800">
              {row.map((cell, j) => (
                <td key={j} className="break-all px-2 py-1 font-mono">
                  {cell ?? <span className="font-sans italic text-slate-700 dark:text-slate-300">(empty)</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
