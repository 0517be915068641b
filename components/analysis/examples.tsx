import type { ReactNode } from 'react';
import { formatCount } from '@/lib/format';

/** A category's examples, folded: "Examples: Guests (50 of 1,234)", one per line in monospace. */
export function Examples<T>({ label, items, total, columns = false, render }: { label: string; items: readonly T[]; total: number; columns?: boolean; render: (item: T) => ReactNode }) {
  return (
    <details>
      <summary className="cursor-pointer font-medium">
        Examples: {label} ({items.length === total ? formatCount(total) : `${items.length} of ${formatCount(total)}`})
      </summary>
      <ul className={`mt-1 font-mono text-xs ${columns ? 'columns-1 gap-6 sm:columns-2' : 'space-y-0.5'}`}>
        {items.map((item, i) => (
          <li key={i} className="break-all">
            {render(item)}
          </li>
        ))}
      </ul>
    </details>
  );
}
