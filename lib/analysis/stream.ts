import 'server-only';
import { ndjsonResponse } from '@/lib/api/ndjson';
import type { Db } from '@/lib/db/connection';
import type { Setup } from '@/lib/setups/schema';
import { runUserAnalysis } from './run';

/**
 * The analysis as an NDJSON response: the next page is read only as fast as the caller reads the events;
 * closing the connection (or cancelling the fetch) aborts the analysis and the Graph request in flight.
 */
export function analysisStream(db: Db, setup: Setup, input: { clientSecret: string; includeUpns: boolean; signal: AbortSignal }): Response {
  const abort = new AbortController();
  const events = runUserAnalysis(db, setup, { clientSecret: input.clientSecret, includeUpns: input.includeUpns, signal: abort.signal });
  return ndjsonResponse(events, {
    signal: input.signal,
    abort,
    crashed: {
      event: 'analysis.crashed',
      fields: { setup: setup.id },
      crashEvent: { type: 'error', message: 'The analysis stopped on an internal error.', remediation: 'Run it again. If it happens again, report it with the time shown here.', users: 0, pages: 0 },
    },
  });
}
