'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Field, TextInput } from '@/components/ui/field';
import { useSecret } from '@/components/wizard/secret-context';
import { policySentence } from '@/lib/signin/credential-policy';
import { DEFAULT_SECRET_DAYS, getApplicationRequest } from '@/lib/signin/graph-requests';
import { expiryDate, type AppRegistration, type PasswordCredential } from '@/lib/signin/permission-table';
import { scopeExplanations } from '@/lib/signin/scopes';
import type { SetupPatch } from '@/lib/setups/schema';
import { formatDate } from './app-reads';
import { callGraph, GraphCallError, graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';
import { addSecretWithinPolicy, lifetimeNote, SecretPolicyError } from './policy-reads';
import { SecretOnce } from './secret-once';
import { SecretLifetimeField } from './secret-lifetime-field';

type Result = { displayName: string; value: string; hint: string; endDateTime: string; description: string; others: PasswordCredential[] };

/**
 * Rotate: adds a new client secret next to the existing ones (Graph's addPassword never replaces one), puts its
 * value in the Client secret value field and its expiry in Secret expires on, and reminds the admin to update
 * Nexthink before deleting the old secret.
 */
export function RotateSecret({ target, account, appId, onFill }: { target: SigninTarget; account: SignedInAccount; appId: string; onFill(patch: SetupPatch): void }) {
  const { setSecret } = useSecret();
  const [description, setDescription] = useState('Nexthink');
  const [days, setDays] = useState<number>(DEFAULT_SECRET_DAYS);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [policyNote, setPolicyNote] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    setStatus('Adding a new client secret…');
    try {
      const token = await graphToken(target, account, 'rotate');
      const app = await callGraph<AppRegistration>(target.graphUrl, token, getApplicationRequest(appId));
      const desc = description.trim() || 'Nexthink';
      const res = await addSecretWithinPolicy(target.graphUrl, token, app, app.id, { displayName: desc, days });
      setPolicyNote(policySentence(res.policy));
      setSecret(res.secretText);
      onFill({ secretExpiresOn: expiryDate(res.endDateTime) });
      const now = Date.now();
      const others = app.passwordCredentials.filter((c) => !c.endDateTime || Date.parse(c.endDateTime) > now);
      setResult({ displayName: app.displayName, value: res.secretText, hint: res.hint ?? res.secretText.slice(0, 3), endDateTime: res.endDateTime, description: desc, others });
      setStatus(
        `Added a new secret “${desc}” to ${app.displayName}, valid until ${formatDate(res.endDateTime)}, next to ${others.length} valid existing secret${others.length === 1 ? '' : 's'}: nothing was replaced. Its value is in the Client secret value field and Secret expires on is updated.${lifetimeNote(res, days)}`,
      );
    } catch (err) {
      setStatus('');
      setError(
        err instanceof SecretPolicyError
          ? err.message
          : err instanceof GraphCallError
          ? err.status === 404
            ? 'No app registration with this Application (client) ID in the tenant you signed in to.'
            : err.status === 403
              ? `${graphErrorText(err)} Adding secrets needs Application Administrator, Cloud Application Administrator or Global Administrator (or owning the app).`
              : graphErrorText(err)
          : signinErrorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-3">
        <Field id="signin-rotate-description" label="Description of the new secret" hint="Shown in Certificates & secrets, e.g. “Nexthink 2025”.">
          {(aria) => <TextInput {...aria} value={description} maxLength={100} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <SecretLifetimeField id="signin-rotate-days" label="New secret expires after" days={days} onChange={setDays} />
        <Callout title="Before the Microsoft window opens">
          <p>
            Adding a secret asks you to allow the wizard to:{' '}
            {scopeExplanations('rotate').map((s) => (
              <span key={s.scope}>
                <span className="font-mono">{s.scope}</span> — {s.reason}.
              </span>
            ))}{' '}
            The old secret keeps working until you delete it.
          </p>
        </Callout>
        <Button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add a new secret'}
        </Button>
      </form>
      <p role="status" aria-live="polite" className="text-sm">
        {status}
      </p>
      {policyNote && <p className="text-sm">{policyNote}</p>}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
          {error}
        </p>
      )}
      {result && (
        <>
          <SecretOnce id="signin-rotated-secret" value={result.value} />
          <Callout tone="warning" title="Update Nexthink before deleting the old secret">
            <ol className="list-decimal space-y-1 pl-5">
              <li>Validate this step: it now uses the new secret.</li>
              <li>Paste the new value into Nexthink: the connector credential of your workflows and the inbound connector’s General tab.</li>
              <li>
                Only then delete the old secret{result.others.length === 1 ? '' : 's'} in Certificates &amp; secrets
                {result.others.length > 0 && (
                  <>
                    {': '}
                    {result.others.map((o) => `“${o.displayName ?? 'no description'}” (starts with ${o.hint ?? '?'}, expires ${formatDate(o.endDateTime)})`).join(', ')}
                  </>
                )}
                . Until then both work.
              </li>
            </ol>
          </Callout>
        </>
      )}
    </div>
  );
}
