import 'server-only';
import { createValidationContext } from '@/lib/checks/context';
import { rollUp, type CheckResult, type CheckStatus } from '@/lib/checks/result';
import { runChecks } from '@/lib/checks/runner';
import type { Db } from '@/lib/db/connection';
import { previousStatus, saveRun } from '@/lib/db/runs';
import { notifyRunOutcome } from '@/lib/notify/run-outcome';
import type { Setup } from '@/lib/setups/schema';
import { stepChecks } from './checks';
import type { StepId } from './registry';

export type StepValidation = {
  step: StepId;
  startedAt: string;
  durationMs: number;
  status: CheckStatus;
  checks: CheckResult[];
  /** The tenant GUID after this run (resolved from a domain when it was one). */
  tenantId: string | null;
};

/**
 * Runs one step's checks live and stores the run. The client secret is used for this run's upstream
 * calls and dropped with the context when the function returns.
 */
export async function validateStep(
  db: Db,
  setup: Setup,
  step: StepId,
  clientSecret: string | undefined,
  signal?: AbortSignal,
  timing?: { checks?: number; store?: number },
): Promise<StepValidation> {
  const startedAt = new Date();
  const started = performance.now();
  const ctx = createValidationContext({ setup, ...(clientSecret !== undefined && { clientSecret }), ...(signal && { signal }), now: startedAt });
  const running = runChecks(stepChecks[step], ctx);
  // The step's previous outcome (does this run deserve a notice?) is read while the upstream calls are in
  // flight, once they have left (setImmediate: after the checks' first turns), so it costs the run no time.
  const previous = new Promise<void>((resolve) => setImmediate(resolve)).then(() => previousStatus(db, setup.id, step));
  previous.catch(() => undefined); // a store failure surfaces where it is awaited, after the checks
  const checks = await running;
  const checked = performance.now();
  const durationMs = Math.round(checked - started);
  const status = rollUp(checks.map((c) => c.status));
  const saved = await saveRun(db, { setupId: setup.id, step, startedAt: startedAt.toISOString(), durationMs, status, checks }, ctx.learned);
  await notifyRunOutcome(db, setup.id, step, await previous, saved);
  if (timing) {
    timing.checks = checked - started;
    timing.store = performance.now() - checked;
  }
  return {
    step,
    startedAt: startedAt.toISOString(),
    durationMs,
    status,
    checks,
    tenantId: ctx.learned.tenantId?.value ?? setup.tenantId,
  };
}
