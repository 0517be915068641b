import { statusWords, type CheckStatus } from '@/lib/checks/result';

const styles: Record<CheckStatus | 'none', string> = {
  pass: 'border-green-700 bg-green-50 text-green-900 dark:border-green-400 dark:bg-green-950 dark:text-green-100',
  warn: 'border-amber-700 bg-amber-50 text-amber-900 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100',
  fail: 'border-red-700 bg-red-50 text-red-900 dark:border-red-400 dark:bg-red-950 dark:text-red-100',
  skip: 'border-slate-500 bg-slate-50 text-slate-800 dark:border-slate-400 dark:bg-slate-900 dark:text-slate-100',
  none: 'border-slate-400 bg-white text-slate-800 dark:border-slate-500 dark:bg-slate-950 dark:text-slate-200',
};

const icons: Record<CheckStatus | 'none', string> = { pass: '✓', warn: '!', fail: '✕', skip: '–', none: '○' };

/** A status in words with an icon: never colour alone. */
export function StatusBadge({ status, label }: { status: CheckStatus | 'none'; label?: string }) {
  const word = label ?? (status === 'none' ? 'Not run' : statusWords[status]);
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold ${styles[status]}`}>
      <span aria-hidden="true">{icons[status]}</span>
      <span>{word}</span>
    </span>
  );
}
