import 'server-only';
import { randomUUID } from 'node:crypto';
import { createValidationContext } from '@/lib/checks/context';
import { explainEntraFailure, explainGraphFailure } from '@/lib/checks/explain';
import type { CheckOutcome } from '@/lib/checks/runner';
import type { Db } from '@/lib/db/connection';
import { acquireLease, leaseHeld, releaseLease, renewLease } from '@/lib/db/leases';
import { log } from '@/lib/log';
import { mappedFields } from '@/lib/nexthink/mapping';
import type { Setup } from '@/lib/setups/schema';
import { analysisStatus } from './categorize';
import type { AnalysisEvent } from './events';
import { analyseUsers, type AnalyseOptions, type AnalysisOutcome } from './graph-users';
import { saveAnalysis } from './store';

/** Flags every analysis reads besides the mapped properties. */
export const FLAG_PROPERTIES = ['accountEnabled', 'userType', 'onPremisesSyncEnabled'] as const;

/** The $select: the mapped properties as typed, the flags, and the UPN (the category examples name users by it). */
export function analysisSelect(setup: Setup): { select: string[]; mapped: string[]; usernameProperty: string | undefined } {
  const fields = mappedFields(setup.mapping);
  const mapped = [...new Set(fields.map((f) => f.property))];
  const select = [...mapped];
  const lower = new Set(select.map((p) => p.toLowerCase()));
  for (const p of ['userPrincipalName', ...FLAG_PROPERTIES]) {
    if (!lower.has(p.toLowerCase())) {
      select.push(p);
      lower.add(p.toLowerCase());
    }
  }
  return { select, mapped, usernameProperty: fields.find((f) => f.key === 'username')?.property };
}

const running = new Set<string>();

/** One analysis per setup at a time on this server: a second would only double the load on Graph. */
export function isAnalysing(setupId: string): boolean {
  return running.has(setupId);
}

// Across instances (several behind a load balancer) the store holds a lease per setup, renewed while
// the analysis runs; if its instance dies, the lease lapses after LEASE_MS.
const LEASE_MS = 60_000;
const leaseKey = (setupId: string) => `analysis:${setupId}`;

/** True when an analysis of the setup runs on this instance or on another one. */
export async function isAnalysingAnywhere(db: Db, setupId: string): Promise<boolean> {
  return running.has(setupId) || (await leaseHeld(db, leaseKey(setupId)));
}

function errorEvent(outcome: CheckOutcome, progress: { users: number; pages: number }): AnalysisEvent {
  return {
    type: 'error',
    message: outcome.summary,
    ...(outcome.remediation && { remediation: outcome.remediation }),
    ...(outcome.evidence && { evidence: outcome.evidence }),
    ...progress,
  };
}

/**
 * The whole analysis for one setup, as events: token (exactly as the checks get it), every page, and
 * the stored result. The client secret and the token live in this generator's frame only.
 */
