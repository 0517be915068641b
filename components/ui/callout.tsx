import type { ReactNode } from 'react';

const tones = {
  info: 'border-brand-600 bg-brand-50 text-slate-900 dark:bg-slate-900 dark:text-slate-100',
  warning: 'border-amber-600 bg-amber-50 text-slate-900 dark:bg-amber-950 dark:text-amber-50',
  danger: 'border-red-700 bg-red-50 text-slate-900 dark:bg-red-950 dark:text-red-50',
};

const words = { info: 'Note', warning: 'Important', danger: 'Warning' };

/** A boxed note; `alert` makes screen readers announce it when it appears (an error that just happened). */
export function Callout({ tone = 'info', title, alert = false, children }: { tone?: keyof typeof tones; title?: ReactNode; alert?: boolean; children: ReactNode }) {
  return (
    <div role={alert ? 'alert' : undefined} className={`rounded-md border-l-4 px-4 py-3 text-sm ${tones[tone]}`}>
      <p className="font-semibold">{title ?? words[tone]}</p>
      <div className="mt-1 space-y-1">{children}</div>
    </div>
  );
}
