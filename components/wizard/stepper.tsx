import Link from 'next/link';
import { StatusBadge } from '@/components/ui/status-badge';
import type { StoredRun } from '@/lib/db/runs';
import { steps, type StepId } from '@/lib/steps/registry';

/** The four steps with each one's latest validation result, in words. */
export function Stepper({ setupId, current, latest }: { setupId: string; current?: StepId; latest: Partial<Record<StepId, Pick<StoredRun, 'status'>>> }) {
  return (
    <nav aria-label="Setup steps" className="no-print">
      <ol className="grid gap-2 sm:grid-cols-4">
        {steps.map((s) => {
          const isCurrent = s.id === current;
          const status = latest[s.id]?.status ?? 'none';
          return (
            <li key={s.id}>
              <Link
                href={`/setups/${setupId}/${s.id}`}
                aria-current={isCurrent ? 'step' : undefined}
                className={`flex h-full flex-col gap-1 rounded-md border px-3 py-2 text-sm no-underline ${
                  isCurrent
                    ? 'border-brand-700 bg-brand-50 text-slate-900 dark:bg-slate-800 dark:text-slate-100'
                    : 'border-slate-300 text-slate-900 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-900'
                }`}
              >
                <span className="font-semibold">
                  {s.number}. {s.navTitle}
                </span>
                <StatusBadge status={status} />
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
