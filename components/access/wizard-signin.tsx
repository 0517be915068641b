'use client';

import { useState } from 'react';
import { api, post } from '@/components/api';
import { Button } from '@/components/ui/button';
import { signInToWizard, signinErrorMessage } from '@/components/signin/msal-client';

type NonceAnswer = { nonce: string; clientId: string; authorityOrigin: string; knownAuthorities: string[] };

/** Microsoft's sign-in window, then the ID token to the server once; the session is a cookie the server set. */
export function WizardSignIn({ next }: { next: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function run() {
    setBusy(true);
    setError('');
    try {
      const app = await api<NonceAnswer>('/api/auth/nonce', post({}));
      const idToken = await signInToWizard({ clientId: app.clientId, authorityOrigin: app.authorityOrigin, knownAuthorities: app.knownAuthorities, graphUrl: '', graphResource: '' }, app.nonce);
      await api('/api/auth/session', post({ idToken }));
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
