'use client';

import { useState, type ComponentProps, type ReactNode } from 'react';
import { inputClass } from './field';

export const secretButtonClass =
  'shrink-0 rounded-md border border-slate-500 px-3 text-sm font-semibold text-slate-900 hover:bg-slate-100 dark:border-slate-400 dark:text-slate-100 dark:hover:bg-slate-800';

/**
 * An input for a secret, masked until the admin presses Show. Used uncontrolled (no `value` prop): a controlled
 * input mirrors its value into the DOM's value attribute, and a secret must never sit in the page's HTML, so
 * callers set and read `.value` through `ref`. Password managers are asked to stay away. `what` names the
 * secret for screen readers on the button ("Show client secret"); `children` are more buttons beside it.
 */
export function SecretInput({ what, children, ...input }: Omit<ComponentProps<'input'>, 'type' | 'value' | 'defaultValue'> & { what: string; children?: ReactNode }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="flex gap-2">
      <input {...input} type={shown ? 'text' : 'password'} autoComplete="off" data-1p-ignore data-lpignore="true" spellCheck={false} className={`${inputClass} font-mono`} />
      <button type="button" onClick={() => setShown((s) => !s)} aria-pressed={shown} className={secretButtonClass}>
        {shown ? 'Hide' : 'Show'}
        <span className="sr-only"> {what}</span>
      </button>
      {children}
    </div>
  );
}
