import 'server-only';
import { log } from './log';

/**
 * Graceful stop. On SIGTERM Next.js's server stops accepting connections and waits for the requests in
 * flight before it exits (node_modules/next/dist/server/lib/start-server.js); that wait has no end of its
 * own, so this bounds it, and counts the validations still running so the log says what it waited for.
 */
// On globalThis: instrumentation and each route are bundled apart, each with its own copy of this module.
const state = ((globalThis as { [k: symbol]: { inFlight: number; stopping: boolean; hooks: (() => Promise<void>)[] } | undefined })[
  Symbol.for('entra-wizard.shutdown')
] ??= {
  inFlight: 0,
  stopping: false,
  hooks: [],
});

/** Work to stop when the server stops (the scheduler): started at the signal, not awaited by the exit. */
export function onShutdown(hook: () => Promise<void>): void {
  state.hooks.push(hook);
}

export async function trackInFlight<T>(work: () => Promise<T>): Promise<T> {
  state.inFlight++;
  try {
    return await work();
  } finally {
    state.inFlight--;
    if (state.stopping && state.inFlight === 0) log.info('server.drained', {});
  }
}

export function inFlightValidations(): number {
  return state.inFlight;
}

export function installShutdownBound(timeoutMs: number): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.stopping) return;
    state.stopping = true;
    log.info('server.stopping', { signal, inFlightValidations: state.inFlight, timeoutMs });
    for (const hook of state.hooks) void hook().catch((err) => log.warn('server.stop_hook_failed', { error: err instanceof Error ? err.message : String(err) }));
    setTimeout(() => {
      log.warn('server.stop_timeout', { inFlightValidations: state.inFlight, timeoutMs });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
