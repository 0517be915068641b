import 'server-only';
import { log } from '@/lib/log';

/**
 * Events as an NDJSON response. Pull-driven: the next event is computed only as fast as the caller reads, so
 * a slow reader never makes the server buffer. Closing the connection (or cancelling the fetch) aborts
 * `abort` — the work and its upstream request in flight — and ends the generator.
 */
export function ndjsonResponse(
  events: AsyncGenerator<unknown>,
  opts: { signal: AbortSignal; abort: AbortController; crashed: { event: string; fields: Record<string, unknown>; crashEvent: unknown } },
): Response {
  const { signal, abort } = opts;
  const onAbort = () => abort.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const encoder = new TextEncoder();
  let closed = false;
  const finish = () => {
    closed = true;
    signal.removeEventListener('abort', onAbort);
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        // The caller may have gone away while the work was in flight: the stream is closed already.
        if (closed) return;
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (err) {
        if (closed) return;
        log.error(opts.crashed.event, { ...opts.crashed.fields, error: err instanceof Error ? err.message : String(err) });
        controller.enqueue(encoder.encode(`${JSON.stringify(opts.crashed.crashEvent)}\n`));
        finish();
        controller.close();
      }
    },
    async cancel() {
      finish();
      abort.abort();
      await events.return(undefined);
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
