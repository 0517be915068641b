'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button, LinkButton, buttonClass } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSecret } from '@/components/wizard/secret-context';
import { SecretField } from '@/components/wizard/secret-field';
import { statusWords, type CheckResult, type CheckStatus } from '@/lib/checks/result';
import type { StepId } from '@/lib/steps/registry';
import { CheckItem } from './check-item';
import { ConsentWaiter } from './consent-waiter';
import { Callout } from '@/components/ui/callout';
import { formatDuration } from '@/lib/format';

export type RunView = { startedAt: string; durationMs: number; status: CheckStatus; checks: CheckResult[] };

type Props = {
  setupId: string;
  step: StepId;
  needsSecret: boolean;
  initialRun?: RunView;
  next?: { href: string; label: string };
};

async function runValidation(setupId: string, step: StepId, clientSecret: string | undefined): Promise<RunView> {
  const res = await fetch(`/api/setups/${setupId}/steps/${step}/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(clientSecret ? { clientSecret } : {}),
  });
  const json = (await res.json().catch(() => undefined)) as (RunView & { error?: { message?: string } }) | undefined;
  if (!res.ok || !json || !Array.isArray(json.checks)) {
    throw new Error(json?.error?.message ?? `The server answered HTTP ${res.status}.`);
  }
  return json;
}

function counts(checks: CheckResult[]): string {
  const order: CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];
  return order
    .map((s) => [s, checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${statusWords[s]}`)
    .join(', ');
}

/** Runs a step's checks live and shows each result in words, with its fix and evidence. */
export function ValidationPanel({ setupId, step, needsSecret, initialRun, next }: Props) {
  const router = useRouter();
  const { secret, takeRunRequest } = useSecret();
  const [run, setRun] = useState<RunView | undefined>(initialRun);
  const [announcement, setAnnouncement] = useState('');
  const [confirming, setConfirming] = useState(false);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const missingSecret = needsSecret && secret.trim() === '';

  // A one-shot action rather than cached server state: plain state keeps the query library off this page.
  const [state, setState] = useState<{ phase: 'idle' | 'running' | 'done' } | { phase: 'error'; message: string }>({ phase: 'idle' });
  const mutation = {
    isPending: state.phase === 'running',
    isSuccess: state.phase === 'done',
    error: state.phase === 'error' ? state : undefined,
    mutate() {
      setState({ phase: 'running' });
      runValidation(setupId, step, needsSecret ? secret : undefined).then(
        (result) => {
          setRun(result);
          setConfirming(false);
          setAnnouncement(`Validation finished: ${counts(result.checks)}.`);
          setState({ phase: 'done' });
          router.refresh();
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          setAnnouncement(`Validation could not run: ${message}`);
          setState({ phase: 'error', message });
        },
      );
    },
  };

  useEffect(() => {
    if (takeRunRequest() && !missingSecret) mutation.mutate();
    // Runs once on arrival from the Validate button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (mutation.isSuccess) resultsHeading.current?.focus();
  }, [mutation.isSuccess, run]);

  const hasFailure = run?.checks.some((c) => c.status === 'fail') ?? false;
  // Permissions missing from a token that was issued: consent may simply not have reached tokens yet.
  const consentMissing = !!run && run.checks.some((c) => c.id.startsWith('permission-') && c.status === 'fail') && run.checks.some((c) => c.id === 'token' && c.status === 'pass');

  return (
    <div className="space-y-5">
      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>
      {needsSecret && (
        <div className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
          {missingSecret && (
            <p className="mb-3 text-sm">
              This step&apos;s checks need the client secret. It is never stored, so after a reload paste it again — it stays in this tab&apos;s memory only.
            </p>
          )}
          <SecretField id="validate-secret" />
        </div>
      )}
      <div className="no-print flex flex-wrap items-center gap-3">
        <Button onClick={() => mutation.mutate()} disabled={mutation.isPending || missingSecret}>
          {mutation.isPending ? 'Running…' : run ? 'Run again' : 'Run checks'}
        </Button>
        <Link href={`/setups/${setupId}/${step}`} className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
          Back to the step&apos;s instructions and inputs
        </Link>
      </div>
      {mutation.isPending && (
        <p className="text-sm" role="status">
          Running the checks live against Microsoft…
        </p>
      )}
      {mutation.error && (
        <Callout tone="danger" alert title="The validation could not run.">
          <p>{mutation.error.message} Nothing was saved from this attempt; your inputs are unchanged. Try again.</p>
        </Callout>
      )}
      {run ? (
        <section aria-labelledby="results-heading" aria-busy={mutation.isPending} className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="results-heading" ref={resultsHeading} tabIndex={-1} className="text-xl font-semibold">
              Results
            </h2>
            <StatusBadge status={run.status} label={`Overall: ${statusWords[run.status]}`} />
          </div>
          <p className="text-sm text-slate-800 dark:text-slate-200">
            {counts(run.checks)} · ran <time dateTime={run.startedAt}>{new Date(run.startedAt).toLocaleString()}</time> in {formatDuration(run.durationMs)}
          </p>
          {consentMissing && <ConsentWaiter setupId={setupId} secret={secret} onGranted={() => mutation.mutate()} />}
          <ol className="space-y-3" aria-label="Checks">
            {run.checks.map((c) => (
              <CheckItem key={c.id} check={c} />
            ))}
          </ol>
        </section>
      ) : (
        !mutation.isPending && <p className="text-sm">No validation has run for this step yet.</p>
      )}
      {run && (
        <nav aria-label="Continue" className="no-print flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
          {next &&
            (hasFailure && !confirming ? (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                Continue
              </Button>
            ) : (
              !confirming && (
                <LinkButton href={next.href} variant="primary">
                  Continue: {next.label}
                </LinkButton>
              )
            ))}
          {confirming && next && (
            <div role="alertdialog" aria-labelledby="confirm-text" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-700 px-3 py-2">
              <p id="confirm-text" className="text-sm font-medium">
                Some checks failed. Continue anyway?
              </p>
              <Link href={next.href} className={buttonClass('primary')} autoFocus>
                Continue anyway
              </Link>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Stay and fix
              </Button>
            </div>
          )}
        </nav>
      )}
    </div>
  );
}

