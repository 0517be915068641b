'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { signInToWizard, signinErrorMessage } from '@/components/signin/msal-client';

type NonceAnswer = { nonce: string; clientId: string; authorityOrigin: string; knownAuthorities: string[]; error?: { message?: string } };

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(json.error?.message ?? `HTTP ${res.status}`);
  return json;
}

/** Microsoft's sign-in window, then the ID token to the server once; the session is a cookie the server set. */
export function WizardSignIn({ next }: { next: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function run() {
    setBusy(true);
    setError('');
    try {
      const app = await postJson<NonceAnswer>('/api/auth/nonce', {});
      const idToken = await signInToWizard({ clientId: app.clientId, authorityOrigin: app.authorityOrigin, knownAuthorities: app.knownAuthorities, graphUrl: '', graphResource: '' }, app.nonce);
      await postJson('/api/auth/session', { idToken });
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof Error && !('errorCode' in err) ? err.message : signinErrorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <Button onClick={run} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in with Microsoft'}
      </Button>
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {error}
      </p>
    </div>
  );
}
