'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Ends the session on the server (every instance), then shows the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    await fetch('/api/auth/session', { method: 'DELETE' }).catch(() => undefined);
    router.replace('/signin');
    router.refresh();
  }
  return (
    <button type="button" onClick={run} disabled={busy} className="text-sm font-medium text-slate-900 underline underline-offset-2 dark:text-slate-100">
      Sign out
    </button>
  );
}
