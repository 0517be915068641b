import 'server-only';
import { parseGraphError } from '@/lib/graph/errors';
import type { GraphFailure } from '@/lib/graph/client';
import { describeUnexpected } from '@/lib/http/unexpected';
import { describeAttempts, upstream, type Attempt } from '@/lib/http/upstream';
import { UserTally, type UserExamples, type UserTotals } from './categorize';
import type { AnalysisEvent } from './events';

/**
 * Reads every user of the tenant, page by page (`$top=999`, following `@odata.nextLink` verbatim), and
 * counts them into categories. Memory stays flat whatever the tenant size: one page being counted and
 * the next one in flight — its link is read from the first kilobytes of the page as they arrive (Graph
 * writes its annotations before `value`), so the request for page n+1 goes out while page n is still
 * downloading, and is counted while n+1 travels. A page whose link comes after `value` is followed once
 * it has been read whole.
 *
 * Throttling: every 429, 5xx, cut-off or malformed page is waited out here (upstream() is told not to
 * retry), as long as Retry-After asks or with a growing back-off, up to PAGE_TRIES per page, and
 * announced second by second (`waiting`); a page that needed more than one try reports them (`retried`).
 */

export const PAGE_SIZE = 999;
/** Tries of one page here, on top of upstream()'s own retries. */
export const PAGE_TRIES = 5;
/** Longest single wait here; Graph asking for more than this means "come back later". */
export const MAX_WAIT_SECONDS = 300;

export type AnalysisSession = {
  graphUrl: string;
  accessToken: string;
  /**
   * A fresh token, or undefined when none can be had. App-only tokens last 60–90 minutes, less than a
   * large tenant's analysis may take: when Graph turns a page down with 401, the token is renewed once
   * for that page and the page asked for again.
   */
  renewToken?: () => Promise<string | undefined>;
};

export type AnalysisFailure = { kind: 'failed'; failure: GraphFailure; attempts: Attempt[]; page: number } | { kind: 'cancelled' };

export type AnalysisOutcome =
  | { ok: true; totals: UserTotals; examples: UserExamples; pages: number; durationMs: number }
  | ({ ok: false; totals: UserTotals; pages: number; durationMs: number } & AnalysisFailure);

export type AnalyseOptions = {
  session: AnalysisSession;
  /** The Graph properties to read: the mapped ones, the flags' and the UPN. */
  select: readonly string[];
  /** The mapped properties whose emptiness is counted. */
  mapped: readonly string[];
  includeUpns?: boolean;
  signal: AbortSignal;
  /** Heartbeat while a page is outstanding; the first `waiting` event comes after slowAfterMs. */
  heartbeatMs?: number;
  slowAfterMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

type Page =
  | { ok: true; text: string; attempts: Attempt[] }
  | { ok: false; failure: GraphFailure; attempts: Attempt[]; retryable: boolean; retryAfterSeconds?: number; cancelled: boolean };

type InFlight = { url: string; page: Promise<Page>; abort: AbortController; current: boolean; nextUrl?: string };

type PageBody = { value?: unknown; '@odata.nextLink'?: unknown; '@odata.count'?: unknown };

const TICK = Symbol('tick');

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with the promise's value, or TICK after `ms` (the timer is cleared either way). */
function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TICK> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = new Promise<typeof TICK>((resolve) => {
    timer = setTimeout(() => resolve(TICK), ms);
  });
  return Promise.race([p, tick]).finally(() => clearTimeout(timer));
}

export function firstPageUrl(graphUrl: string, select: readonly string[]): string {
  // Property names are letters, digits and underscores (the mapping schema), so the list needs no encoding.
  return `${graphUrl}/v1.0/users?$select=${select.join(',')}&$top=${PAGE_SIZE}&$count=true`;
}

