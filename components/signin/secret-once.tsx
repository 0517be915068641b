'use client';

import { useEffect, useRef, useState } from 'react';
import { inputClass } from '@/components/ui/field';

/**
 * A just-created client secret, for the admin to copy into Nexthink now: Microsoft never shows it again. The value
 * is set as a DOM property only (never an attribute), so it is not part of the page's HTML; it lives in this tab's
 * memory with the Client secret value field and is gone after a reload.
 */
export function SecretOnce({ value, id }: { value: string; id: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (input.current) input.current.value = value;
  }, [value]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        New client secret value (shown only now)
      </label>
      <div className="flex gap-2">
        <input id={id} ref={input} readOnly type={shown ? 'text' : 'password'} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} aria-describedby={`${id}-hint`} />
        <button
          type="button"
          onClick={() => setShown((s) => !s)}
          aria-pressed={shown}
          className="shrink-0 rounded-md border border-slate-500 px-3 text-sm font-semibold hover:bg-slate-100 dark:border-slate-400 dark:hover:bg-slate-800"
        >
          {shown ? 'Hide' : 'Show'}
          <span className="sr-only"> new client secret</span>
        </button>
        <button
          type="button"
          onClick={copy}
          className="shrink-0 rounded-md border border-slate-500 px-3 text-sm font-semibold hover:bg-slate-100 dark:border-slate-400 dark:hover:bg-slate-800"
        >
          Copy<span className="sr-only"> new client secret</span>
        </button>
      </div>
      <p id={`${id}-hint`} aria-live="polite" className="text-xs text-slate-700 dark:text-slate-300">
        {copied === 'copied'
          ? 'Copied.'
          : copied === 'failed'
            ? 'The browser refused to copy: select the value (Show) and copy it.'
            : 'It is also in the Client secret value field of step 2, in this tab’s memory only. Put it into Nexthink now: Microsoft never shows it again.'}
      </p>
    </div>
  );
}
