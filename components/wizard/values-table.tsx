import { CopyButton } from '@/components/ui/copy-button';
import type { CredentialRow } from '@/lib/nexthink/credentials';

/** Field → value rows to type into Nexthink, each with a copy button. */
export function ValuesTable({ caption, rows }: { caption: string; rows: CredentialRow[] }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="mb-2 text-left font-semibold">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Nexthink field</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className="border-t border-slate-200 align-top dark:border-slate-800">
            <th scope="row" className="w-40 py-2 pr-3 font-semibold">
              {r.label}
            </th>
            <td className="py-2">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  {r.value ? <code className="break-all font-mono text-sm">{r.value}</code> : <span className="italic text-slate-700 dark:text-slate-300">—</span>}
                  {r.note && <p className="mt-0.5 text-xs text-slate-700 dark:text-slate-300">{r.note}</p>}
                </div>
                {r.value && r.copy && <CopyButton value={r.value} label={r.label} />}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