async function fetchPage(url: string, accessToken: string, signal: AbortSignal, onBodyStart: (head: string) => void): Promise<Page> {
  const res = await upstream({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ConsistencyLevel: 'eventual' },
    signal,
    purpose: 'graph users analysis',
    onBodyStart,
    retries: 0,
  });
  if (!res.ok) {
    return {
      ok: false,
      failure: { kind: 'upstream', failure: res },
      attempts: res.attempts,
      retryable: res.kind === 'timeout' || res.kind === 'network',
      cancelled: res.kind === 'aborted',
    };
  }
  if (res.status === 200) return { ok: true, text: res.text, attempts: res.attempts };
  const retryable = res.status === 429 || res.status >= 500;
  const retryAfter = res.attempts.at(-1)?.retryAfterSeconds;
  const error = parseGraphError(res.text);
  const failure: GraphFailure = error
    ? { kind: 'graph-error', httpStatus: res.status, error: error.requestId ? error : { ...error, ...(res.headers.get('request-id') && { requestId: res.headers.get('request-id')! }) } }
    : describeUnexpected(res);
  return { ok: false, failure, attempts: res.attempts, retryable, ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }), cancelled: false };
}

/** `@odata.nextLink` when Graph put it before `value` (it does for lists), without parsing the page. */
export function peekNextLink(text: string): string | undefined {
  const value = text.indexOf('"value"');
  const head = value < 0 ? text.slice(0, 4096) : text.slice(0, value);
  const m = /"@odata\.nextLink"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(head);
  if (!m?.[1]) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return undefined;
  }
}

function malformed(httpStatus: number): GraphFailure {
  return { kind: 'unexpected', httpStatus, what: `an answer that could not be read (HTTP ${httpStatus}, malformed JSON)` };
}

