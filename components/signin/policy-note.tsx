'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { nextRotationDate, policySentence } from '@/lib/signin/credential-policy';
import { getApplicationRequest } from '@/lib/signin/graph-requests';
import type { AppRegistration } from '@/lib/signin/permission-table';
import { scopeExplanations } from '@/lib/signin/scopes';
import { formatDate } from './app-reads';
import { callGraph, GraphCallError, graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';
import { readSecretPolicy } from './policy-reads';

/** Step 2's "your tenant limits client secrets to N days" and the date to rotate by, from the tenant's app management policies. */
export function PolicyNote({ target, account, appId, setupId, expiresOn }: { target: SigninTarget; account: SignedInAccount; appId: string; setupId: string; expiresOn: string | null }) {
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState('');

  async function read() {
    setBusy(true);
    setError('');
    try {
      const app = await callGraph<AppRegistration>(target.graphUrl, await graphToken(target, account, 'read'), getApplicationRequest(appId));
      const policy = await readSecretPolicy(target.graphUrl, await graphToken(target, account, 'policy'), app);
      const out = [policySentence(policy)];
      if (expiresOn) out.push(`The secret in use expires on ${formatDate(expiresOn)}: rotate it by ${formatDate(nextRotationDate(expiresOn))}.`);
      setLines(out);
    } catch (e) {
      setError(e instanceof GraphCallError ? graphErrorText(e) : signinErrorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2 text-sm">
      <p>
        Reads your tenant’s app management policies ({scopeExplanations('policy').map((s) => `${s.scope} — ${s.reason}`).join('; ')}).
      </p>
      <Button onClick={read} disabled={busy}>
        {busy ? 'Reading…' : 'Read the secret policy'}
      </Button>
      <div role="status" aria-live="polite" className="space-y-1">
        {lines.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </div>
      {error && (
        <p role="alert" className="font-medium text-red-800 dark:text-red-300">
          {error}
        </p>
      )}
      <p>
        <Link href={`/setups/${setupId}/rotate`} className="text-brand-700 underline dark:text-brand-100">
          Rotate the secret with the guided rotation
        </Link>{' '}
        — new secret, every place in Nexthink that holds it, and the old one deleted only once it is unused.
      </p>
    </div>
  );
}
