'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSecret } from '@/components/wizard/secret-context';
import { SecretField } from '@/components/wizard/secret-field';
import type { CheckStatus } from '@/lib/checks/result';
import { steps, type StepId } from '@/lib/steps/registry';

type Progress = Partial<Record<StepId, { state: 'running' } | { state: 'done'; status: CheckStatus } | { state: 'error'; message: string }>>;

/** Asks once for the secret, then runs the four steps' checks in order, showing each one's result as it lands. */
export function RevalidateAll({ setupId }: { setupId: string }) {
  const router = useRouter();
  const { secret } = useSecret();
  const [progress, setProgress] = useState<Progress>({});
  const [running, setRunning] = useState(false);
  const done = steps.filter((s) => progress[s.id]?.state === 'done').length;

  async function run() {
    setRunning(true);
    setProgress({});
    for (const s of steps) {
      setProgress((p) => ({ ...p, [s.id]: { state: 'running' } }));
      try {
        const res = await fetch(`/api/setups/${setupId}/steps/${s.id}/validate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(s.needsSecret && secret ? { clientSecret: secret } : {}),
        });
        const body = (await res.json()) as { status?: CheckStatus; error?: { message?: string } };
        if (!res.ok || !body.status) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        setProgress((p) => ({ ...p, [s.id]: { state: 'done', status: body.status! } }));
      } catch (err) {
        setProgress((p) => ({ ...p, [s.id]: { state: 'error', message: err instanceof Error ? err.message : String(err) } }));
      }
    }
    setRunning(false);
    router.refresh();
  }

  return (
    <section aria-labelledby="revalidate-heading" className="no-print space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="revalidate-heading" className="text-lg font-semibold">
        Re-validate all
      </h2>
      <SecretField id="revalidate-secret" />
      <Button onClick={run} disabled={running || secret.trim() === ''}>
        {running ? 'Re-validating…' : 'Re-validate all'}
      </Button>
      {(running || done > 0) && (
        <>
          <progress className="w-full" max={steps.length} value={done} aria-label="Steps re-validated" />
          <ol className="space-y-1 text-sm" aria-live="polite">
            {steps.map((s) => {
              const p = progress[s.id];
              return (
                <li key={s.id} className="flex flex-wrap items-center gap-2">
                  {s.number}. {s.navTitle}:{' '}
                  {!p ? 'waiting' : p.state === 'running' ? 'running…' : p.state === 'error' ? `could not run (${p.message})` : <StatusBadge status={p.status} />}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
