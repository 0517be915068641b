import 'server-only';
import type { Db } from '@/lib/db/connection';
import { localRunner } from './local-runner';
import type { JobRunner, Schedule, TickHandler } from './types';

export type { Tick, TickHandler } from './types';

/**
 * Schedules in the server process: `jobs().every(name, cron, handler)` runs `handler` once per due tick
 * across all instances (cron in UTC, five fields; croner's six-field seconds work on SQLite only). Register
 * before or after the start; features register in lib/jobs/schedules.ts so the server start finds them.
 */
export interface Jobs {
  every(name: string, cron: string, handler: TickHandler): void;
}

type State = { schedules: Map<string, Schedule>; runner?: JobRunner; starting?: Promise<JobRunner> };

// On globalThis: instrumentation and each route are bundled apart, each with its own copy of this module.
const state: State = ((globalThis as { [k: symbol]: State | undefined })[Symbol.for('entra-wizard.jobs')] ??= { schedules: new Map<string, Schedule>() });

function report(err: unknown, name: string) {
  // Imported lazily: lib/log reads the environment, which tests of the registry do not set up.
  void import('@/lib/log').then(({ log }) => log.warn('jobs.schedule_failed', { job: name, error: err instanceof Error ? err.message : String(err) }));
}

export function jobs(): Jobs {
  return {
    every(name, cron, handler) {
      if (state.schedules.has(name)) throw new Error(`A schedule named ${name} is already registered.`);
      const schedule = { name, cron, handler };
      state.schedules.set(name, schedule);
      if (state.starting) void state.starting.then((r) => r.add(schedule)).catch((err) => report(err, name));
    },
  };
}

/** Starts the engine for this store and every registered schedule. PostgreSQL: pass its URL. */
export async function startJobs(db: Db, options: { postgresUrl?: string } = {}): Promise<void> {
  if (state.starting) {
    await state.starting;
    return;
  }
  state.starting = (async () => {
    const runner = options.postgresUrl ? await (await import('./pg-boss-runner')).pgBossRunner(options.postgresUrl) : localRunner(db);
    for (const s of state.schedules.values()) await runner.add(s);
    state.runner = runner;
    return runner;
  })();
  try {
    await state.starting;
  } catch (err) {
    state.starting = undefined;
    throw err;
  }
}

/** Stops taking ticks and waits for the ones running (server shutdown, tests). */
export async function stopJobs(): Promise<void> {
  const starting = state.starting;
  state.starting = undefined;
  state.runner = undefined;
  if (starting) await (await starting).stop();
}

/** For tests: forget every registered schedule (after stopJobs). */
export function resetJobsForTests(): void {
  state.schedules.clear();
}
