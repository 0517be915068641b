import 'server-only';
import { log } from '@/lib/log';
import type { ValidationContext } from './context';
import type { CheckResult, Evidence, CheckStatus, CheckTable } from './result';

export type CheckOutcome = {
  status: CheckStatus;
  summary: string;
  detail?: string;
  remediation?: string;
  evidence?: Evidence;
  table?: CheckTable;
};

export type CheckDef = {
  id: string;
  title: string | ((ctx: ValidationContext) => string);
  run(ctx: ValidationContext): Promise<CheckOutcome>;
};

/** Checks whose number depends on the setup, e.g. one per Graph permission the chosen workflows need. */
export type CheckFactory = { expand(ctx: ValidationContext): CheckDef[] };
export type CheckEntry = CheckDef | CheckFactory;

export const skip = (summary: string): CheckOutcome => ({ status: 'skip', summary });

/**
 * Runs a step's checks concurrently (shared upstream results are memoized in the context) and returns
 * them in the registry's order. A check that throws becomes a Failed result: one broken check never
 * hides the others.
 */
export async function runChecks(entries: readonly CheckEntry[], ctx: ValidationContext): Promise<CheckResult[]> {
  const defs = entries.flatMap((e) => ('expand' in e ? e.expand(ctx) : [e]));
  return Promise.all(
    defs.map(async (def): Promise<CheckResult> => {
      const started = performance.now();
      const title = typeof def.title === 'function' ? def.title(ctx) : def.title;
      let outcome: CheckOutcome;
      try {
        outcome = await def.run(ctx);
      } catch (err) {
        log.error('check.crashed', { check: def.id, error: err instanceof Error ? err.message : String(err) });
        outcome = {
          status: 'fail',
          summary: 'This check stopped on an internal error.',
          remediation: 'Run the check again. If it happens again, report it with the time shown here.',
        };
      }
      return { id: def.id, title, ...outcome, durationMs: Math.round(performance.now() - started) };
    }),
  );
}
