import type { ServerEnv } from '@/lib/env';

/** On every page of a server without sign-in that was told so (WIZARD_AUTH=none): who can reach the setups. */
export function AccessBanner({ auth }: { auth: ServerEnv['WIZARD_AUTH'] }) {
  if (auth !== 'none') return null;
  return (
    <p role="note" className="no-print border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
      No sign-in on this server (WIZARD_AUTH=none): anyone who can reach it and has a setup’s address can open and change that setup.
    </p>
  );
}
