'use client';

import { api, patch } from '@/components/api';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Field, TextInput } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { SecretField } from '@/components/wizard/secret-field';
import { useSecret } from '@/components/wizard/secret-context';
import { formatDate } from '@/components/signin/app-reads';
import { callGraph, GraphCallError, graphErrorText } from '@/components/signin/graph-client';
import { graphToken, signIn, signinErrorMessage, type SigninTarget } from '@/components/signin/msal-client';
import { addSecretWithinPolicy, lifetimeNote, SecretPolicyError } from '@/components/signin/policy-reads';
import { SecretLifetimeField } from '@/components/signin/secret-lifetime-field';
import { setSession, useSession } from '@/components/signin/session';
import { getCloud } from '@/lib/entra/clouds';
import { parseClientIdInput, parseTenantInput } from '@/lib/entra/identifiers';
import type { RotationAction, RotationKey } from '@/lib/rotation/schema';
import type { RotationView } from '@/lib/rotation/view';
import type { Setup } from '@/lib/setups/schema';
import type { SigninConfig } from '@/lib/signin/config';
import { policySentence } from '@/lib/signin/credential-policy';
import { DEFAULT_SECRET_DAYS, getApplicationRequest, removePasswordRequest } from '@/lib/signin/graph-requests';
import { expiryDate, type AppRegistration, type PasswordCredential } from '@/lib/signin/permission-table';
import { scopeExplanations } from '@/lib/signin/scopes';
import { readCredentialActivity } from './activity-source';
import { RotationChecklist } from './rotation-checklist';
import { rotationApi, RotationApiError } from './rotation-api';

const toKey = (c: PasswordCredential): RotationKey => ({ keyId: c.keyId.toLowerCase(), hint: c.hint, displayName: c.displayName, endDateTime: c.endDateTime });

const describeKey = (k: RotationKey) => `“${k.displayName ?? 'no description'}” (starts with ${k.hint ?? '?'}, expires ${formatDate(k.endDateTime)})`;

/**
 * The guided rotation: phase 1 adds the new secret, proves it live and walks every place in Nexthink that holds
 * the old one; phase 2 deletes the old secret once it is quiet (or on explicit confirmation) and checks again.
 * The state lives on the server, so a reload or another admin continues where it was; the new secret's value
 * lives only in this tab's memory.
 */
