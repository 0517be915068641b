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

