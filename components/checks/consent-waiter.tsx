'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ConsentState } from '@/lib/steps/consent';

const CONSENT_INTERVAL_MS = 20_000;
const CONSENT_MAX_MS = 10 * 60_000;

type Waiting = { startedAt: number; nextAt: number; attempt: number; last?: ConsentState; checking: boolean };

/**
 * "Wait for consent": admin consent can take minutes to reach new tokens. Asks for a fresh token every
 * 20 s for up to 10 minutes, shows the countdown, stops as soon as the permissions appear (then re-runs
 * the validation), and can be cancelled.
 */
export function ConsentWaiter({ setupId, secret, onGranted }: { setupId: string; secret: string; onGranted: () => void }) {
  const [waiting, setWaiting] = useState<Waiting | undefined>(undefined);
  const [outcome, setOutcome] = useState<'timed-out' | 'cancelled' | 'error' | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const granted = useRef(onGranted);
  granted.current = onGranted;

  function stop(result?: typeof outcome) {
    clearTimeout(timer.current);
    controller.current?.abort();
    setWaiting(undefined);
    setOutcome(result);
  }

  async function attempt(startedAt: number, n: number) {
    controller.current = new AbortController();
    setWaiting((w) => (w ? { ...w, attempt: n, checking: true } : w));
    let state: ConsentState;
    try {
      const res = await fetch(`/api/setups/${setupId}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientSecret: secret }),
        signal: controller.current.signal,
      });
      state = (await res.json()) as ConsentState;
      if (!res.ok) state = { state: 'error', message: `The server answered HTTP ${res.status}.`, checkedAt: new Date().toISOString() };
    } catch {
      if (controller.current.signal.aborted) return;
      state = { state: 'error', message: 'The server could not be reached.', checkedAt: new Date().toISOString() };
    }
    if (state.state === 'granted') {
      stop();
      granted.current();
      return;
    }
    const nextAt = Date.now() + CONSENT_INTERVAL_MS;
    if (nextAt - startedAt > CONSENT_MAX_MS) {
      stop('timed-out');
      return;
    }
    setWaiting({ startedAt, nextAt, attempt: n, last: state, checking: false });
    timer.current = setTimeout(() => void attempt(startedAt, n + 1), CONSENT_INTERVAL_MS);
  }

  function start() {
    const startedAt = Date.now();
    setOutcome(undefined);
    setWaiting({ startedAt, nextAt: startedAt, attempt: 1, checking: true });
    void attempt(startedAt, 1);
  }

  useEffect(() => {
    if (!waiting) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [waiting]);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  const maxAttempts = Math.floor(CONSENT_MAX_MS / CONSENT_INTERVAL_MS) + 1;
  if (!waiting) {
    return (
      <div className="space-y-2 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-700">
        <p>
          Just granted admin consent? It can take a few minutes to reach new tokens. The wizard can ask for a fresh token every 20 seconds for up to 10 minutes and
          re-run the checks as soon as the permissions appear.
        </p>
        <Button variant="secondary" onClick={start} disabled={!secret}>
          Wait for consent
        </Button>
        {outcome === 'timed-out' && <p role="status">Still missing after 10 minutes. Check that consent was granted (Status “Granted for …”), then try again.</p>}
        {outcome === 'cancelled' && <p role="status">Stopped waiting.</p>}
      </div>
    );
  }
  const elapsed = Math.max(0, now - waiting.startedAt);
  const nextIn = Math.max(0, Math.ceil((waiting.nextAt - now) / 1000));
  const mmss = `${Math.floor(elapsed / 60_000)}:${String(Math.floor((elapsed % 60_000) / 1000)).padStart(2, '0')}`;
  return (
    <div className="space-y-2 rounded-md border border-brand-600 p-3 text-sm" aria-labelledby="consent-wait-heading">
      <h3 id="consent-wait-heading" className="font-semibold">
        Waiting for consent
      </h3>
      <progress className="w-full" max={CONSENT_MAX_MS} value={elapsed} aria-label="Time waited for consent, out of 10 minutes" />
      <p role="status" aria-live="polite">
        {waiting.checking ? `Checking a fresh token (attempt ${waiting.attempt} of ${maxAttempts})…` : `Attempt ${waiting.attempt} of ${maxAttempts}: next check in ${nextIn} s.`} Waited {mmss}{' '}
        of 10:00.
      </p>
      {waiting.last?.state === 'missing' && <p>Still missing: {waiting.last.missing.map((m) => m.permission).join(', ')}.</p>}
      {waiting.last?.state === 'error' && <p>{waiting.last.message}</p>}
      <Button variant="secondary" onClick={() => stop('cancelled')}>
        Cancel waiting
      </Button>
    </div>
  );
}
