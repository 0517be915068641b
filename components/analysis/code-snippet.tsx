import { CopyButton } from '@/components/ui/copy-button';

/** A value to paste into Nexthink (NQL, a Query ID), with a copy button named after it. */
export function CodeSnippet({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex items-start gap-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
      <code className="min-w-0 flex-1 break-all font-mono text-sm" aria-label={label}>
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = (part / whole) * 100;
  if (p === 0 || p === 100) return `${p}%`;
  if (p < 0.1) return '< 0.1%';
  if (p > 99.9) return '> 99.9%';
  return `${p.toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
