'use client';

import { useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `value` to the clipboard on demand and says how it went; back to idle after `resetMs` when given. */
export function useCopy(value: string, resetMs?: number): [CopyState, () => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    if (resetMs !== undefined) setTimeout(() => setState('idle'), resetMs);
  }
  return [state, copy];
}

/** Copies a (non-secret) value; says so in words for screen readers and sighted users alike. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, copy] = useCopy(value, 2500);
  return (
    <button
      type="button"
      onClick={copy}
      className="no-print inline-flex shrink-0 items-center rounded border border-slate-400 px-2 py-1 text-xs font-semibold text-slate-900 hover:bg-slate-100 dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800"
    >
      <span aria-live="polite">{copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed: select and copy' : 'Copy'}</span>
      <span className="sr-only"> {label}</span>
    </button>
  );
}
