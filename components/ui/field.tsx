import type { InputHTMLAttributes, ReactNode } from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-600 dark:border-slate-400 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 aria-[invalid=true]:border-red-700 dark:aria-[invalid=true]:border-red-400';

/** A labelled input whose hint and error are tied to it with aria-describedby; the error is announced. */
export function Field({
  id,
  label,
  hint,
  error,
  warning,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  warning?: string | undefined;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const describedBy = [hint && `${id}-hint`, (error || warning) && `${id}-msg`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-900 dark:text-slate-100">
        {label}
      </label>
      {children({ id, ...(describedBy && { 'aria-describedby': describedBy }), ...(error && { 'aria-invalid': true }) })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-700 dark:text-slate-300">
          {hint}
        </p>
      )}
      <p id={`${id}-msg`} aria-live="polite" className={`text-sm ${error ? 'font-medium text-red-800 dark:text-red-300' : 'text-amber-900 dark:text-amber-200'}`}>
        {error ?? warning ?? ''}
      </p>
    </div>
  );
}

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input type="text" autoComplete="off" spellCheck={false} autoCapitalize="off" {...props} className={`${inputClass} ${props.className ?? ''}`} />;
}
