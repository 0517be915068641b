'use client';

import { useMemo, useState, type ReactNode } from 'react';

/**
 * A table sorted by one column at a time: the rows in order, and a column header that is a button (keyboard
 * first), says its order to screen readers (aria-sort) and flips it when chosen again.
 */
export function useSorted<Row, Key extends string>(rows: readonly Row[], compare: (a: Row, b: Row, key: Key) => number, initial: NoInfer<Key>) {
  const [sort, setSort] = useState<{ key: Key; dir: 1 | -1 }>({ key: initial, dir: 1 });
  const shown = useMemo(() => [...rows].sort((a, b) => compare(a, b, sort.key) * sort.dir), [rows, compare, sort]);
  const header = (key: Key, label: ReactNode) => (
    <th scope="col" className="py-2 pr-3" aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="inline-flex items-center gap-1 font-semibold underline-offset-2 hover:underline"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : 1 }))}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
  return { shown, header };
}