export function RotationPage({ setup, config, initial }: { setup: Setup; config: SigninConfig | undefined; initial: RotationView }) {
  const [view, setView] = useState(initial);
  const { secret, setSecret } = useSecret();
  const session = useSession();
  const cloud = getCloud(setup.cloud);
  const target: SigninTarget | undefined = config?.clouds[setup.cloud];
  const account = session && session.cloud === setup.cloud ? session.account : null;
  const client = parseClientIdInput(setup.clientId);
  const tenant = parseTenantInput(setup.tenant);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [days, setDays] = useState<number>(DEFAULT_SECRET_DAYS);
  const [description, setDescription] = useState(`Nexthink ${new Date().getFullYear() + 1}`);
  const [pasted, setPasted] = useState(false);
  const [confirm, setConfirm] = useState(false);

  const r = view.rotation;
  const running = r && !r.endedAt ? r : null;
  const s = running?.state;

  async function step(what: string, fn: () => Promise<string | void>) {
    setBusy(true);
    setError('');
    setStatus(what);
    try {
      setStatus((await fn()) ?? '');
    } catch (e) {
      setStatus('');
      setError(e instanceof RotationApiError || e instanceof SecretPolicyError ? e.message : e instanceof GraphCallError ? graphErrorText(e) : signinErrorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const act = async (action: RotationAction) => {
    const next = await rotationApi.act(setup.id, action);
    setView(next);
    return next;
  };

  async function readApp(purpose: 'read' | 'rotate'): Promise<{ token: string; app: AppRegistration }> {
    if (!target || !account || !client.ok) throw new Error('Sign in first.');
    const token = await graphToken(target, account, purpose);
    return { token, app: await callGraph<AppRegistration>(target.graphUrl, token, getApplicationRequest(client.value)) };
  }

  const start = () =>
    step('Reading the app’s secrets…', async () => {
      const { app } = await readApp('read');
      const now = Date.now();
      const old = app.passwordCredentials.filter((c) => !c.endDateTime || Date.parse(c.endDateTime) > now).map(toKey);
      setView(await rotationApi.start(setup.id, old));
      return `Rotation started. The secret${old.length === 1 ? '' : 's'} in use now: ${old.map(describeKey).join(', ') || 'none'}.`;
    });

  async function prove(value: string) {
    const next = await act({ action: 'prove', clientSecret: value });
    return next.rotation?.state.proof?.status === 'pass' ? 'The new secret works: Entra issues a token with it and a thinklet-style call succeeds.' : 'The new secret does not work yet: see the check below.';
  }

  const addNew = () =>
    step('Adding the new secret…', async () => {
      const { token, app } = await readApp('rotate');
      const added = await addSecretWithinPolicy(target!.graphUrl, token, app, app.id, { displayName: description.trim() || 'Nexthink', days });
      setSecret(added.secretText);
      await act({ action: 'new-secret', source: 'wizard', key: { keyId: added.keyId.toLowerCase(), hint: added.hint.slice(0, 3), displayName: description.trim() || 'Nexthink', endDateTime: added.endDateTime } });
      // The new expiry date goes on the setup; the secret exists in Entra either way, so a failed save is said, not thrown.
      const expirySaved = await api(`/api/setups/${setup.id}`, patch({ secretExpiresOn: expiryDate(added.endDateTime) })).then(
        () => '',
        (e: unknown) => ` The new expiry date could not be saved on the setup (${e instanceof Error ? e.message : String(e)}): enter ${expiryDate(added.endDateTime)} on step 2.`,
      );
      return `Added the new secret, valid until ${formatDate(added.endDateTime)}.${lifetimeNote(added, days)} ${policySentence(added.policy)} ${await prove(added.secretText)}${expirySaved}`;
    });

  const usePasted = () =>
    step('Finding the secret you created…', async () => {
      if (!secret) throw new Error('Paste the new secret’s Value first.');
      const { app } = await readApp('read');
      const old = new Set(s?.oldKeys.map((k) => k.keyId));
      const match = app.passwordCredentials
        .filter((c) => c.hint && secret.startsWith(c.hint))
        .map(toKey)
        .filter((k) => !old.has(k.keyId));
      if (match.length === 0) throw new Error('No new secret of this app starts like the value you pasted: paste the Value (not the Secret ID) of the secret you created.');
      const key = match[match.length - 1]!;
      await act({ action: 'new-secret', source: 'pasted', key });
      return `Found it: ${describeKey(key)}. ${await prove(secret)}`;
    });

  const reprove = () =>
    step('Checking the new secret live…', async () => {
      if (!secret) throw new Error('Paste the new secret’s Value first.');
      return prove(secret);
    });

  const tick = (item: string, done: boolean) => step('', async () => void (await act({ action: 'check', item, done })));

  const readActivity = () =>
    step('Reading when each secret last signed in…', async () => {
      if (!target || !account || !client.ok) throw new Error('Sign in first.');
      const reading = await readCredentialActivity(target, account, client.value);
      const next = await act({ action: 'activity', reading });
      return next.rotation?.state.activity?.message ?? '';
    });

  const retire = () =>
    step('Deleting the old secret…', async () => {
      if (!s) return;
      await act({ action: 'retire', confirm });
      const { token, app } = await readApp('rotate');
      const present = new Set(app.passwordCredentials.map((c) => c.keyId.toLowerCase()));
      const removed: string[] = [];
      for (const k of s.oldKeys) {
        if (present.has(k.keyId)) await callGraph(target!.graphUrl, token, removePasswordRequest(app.id, k.keyId));
        removed.push(k.keyId);
      }
      if (removed.length > 0) await act({ action: 'deleted', keyIds: removed });
      return `Deleted the old secret${removed.length === 1 ? '' : 's'}: ${s.oldKeys.map(describeKey).join(', ')}. Now run the final check.`;
    });

  const finalCheck = () =>
    step('Running the final live check…', async () => {
      if (!secret) throw new Error('Paste the new secret’s Value first.');
      const next = await act({ action: 'final', clientSecret: secret });
      return next.rotation?.endedAt ? 'Rotation finished: the new secret is the only one and it works.' : 'The final check failed: see below.';
    });

  const cancel = () => step('Cancelling…', async () => void (await act({ action: 'cancel' })));

  async function startSignIn() {
    if (!target) return;
    await step(`A Microsoft sign-in window is open (${cloud.label} cloud).`, async () => {
      const signedIn = await signIn(target, tenant.ok ? tenant.value : undefined);
      setSession({ cloud: setup.cloud, account: signedIn });
      return `Signed in as ${signedIn.username}.`;
    });
  }

  const phaseTitle = { add: 'Phase 1 of 2 · Add and prove', prove: 'Phase 1 of 2 · Add and prove', retire: 'Phase 2 of 2 · Retire safely', final: 'Phase 2 of 2 · Retire safely', done: 'Finished', cancelled: 'Cancelled' } as const;

  return (
    <div className="space-y-6">
      {!target ? (
        <Callout tone="warning" title="Sign in with Microsoft is not configured for this cloud">
          <p>The guided rotation adds and deletes secrets with your own sign-in. Without it, rotate in the admin center: add a secret, update every place below, delete the old one.</p>
        </Callout>
      ) : !account ? (
        <section aria-labelledby="rotation-signin" className="space-y-2">
          <h2 id="rotation-signin" className="text-lg font-semibold">
            Sign in with Microsoft
          </h2>
          <p className="text-sm">The rotation adds and deletes secrets and reads their activity with your own rights, in this browser; the wizard’s server never sees your sign-in.</p>
          <Button onClick={startSignIn} disabled={busy}>
            Sign in with Microsoft
          </Button>
        </section>
      ) : (
        <p className="text-sm">
          Signed in as <strong>{account.name}</strong> ({account.username}).
        </p>
      )}

      <p role="status" aria-live="polite" className="text-sm">
        {status}
      </p>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
          {error}
        </p>
      )}

      {!running && (
        <section aria-labelledby="rotation-start" className="space-y-2">
          <h2 id="rotation-start" className="text-lg font-semibold">
            {r ? (r.cancelled ? 'The last rotation was cancelled' : `The last rotation finished ${formatDate(r.endedAt)}`) : 'No rotation running'}
          </h2>
          <p className="text-sm">A rotation keeps the old secret working until every place in Nexthink has the new one and the old one has gone quiet.</p>
          <Button onClick={start} disabled={busy || !account || !client.ok}>
            Start a rotation
          </Button>
        </section>
      )}

      {running && s && view.phase && (
        <>
          <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">{phaseTitle[view.phase]}</p>
          <section aria-labelledby="rotation-new" className="space-y-3">
            <h2 id="rotation-new" className="text-lg font-semibold">
              1. The new secret
            </h2>
            <p className="text-sm">Old secret{s.oldKeys.length === 1 ? '' : 's'}: {s.oldKeys.map(describeKey).join(', ') || 'none'}.</p>
            {s.newKey ? (
              <p className="text-sm">
                New secret: {describeKey(s.newKey)}, {s.newKey.source === 'wizard' ? 'added by the wizard' : 'created in the admin center'}.
              </p>
            ) : (
              <div className="space-y-3">
                {!pasted ? (
                  <>
                    <Field id="rotation-description" label="Description of the new secret">
                      {(aria) => <TextInput {...aria} value={description} maxLength={100} onChange={(e) => setDescription(e.target.value)} />}
                    </Field>
                    <SecretLifetimeField id="rotation-days" label="New secret expires after" days={days} onChange={setDays} />
                    <p className="text-xs">
                      Asks you to allow: {scopeExplanations('rotate').map((x) => `${x.scope} — ${x.reason}`).join('; ')}.
                    </p>
                    <div className="flex flex-wrap gap-2">
                      <Button onClick={addNew} disabled={busy || !account}>
                        Add the new secret
                      </Button>
                      <Button variant="ghost" onClick={() => setPasted(true)}>
                        I created it in the admin center
                      </Button>
                    </div>
                  </>
                ) : (
                  <>
                    <SecretField id="rotation-pasted" />
                    <Button onClick={usePasted} disabled={busy || !account}>
                      Use this secret
                    </Button>
                  </>
                )}
              </div>
            )}
            {s.proof && (
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <StatusBadge status={s.proof.status} /> Live check ({formatDate(s.proof.at)}): {s.proof.summary}
              </p>
            )}
            {s.newKey && !s.deleted && s.proof?.status !== 'pass' && (
              <div className="space-y-2">
                {!secret && <SecretField id="rotation-proof-secret" />}
                <Button onClick={reprove} disabled={busy}>
                  Check the new secret live
                </Button>
              </div>
            )}
          </section>

          {s.newKey && (
            <section aria-labelledby="rotation-places" className="space-y-3">
              <h2 id="rotation-places" className="text-lg font-semibold">
                2. Every place in Nexthink that holds the old secret
              </h2>
              <RotationChecklist items={view.checklist} ticked={s.checklist} secret={secret} busy={busy || !!s.deleted} onTick={tick} />
            </section>
          )}

          {(view.phase === 'retire' || view.phase === 'final') && (
            <section aria-labelledby="rotation-retire" className="space-y-3">
              <h2 id="rotation-retire" className="text-lg font-semibold">
                3. Retire the old secret
              </h2>
              {!s.deleted ? (
                <>
                  <p className="text-sm">
                    The old secret is deleted only once it has been quiet for {view.quietHours} hours. {scopeExplanations('activity').map((x) => `Reading it asks for ${x.scope} — ${x.reason}.`)}
                  </p>
                  <Button variant="secondary" onClick={readActivity} disabled={busy || !account}>
                    Is the old secret still used?
                  </Button>
                  {s.activity && (
                    <Callout tone={s.activity.state === 'safe' ? 'info' : 'warning'} title={s.activity.state === 'safe' ? 'Safe to delete' : s.activity.state === 'in-use' ? 'Wait: still in use' : s.activity.state === 'new-unused' ? 'Not yet' : 'Cannot be proven'}>
                      <p>{s.activity.message}</p>
                    </Callout>
                  )}
                  {s.activity?.state !== 'safe' && (
                    <label className="flex items-start gap-2 text-sm">
                      <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} className="mt-1" />
                      I confirm every place above has the new secret: delete the old one without proof that it is unused.
                    </label>
                  )}
                  <Button onClick={retire} disabled={busy || !account || (s.activity?.state !== 'safe' && !confirm)}>
                    Delete the old secret
                  </Button>
                </>
              ) : (
                <p className="text-sm">
                  Deleted {formatDate(s.deleted.at)} ({s.retire?.basis === 'quiet' ? 'it was quiet' : 'confirmed without proof'}).
                </p>
              )}
            </section>
          )}

          {view.phase === 'final' && (
            <section aria-labelledby="rotation-final" className="space-y-3">
              <h2 id="rotation-final" className="text-lg font-semibold">
                4. Final live check
              </h2>
              {s.finalCheck && (
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <StatusBadge status={s.finalCheck.status} /> {s.finalCheck.summary}
                </p>
              )}
              {!secret && <SecretField id="rotation-final-secret" />}
              <Button onClick={finalCheck} disabled={busy}>
                Run the final check
              </Button>
            </section>
          )}

          {!s.deleted && (
            <Button variant="ghost" onClick={cancel} disabled={busy}>
              Cancel this rotation
            </Button>
          )}
        </>
      )}
      {r?.endedAt && !r.cancelled && r.state.finalCheck && (
        <p className="flex items-center gap-2 text-sm">
          <StatusBadge status={r.state.finalCheck.status} /> Final check: {r.state.finalCheck.summary}
        </p>
      )}
    </div>
  );
}
