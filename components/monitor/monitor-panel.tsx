'use client';

import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { CheckItem } from '@/components/checks/check-item';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, inputClass } from '@/components/ui/field';
import { api, ApiFailure, patch } from '@/components/api';
import { StatusBadge } from '@/components/ui/status-badge';
import type { CheckResult } from '@/lib/checks/result';
import type { MonitorView } from '@/lib/monitor/view';
import { describeDays, formatUtc } from '@/lib/time/expiry';

type Validation = { status: 'pass' | 'warn' | 'fail'; checks: Omit<CheckResult, 'durationMs'>[] };

function ago(iso: string, now: number): string {
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'} ago`;
  const hours = Math.floor((now - Date.parse(iso)) / 3_600_000);
  return hours >= 1 ? `${hours} hour${hours === 1 ? '' : 's'} ago` : 'less than an hour ago';
}

/**
 * The status page's monitoring section: opt in (the server makes the key pair and certificate), register the
 * read-only monitoring app by hand (pictures) or with the sign-in, validate it, then watch: last run,
 * findings with fixes, last use by Nexthink, and the drift timeline. Never shows or handles a private key.
 */
export function MonitorPanel({ setupId, view, now, illustrations, signIn }: { setupId: string; view: MonitorView; now: number; illustrations: ReactNode; signIn?: ReactNode }) {
  const router = useRouter();
  const base = `/api/setups/${setupId}/monitor`;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What the admin typed, until saved; otherwise the server's value (which "Create the monitor for me" may set).
  const [draft, setDraft] = useState<string | null>(null);
  const clientId = draft ?? view.identity?.clientId ?? '';
  const [clientIdError, setClientIdError] = useState<string | undefined>();
  const [validation, setValidation] = useState<Validation | null>(null);
  const identity = view.identity;

  async function act(name: string, fn: () => Promise<void>) {
    setBusy(name);
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const create = () =>
    act('create', async () => {
      await api(base, { method: 'POST' });
    });
  const remove = () =>
    act('remove', async () => {
      if (!window.confirm('Remove the monitoring identity? Its private key is deleted from this server; watching stops for every setup of this tenant.')) return;
      await api(base, { method: 'DELETE' });
      setValidation(null);
    });
  const saveClientId = () =>
    act('client-id', async () => {
      setClientIdError(undefined);
      try {
        await api(base, patch({ clientId }));
      } catch (e) {
        setClientIdError(e instanceof ApiFailure ? (e.fields['clientId'] ?? e.message) : String(e));
        return;
      }
      setDraft(null);
      setValidation(null);
    });
  const validate = () =>
    act('validate', async () => {
      setValidation(await api<Validation>(`${base}/validate`, { method: 'POST' }));
    });
  const checkNow = () =>
    act('run', async () => {
      // A run that could not sign in answers 200 with the reason (a check outcome) beside the view.
      const r = await api<{ error?: { summary?: string } }>(`${base}/run`, { method: 'POST' });
      if (r.error) throw new Error(r.error.summary ?? 'The monitoring run failed.');
    });
  const setSchedule = (schedule: string) =>
    act('schedule', async () => {
      await api(base, patch({ schedule }));
    });

  const latest = view.latest;
  const usage = latest?.observation?.usage;
  const ns = latest?.observation?.nexthinkSecret;
  const secretEnd = ns?.match === 'found' ? ns.end : null;

  return (
    <section aria-labelledby="monitor-heading" className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="monitor-heading" className="text-lg font-semibold">
        Monitoring
      </h2>
      {error && (
        <Callout tone="danger" alert>
          {error}
        </Callout>
      )}
      {!identity ? (
        <div className="space-y-2 text-sm">
          <p>
            Watch this setup after the wizard is closed — daily, without anyone pasting the secret again. The wizard makes a key pair and a certificate on
            this server for a separate, <strong>read-only monitoring app</strong> in your tenant; its private key never leaves this server and Nexthink&apos;s
            own secret is never asked for.
          </p>
          <Button onClick={create} disabled={busy !== null}>
            {busy === 'create' ? 'Creating the certificate…' : 'Set up monitoring'}
          </Button>
        </div>
      ) : (
        <>
          <div className="space-y-2 text-sm">
            <h3 className="text-base font-semibold">1. The certificate</h3>
            <p>
              Thumbprint (SHA-1, as the Entra admin center shows it): <code className="break-all font-mono">{identity.thumbprintSha1}</code>{' '}
              <CopyButton value={identity.thumbprintSha1} label="Copy the thumbprint" />
            </p>
            <p>Valid until {formatUtc(identity.notAfter)}.</p>
            <p className="flex flex-wrap gap-3">
              <a className="text-brand-700 underline dark:text-brand-100" href={`${base}/certificate?format=cer`} download>
                Download the certificate (.cer)
              </a>
              <a className="text-brand-700 underline dark:text-brand-100" href={`${base}/certificate?format=pem`} download>
                Download the certificate (.pem)
              </a>
            </p>
          </div>
          {signIn}
          <details className="space-y-3 text-sm" open={!identity.clientId}>
            <summary className="cursor-pointer text-base font-semibold">2. Register the monitoring app by hand</summary>
            <ol className="list-decimal space-y-1 pl-5">
              <li>In App registrations, select New registration, name it &quot;Nexthink setup monitor (read-only)&quot;, Single tenant, no redirect URI.</li>
              <li>In Certificates &amp; secrets &gt; Certificates, upload the .cer file above and compare the thumbprint.</li>
              <li>
                In API permissions, add Microsoft Graph <strong>Application</strong> permissions: Application.Read.All (required); optionally AuditLog.Read.All
                (when Nexthink last used its secret; Entra ID P1, Global cloud only) and User.Read.All (re-checks the mapped properties). Then grant admin
                consent.
              </li>
              <li>Paste its Application (client) ID below.</li>
            </ol>
            {illustrations}
          </details>
          <div className="space-y-2">
            <Field id="monitor-client-id" label="Monitoring app's Application (client) ID" error={clientIdError} hint="From the monitoring app's Overview page (not Nexthink's app).">
              {(aria) => <input {...aria} className={inputClass} value={clientId} onChange={(e) => setDraft(e.target.value)} autoComplete="off" spellCheck={false} />}
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={saveClientId} disabled={busy !== null}>
                {busy === 'client-id' ? 'Saving…' : 'Save client ID'}
              </Button>
              <Button onClick={validate} disabled={busy !== null || !identity.clientId}>
                {busy === 'validate' ? 'Validating…' : 'Validate the monitoring identity'}
              </Button>
            </div>
          </div>
          {validation && (
            <div className="space-y-2" aria-live="polite">
              <h3 className="flex items-center gap-2 text-base font-semibold">
                Monitoring identity <StatusBadge status={validation.status} />
              </h3>
              <ul className="space-y-2">
                {validation.checks.map((c) => (
                  <CheckItem key={c.id} check={{ ...c, durationMs: 0 }} />
                ))}
              </ul>
            </div>
          )}
          {identity.validatedAt && (
            <p className="text-sm">
              Validated {formatUtc(identity.validatedAt)}; permissions: {identity.roles.length > 0 ? identity.roles.join(', ') : 'none'}.
            </p>
          )}
          <div className="space-y-2 text-sm">
            <h3 className="text-base font-semibold">3. Watching</h3>
            <div className="flex flex-wrap items-end gap-3">
              <label className="space-y-1">
                <span className="block font-semibold">Schedule</span>
                <select className={inputClass} value={identity.schedule} onChange={(e) => setSchedule(e.target.value)} disabled={busy !== null}>
                  <option value="daily">Daily</option>
                  <option value="hourly">Hourly</option>
                  <option value="off">Off (Check now only)</option>
                </select>
              </label>
              <Button onClick={checkNow} disabled={busy !== null || !identity.clientId}>
                {busy === 'run' ? 'Checking…' : 'Check now'}
              </Button>
              <Button variant="secondary" onClick={remove} disabled={busy !== null}>
                Remove the monitoring identity
              </Button>
            </div>
            <p>
              Last live check: {latest ? formatUtc(latest.startedAt) : 'never'}
              {view.nextRunAt && `; next scheduled: ${formatUtc(view.nextRunAt)}`}.
            </p>
            {latest && (
              <>
                <p className="flex items-center gap-2">
                  Health <StatusBadge status={latest.status} />
                </p>
                {secretEnd && <p>The secret Nexthink uses expires {formatUtc(secretEnd)} ({describeDays(Math.floor((Date.parse(secretEnd) - now) / 86_400_000))}).</p>}
                <p>
                  Last used by Nexthink:{' '}
                  {usage?.available
                    ? (usage.appLastUsed ?? usage.secretLastUsed)
                      ? ago((usage.appLastUsed ?? usage.secretLastUsed) as string, now)
                      : 'no record'
                    : `not available — ${usage?.reason ?? 'not read'}`}
                  . <span className="text-slate-700 dark:text-slate-300">(Microsoft&apos;s sign-in activity reports are a beta, preview-quality API: a timestamp alone does not prove a token was issued.)</span>
                </p>
                {latest.findings.length > 0 && (
                  <ul className="space-y-1" aria-label="Open findings">
                    {latest.findings.map((f) => (
                      <li key={f.fact} className="rounded-md border border-slate-300 p-2 dark:border-slate-700">
                        <StatusBadge status={f.severity === 'critical' ? 'fail' : f.severity === 'warning' ? 'warn' : 'skip'} label={f.severity === 'info' ? 'Note' : undefined} /> {f.title}
                        {f.fix && <span className="block text-slate-800 dark:text-slate-200">How to fix: {f.fix}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
          <div className="space-y-2 text-sm">
            <h3 className="text-base font-semibold">Changes seen (drift)</h3>
            {view.timeline.length === 0 ? (
              <p>No change since monitoring started.</p>
            ) : (
              <ol className="space-y-1">
                {view.timeline.map((c) => (
                  <li key={c.id}>
                    <time dateTime={c.at}>{formatUtc(c.at)}</time> — {c.title}
                    {c.wasSince && ` (was ${c.was ?? 'absent'} since ${formatUtc(c.wasSince)})`}
                    {c.fix && <span className="block text-slate-800 dark:text-slate-200">How to fix: {c.fix}</span>}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      )}
    </section>
  );
}