export async function* analyseUsers(opts: AnalyseOptions): AsyncGenerator<AnalysisEvent, AnalysisOutcome> {
  const { session, signal } = opts;
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  // Graph takes 1–3 s for a full page of 999; say something only when a page is clearly held up.
  const slowAfterMs = opts.slowAfterMs ?? 5000;
  const sleep = opts.sleep ?? defaultSleep;
  const tally = new UserTally(opts.mapped);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let pages = 0;
  let expected: number | null = null;
  /**
   * The request for the page after the one being counted; aborted if the stream goes away. Only the page
   * being counted may send for its successor, so at most two pages are ever held: a page whose head
   * arrives while it is itself still the one ahead keeps its link until its turn.
   */
  let ahead: InFlight | undefined;
  let accessToken = session.accessToken;
  /** The page whose 401 last renewed the token: once per page, so a token Graph never accepts fails. */
  let renewedFor = 0;

  const request = (url: string): InFlight => {
    const abort = new AbortController();
    const onBodyStart = (head: string) => {
      const next = peekNextLink(head);
      if (!next) return;
      entry.nextUrl = next;
      if (entry.current) sendAhead(next);
    };
    const entry: InFlight = { url, abort, current: false, page: fetchPage(url, accessToken, AbortSignal.any([signal, abort.signal]), onBodyStart) };
    return entry;
  };
  const dropAhead = () => {
    ahead?.abort.abort();
    ahead = undefined;
  };
  const sendAhead = (next: string) => {
    if (ahead?.url === next) return;
    dropAhead();
    ahead = request(next);
  };
  const stop = (failure: AnalysisFailure): AnalysisOutcome => ({ ok: false, totals: tally.snapshot().totals, pages, durationMs: elapsed(), ...failure });

  let url: string | undefined = firstPageUrl(session.graphUrl, opts.select);
  try {
    while (url) {
      const pageNo = pages + 1;
      let body: PageBody | undefined;
      /** This page's failed tries so far, with what was waited after each. */
      const tries: Attempt[] = [];
      for (let attempt = 1; body === undefined; attempt++) {
        if (ahead && ahead.url !== url) dropAhead();
        const inFlight = ahead ?? request(url);
        ahead = undefined;
        inFlight.current = true;
        if (inFlight.nextUrl) sendAhead(inFlight.nextUrl);
        const sentAt = performance.now();
        let result: Page | typeof TICK;
        while ((result = await within(inFlight.page, heartbeatMs)) === TICK) {
          const waited = performance.now() - sentAt;
          if (waited >= slowAfterMs) {
            yield {
              type: 'waiting',
              page: pageNo,
              seconds: Math.round(waited / 1000),
              reason: 'slow',
              message: `Waiting for Microsoft Graph to answer page ${pageNo} (${Math.round(waited / 1000)} s). When Graph throttles, this server waits as long as its Retry-After asks, then tries again.`,
            };
          }
        }
        if (result.ok) {
          // Normally sent for from the head of the body already; count this one while the next travels.
          const next = ahead ? undefined : peekNextLink(result.text);
          if (next) sendAhead(next);
          try {
            body = JSON.parse(result.text) as PageBody;
            const all = [...tries, ...result.attempts];
            if (all.length > 1) yield { type: 'retried', page: pageNo, detail: describeAttempts(all) ?? '' };
            break;
          } catch {
            const attempts = result.attempts.map((a, i, list) => (i === list.length - 1 ? { ...a, error: 'malformed JSON' } : a));
            result = { ok: false, failure: malformed(200), attempts, retryable: true, cancelled: false };
          }
        }
        // A page that failed after its head arrived (cut off, malformed) may have sent for the next one.
        dropAhead();
        if (result.cancelled || signal.aborted) return stop({ kind: 'cancelled' });
        if (result.failure.kind === 'graph-error' && result.failure.httpStatus === 401 && session.renewToken && renewedFor !== pageNo) {
          renewedFor = pageNo;
          const fresh = await session.renewToken();
          if (signal.aborted) return stop({ kind: 'cancelled' });
          if (fresh) {
            accessToken = fresh;
            const why = result.failure.error.message ? ` ("${result.failure.error.message}")` : '';
            yield { type: 'retried', page: pageNo, detail: `401, Graph no longer accepted the access token${why}; a new token was requested and the page read again` };
            attempt -= 1;
            continue;
          }
        }
        const wait = result.retryAfterSeconds ?? Math.min(2 ** attempt, 30);
        tries.push(...result.attempts);
        if (!result.retryable || attempt >= PAGE_TRIES || wait > MAX_WAIT_SECONDS) {
          return stop({ kind: 'failed', failure: result.failure, attempts: tries, page: pageNo });
        }
        const last = tries.at(-1);
        if (last) last.waitedMs = wait * 1000;
        const throttled = result.failure.kind !== 'upstream' && result.failure.httpStatus === 429;
        for (let left = Math.ceil(wait); left > 0; left--) {
          yield {
            type: 'waiting',
            page: pageNo,
            seconds: left,
            reason: throttled ? 'throttled' : 'unavailable',
            ...(result.retryAfterSeconds !== undefined && { retryAfterSeconds: result.retryAfterSeconds }),
            message: throttled
              ? `Microsoft Graph is throttling (HTTP 429)${result.retryAfterSeconds !== undefined ? ` and asked to wait ${result.retryAfterSeconds} s (Retry-After)` : ''}: trying page ${pageNo} again in ${left} s.`
              : `Microsoft Graph did not answer page ${pageNo} properly; trying again in ${left} s (attempt ${attempt + 1} of ${PAGE_TRIES}).`,
          };
          try {
            await sleep(Math.min(1000, wait * 1000), signal);
          } catch {
            return stop({ kind: 'cancelled' });
          }
        }
      }

      const users = Array.isArray(body.value) ? (body.value as Record<string, unknown>[]) : [];
      const upns: string[] | undefined = opts.includeUpns ? [] : undefined;
      for (const u of users) {
        tally.add(u);
        if (upns && typeof u['userPrincipalName'] === 'string') upns.push(u['userPrincipalName']);
      }
      pages += 1;
      if (typeof body['@odata.count'] === 'number') expected = body['@odata.count'];
      const next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
      if (ahead && ahead.url !== next) dropAhead();
      url = next;
      if (upns) yield { type: 'upns', upns };
      const ms = elapsed();
      const read = tally.count;
      yield {
        type: 'progress',
        users: read,
        pages,
        elapsedMs: ms,
        expected,
        remainingMs: expected !== null && read > 0 && url ? Math.max(0, Math.round((ms / read) * (expected - read))) : url ? null : 0,
        totals: tally.totalsNow(),
      };
    }
  } finally {
    ahead?.abort.abort();
  }
  const { totals, examples } = tally.snapshot();
  return { ok: true, totals, examples, pages, durationMs: elapsed() };
}
