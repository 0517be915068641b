import type { ReactNode } from 'react';

export type Column = { label: ReactNode; align?: 'right'; srOnly?: boolean };

/** The header row every data table of the wizard uses: one line, column headers with their scope. */
export function TableHead({ columns, cellClassName = 'py-1 pr-2' }: { columns: readonly (Column | string)[]; cellClassName?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-300 dark:border-slate-700">
        {columns.map((c, i) => {
          const col = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={i} scope="col" className={`${cellClassName} font-semibold ${col.align === 'right' ? 'text-right' : ''}`}>
              {col.srOnly ? <span className="sr-only">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
