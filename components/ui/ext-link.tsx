import type { ReactNode } from 'react';

/** A link to another site (the Entra admin center, Microsoft's docs), opened in a new tab — and saying so to screen readers. */
export function ExtLink({ href, children, className = 'font-medium' }: { href: string; children: ReactNode; className?: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" className={`${className} text-brand-700 underline dark:text-brand-100`}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