export async function* runUserAnalysis(
  db: Db,
  setup: Setup,
  input: { clientSecret: string; includeUpns?: boolean; signal: AbortSignal } & Pick<AnalyseOptions, 'heartbeatMs' | 'slowAfterMs' | 'sleep'>,
): AsyncGenerator<AnalysisEvent, void> {
  if (running.has(setup.id)) {
    yield errorEvent(
      { status: 'fail', summary: 'An analysis of this setup is already running on this server.', remediation: 'Wait for it to finish, or cancel it, then start again.' },
      { users: 0, pages: 0 },
    );
    return;
  }
  running.add(setup.id);
  const holder = randomUUID();
  let renewal: ReturnType<typeof setInterval> | undefined;
  const startedAt = new Date();
  try {
    if (!(await acquireLease(db, leaseKey(setup.id), holder, LEASE_MS))) {
      yield errorEvent(
        { status: 'fail', summary: 'An analysis of this setup is already running.', remediation: 'Wait for it to finish, or cancel it, then start again.' },
        { users: 0, pages: 0 },
      );
      return;
    }
    renewal = setInterval(() => void renewLease(db, leaseKey(setup.id), holder, LEASE_MS).catch(() => undefined), LEASE_MS / 3);
    renewal.unref?.();
    const ctx = createValidationContext({ setup, clientSecret: input.clientSecret, signal: input.signal, now: startedAt });
    const { select, mapped, usernameProperty } = analysisSelect(setup);
    yield { type: 'start', startedAt: startedAt.toISOString(), select };
    if (mapped.length === 0) {
      yield errorEvent({ status: 'fail', summary: 'Nothing is mapped, so there is nothing to analyse.', remediation: 'Map at least Username ← userPrincipalName on the step.' }, { users: 0, pages: 0 });
      return;
    }
    const token = await ctx.token();
    if ('unavailable' in token) {
      yield errorEvent({ status: 'skip', summary: `The analysis cannot start: ${token.unavailable}.` }, { users: 0, pages: 0 });
      return;
    }
    if (!token.ok) {
      yield errorEvent(explainEntraFailure(token.failure, token.attempts, ctx.cloud), { users: 0, pages: 0 });
      return;
    }
    /** Why the last try to renew the token failed, when it did (the page's 401 is then explained by it). */
    let renewalFailure: CheckOutcome | undefined;
    const generator = analyseUsers({
      session: {
        graphUrl: ctx.cloud.graphUrl,
        accessToken: token.accessToken,
        // The secret is still in this frame (never stored): a new token comes from the same URL the same way.
        renewToken: async () => {
          const fresh = await createValidationContext({ setup, clientSecret: input.clientSecret, signal: input.signal, now: new Date() }).token();
          if (fresh.ok) {
            renewalFailure = undefined;
            return fresh.accessToken;
          }
          renewalFailure = 'unavailable' in fresh ? { status: 'fail', summary: fresh.unavailable } : explainEntraFailure(fresh.failure, fresh.attempts, ctx.cloud);
          log.warn('analysis.token-renewal-failed', { setup: setup.id, reason: 'unavailable' in fresh ? fresh.unavailable : fresh.failure.kind });
          return undefined;
        },
      },
      select,
      mapped,
      includeUpns: input.includeUpns ?? false,
      signal: input.signal,
      ...(input.heartbeatMs !== undefined && { heartbeatMs: input.heartbeatMs }),
      ...(input.slowAfterMs !== undefined && { slowAfterMs: input.slowAfterMs }),
      ...(input.sleep && { sleep: input.sleep }),
    });
    let outcome: AnalysisOutcome;
    try {
      for (;;) {
        const step = await generator.next();
        if (step.done) {
          outcome = step.value;
          break;
        }
        yield step.value;
      }
    } finally {
      // When the caller goes away mid-way, stop the page in flight too.
      await generator.return({ ok: false, kind: 'cancelled', totals: { total: 0, guests: 0, disabled: 0, onmicrosoft: 0, synced: 0, missing: {} }, pages: 0, durationMs: 0 });
    }
    if (!outcome.ok) {
      if (outcome.kind === 'cancelled') {
        log.info('analysis.cancelled', { setup: setup.id, users: outcome.totals.total, pages: outcome.pages });
        return;
      }
      const explained =
        renewalFailure && outcome.failure.kind === 'graph-error' && outcome.failure.httpStatus === 401
          ? { ...renewalFailure, summary: `Reading users (page ${outcome.page}) stopped: the access token expired during the analysis and a new one could not be had. ${renewalFailure.summary}` }
          : explainGraphFailure(outcome.failure, outcome.attempts, `Reading users (page ${outcome.page}) failed`);
      yield errorEvent(explained, { users: outcome.totals.total, pages: outcome.pages });
      return;
    }
    const saved = await saveAnalysis(db, {
      setupId: setup.id,
      startedAt: startedAt.toISOString(),
      durationMs: outcome.durationMs,
      status: analysisStatus(outcome.totals, usernameProperty),
      select,
      ...(usernameProperty && { usernameProperty }),
      pages: outcome.pages,
      totals: outcome.totals,
      examples: outcome.examples,
    });
    log.info('analysis.done', { setup: setup.id, users: outcome.totals.total, pages: outcome.pages, ms: outcome.durationMs });
    yield { type: 'done', totals: outcome.totals, analysis: saved };
  } finally {
    clearInterval(renewal);
    running.delete(setup.id);
    await releaseLease(db, leaseKey(setup.id), holder).catch(() => undefined);
  }
}
