import 'server-only';
import type { Db } from '@/lib/db/connection';
import { log } from '@/lib/log';
import type { Setup } from '@/lib/setups/schema';
import { runUserAnalysis } from './run';

/**
 * The analysis as an NDJSON response. Pull-driven: the next page is read only as fast as the caller
 * reads the events, so a slow reader never makes the server buffer. Closing the connection (or
 * cancelling the fetch) aborts the analysis and the Graph request in flight.
 */
export function analysisStream(db: Db, setup: Setup, input: { clientSecret: string; includeUpns: boolean; signal: AbortSignal }): Response {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  input.signal.addEventListener('abort', onAbort, { once: true });
  const events = runUserAnalysis(db, setup, { clientSecret: input.clientSecret, includeUpns: input.includeUpns, signal: abort.signal });
  const encoder = new TextEncoder();
  let closed = false;
  const finish = () => {
    closed = true;
    input.signal.removeEventListener('abort', onAbort);
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        // The caller may have gone away while the page was in flight: the stream is closed already.
        if (closed) return;
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (err) {
        if (closed) return;
        log.error('analysis.crashed', { setup: setup.id, error: err instanceof Error ? err.message : String(err) });
        controller.enqueue(
          encoder.encode(`${JSON.stringify({ type: 'error', message: 'The analysis stopped on an internal error.', remediation: 'Run it again. If it happens again, report it with the time shown here.', users: 0, pages: 0 })}\n`),
        );
        finish();
        controller.close();
      }
    },
    async cancel() {
      finish();
      abort.abort();
      await events.return();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      // no-transform: compression would hold the events back until a buffer fills.
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
