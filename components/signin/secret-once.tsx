'use client';

import { useEffect, useRef } from 'react';
import { useCopy } from '@/components/ui/copy-button';
import { SecretInput, secretButtonClass } from '@/components/ui/secret-input';

/**
 * A just-created client secret, for the admin to copy into Nexthink now: Microsoft never shows it again. The value
 * is set as a DOM property only (never an attribute), so it is not part of the page's HTML; it lives in this tab's
 * memory with the Client secret value field and is gone after a reload.
 */
export function SecretOnce({ value, id }: { value: string; id: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, copy] = useCopy(value);
  useEffect(() => {
    if (input.current) input.current.value = value;
  }, [value]);

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        New client secret value (shown only now)
      </label>
      <SecretInput id={id} ref={input} readOnly what="new client secret" aria-describedby={`${id}-hint`}>
        <button type="button" onClick={copy} className={secretButtonClass}>
          Copy<span className="sr-only"> new client secret</span>
        </button>
      </SecretInput>
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
