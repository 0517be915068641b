'use client';

import { useEffect } from 'react';
import { Button } from './button';

const RECHECK_MS = 5_000;

/**
 * What a page shows when the server could not render it — in practice the database being unreachable.
 * No details (they stay in the server's log); it checks /api/health every few seconds and renders the
 * page again by itself once the service answers.
 */
export function ServiceUnavailable({ retry }: { retry: () => void }) {
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const res = await fetch('/api/health', { cache: 'no-store' });
        if (res.ok) retry();
      } catch {
        /* still down */
      }
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [retry]);
  return (
    <section aria-labelledby="unavailable-title" className="mx-auto max-w-2xl space-y-4 py-8">
      <h1 id="unavailable-title" className="text-2xl font-semibold">
        Service unavailable
      </h1>
      <p>The wizard cannot load this page right now: the service is unavailable, usually because its database cannot be reached.</p>
      <p>Nothing you saved is lost. This page tries again by itself every few seconds.</p>
      <Button onClick={() => retry()}>Try again</Button>
    </section>
  );
}
