import 'server-only';
import { z } from 'zod';
import type { CheckResult, CheckTable, Evidence } from '@/lib/checks/result';
import { describeFailure, describeUnexpected, parseJson } from '@/lib/http/unexpected';
import { describeAttempts, upstream, type Attempt, type UpstreamResult } from '@/lib/http/upstream';
import { coverageQuery, nexthinkTokenUrl, nqlExecuteUrl, sampleQuery, type NqlCheckInput } from './nql';

/**
 * The live NQL API check: a token from {instance}-login.{region}.nexthink.cloud (HTTP Basic client
 * credentials, scope service:integration), then POST /api/v2/nql/execute on {instance}.api.{region}
 * for the coverage query and, when given, the sample query. The API secret and the token stay in this
 * call's frame; nothing is stored.
 */

const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.coerce.number().optional() }).loose();

/** NqlApiExecuteV2Response: data is a list of objects keyed by field name (V1 had headers + arrays). */
const executeV2Schema = z
  .object({
    queryId: z.string().optional(),
    executedQuery: z.string().optional(),
    rows: z.number().optional(),
    executionDateTime: z.unknown().optional(),
    headers: z.array(z.string()).optional(),
    data: z.array(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())])),
  })
  .loose();

/** Nexthink's ErrorResponse {message, code, source}; Okta-style {error, error_description} at the token endpoint. */
export function errorMessage(text: string): string | undefined {
  const json = parseJson(text);
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const parts = [o['message'], o['details'], o['error_description'], o['errorSummary'], o['error']].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts[0]?.slice(0, 300);
}

export type Outcome = Omit<CheckResult, 'id' | 'title' | 'durationMs'>;

export function evidence(res: UpstreamResult, extra: Evidence = {}): Evidence {
  const retries = describeAttempts(res.attempts);
  return { ...(res.ok && { httpStatus: res.status }), ...(retries && { retries }), ...extra };
}

type Where = Pick<NqlCheckInput, 'instance' | 'region'>;
const consoleHint = (input: Where) => `https://${input.instance}.${input.region}.nexthink.cloud`;

export function explainNoAnswer(res: Extract<UpstreamResult, { ok: false }>, input: Where, what: string): Outcome {
  const dns = res.kind === 'network' && /DNS|resolved/.test(res.message);
  return {
    status: 'fail',
    summary: `${what}: ${describeFailure(res)}.`,
    remediation: dns
      ? `No Nexthink instance answers at that address. Check the instance name and region: they are the first two parts of your Nexthink address, ${consoleHint(input)}.`
      : res.kind === 'blocked'
        ? 'Only Nexthink\'s own hosts ({instance}.api.{region}.nexthink.cloud) may be called. Check the instance name.'
        : 'Check this server\'s outbound HTTPS access to nexthink.cloud (HTTPS_PROXY / NO_PROXY), then run the check again.',
    evidence: evidence(res),
  };
}

export function retryAfterOf(attempts: Attempt[]): number | undefined {
  return attempts.at(-1)?.retryAfterSeconds;
}

export async function getToken(input: Pick<NqlCheckInput, 'instance' | 'region' | 'clientId' | 'clientSecret'>, signal?: AbortSignal, needs = '"NQL API"'): Promise<{ ok: true; token: string } | { ok: false; outcome: Outcome }> {
  const basic = Buffer.from(`${input.clientId}:${input.clientSecret}`, 'utf8').toString('base64');
  const res = await upstream({
    method: 'POST',
    url: nexthinkTokenUrl(input.instance, input.region),
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'grant_type=client_credentials&scope=service%3Aintegration',
    purpose: 'nexthink token',
    ...(signal && { signal }),
  });
  if (!res.ok) return { ok: false, outcome: explainNoAnswer(res, input, 'Nexthink\'s login service could not be reached') };
  if (res.status === 200) {
    const parsed = tokenSchema.safeParse(parseJson(res.text));
    if (parsed.success) return { ok: true, token: parsed.data.access_token };
    return { ok: false, outcome: { status: 'fail', summary: `Nexthink's login service answered with ${describeUnexpected(res).what} instead of a token.`, remediation: 'Something between this server and Nexthink changed the answer (a proxy?). Try again without it.', evidence: evidence(res) } };
  }
  const message = errorMessage(res.text);
  const ev = evidence(res, message ? { message } : {});
  if (res.status === 401 || res.status === 400) {
    const scope = /scope/i.test(message ?? '');
    return {
      ok: false,
      outcome: {
        status: 'fail',
        summary: scope
          ? `Nexthink refused the token request's scope service:integration (HTTP ${res.status}).`
          : `Nexthink refused the API credentials (HTTP ${res.status}): the client ID or the client secret is wrong, or the credential was deleted.`,
        remediation:
          `In Nexthink, Administration > API credentials: create a credential with ${needs} ticked and copy its client ID and secret (the secret is shown once). Paste them here exactly.`,
        evidence: ev,
      },
    };
  }
  if (res.status === 404) {
    return {
      ok: false,
      outcome: { status: 'fail', summary: `Nexthink's login service has no instance "${input.instance}" in region ${input.region} (HTTP 404).`, remediation: `Check the instance name and region against your Nexthink address, ${consoleHint(input)}.`, evidence: ev },
    };
  }
  if (res.status === 429) {
    const wait = retryAfterOf(res.attempts);
    return { ok: false, outcome: { status: 'fail', summary: 'Nexthink\'s login service is throttling requests (HTTP 429).', remediation: `Wait${wait !== undefined ? ` ${wait} s (Retry-After)` : ' a minute'} and run the check again.`, evidence: ev } };
  }
  return { ok: false, outcome: { status: 'fail', summary: `Nexthink's login service answered HTTP ${res.status}.`, remediation: 'This is on Nexthink\'s side. Run the check again in a few minutes.', evidence: ev } };
}

type Executed = { ok: true; rows: Record<string, unknown>[]; res: Extract<UpstreamResult, { ok: true }> } | { ok: false; outcome: Outcome; httpStatus?: number; retryAfter?: number };

export function explainExecuteStatus(status: number, queryId: string, nql: string, retryAfter?: number): Pick<Outcome, 'summary' | 'remediation'> {
  switch (status) {
    case 401:
      return {
        summary: 'The NQL API did not accept the token (HTTP 401): it expired, or it was issued for another instance.',
        remediation: 'Run the check again; if it persists, check that the instance and region belong to the API credential.',
      };
    case 403:
      return {
        summary: 'The API credential may not run NQL queries (HTTP 403).',
        remediation: 'In Nexthink, Administration > API credentials: edit the credential and tick "NQL API" (or create one with it), then run the check again.',
      };
    case 404:
      return {
        summary: `No NQL API query has the ID ${queryId} (HTTP 404): it has not been created yet, or its Query ID differs.`,
        remediation: `In Nexthink, Administration > NQL API queries > New NQL API query: Query ID ${queryId}, NQL: ${nql} — then run the check again. A Query ID cannot be changed later.`,
      };
    case 406:
      return {
        summary: 'The NQL API refused the Accept header (HTTP 406).',
        remediation: 'This server asks for application/json; a proxy between it and Nexthink changed the header. Let nexthink.cloud through unchanged.',
      };
    case 429:
      return {
        summary: 'The NQL API is throttling this credential (HTTP 429): its request limit is reached.',
        remediation: `Wait${retryAfter !== undefined ? ` ${retryAfter} s (Retry-After)` : ' a while'} and run the check again.`,
      };
    default:
      return status >= 500
        ? { summary: `The NQL API had a problem (HTTP ${status}).`, remediation: 'This is on Nexthink\'s side. Run the check again in a few minutes.' }
        : { summary: `The NQL API answered HTTP ${status}.`, remediation: 'Check the instance, region and Query ID, then run the check again.' };
  }
}

export async function execute(input: Where, token: string, queryId: string, nql: string, signal?: AbortSignal, extra: { parameters?: Record<string, string>; retries?: number } = {}): Promise<Executed> {
  const res = await upstream({
    method: 'POST',
    url: nqlExecuteUrl(input.instance, input.region),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ queryId, ...(extra.parameters && { parameters: extra.parameters }) }),
    purpose: 'nexthink nql execute',
    ...(signal && { signal }),
    ...(extra.retries !== undefined && { retries: extra.retries }),
  });
  if (!res.ok) return { ok: false, outcome: explainNoAnswer(res, input, 'The NQL API could not be reached') };
  if (res.status === 200) {
    const parsed = executeV2Schema.safeParse(parseJson(res.text));
    if (!parsed.success) {
      return { ok: false, outcome: { status: 'fail', summary: `The NQL API answered query ${queryId} with ${describeUnexpected(res).what}, not an NQL result.`, remediation: 'A proxy may have changed the answer. Try again without it.', evidence: evidence(res) } };
    }
    const { headers, data } = parsed.data;
    const rows = data.map((row) => (Array.isArray(row) ? Object.fromEntries((headers ?? []).map((h, i) => [h, row[i]])) : row));
    return { ok: true, rows, res };
  }
  const message = errorMessage(res.text);
  const plain = explainExecuteStatus(res.status, queryId, nql, retryAfterOf(res.attempts));
  const retryAfter = retryAfterOf(res.attempts);
  return { ok: false, httpStatus: res.status, ...(retryAfter !== undefined && { retryAfter }), outcome: { status: 'fail', ...plain, evidence: evidence(res, { code: `HTTP ${res.status}`, ...(message && { message }) }) } };
}

function numberIn(row: Record<string, unknown> | undefined, ...names: string[]): number | undefined {
  if (!row) return undefined;
  for (const [k, v] of Object.entries(row)) {
    const key = k.toLowerCase();
    if (names.some((n) => key === n || key.endsWith(`.${n}`))) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isFinite(n)) return n;
    }
  }
  return undefined;
}

const display = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : typeof v === 'object' ? JSON.stringify(v).slice(0, 200) : String(v));

export type NqlCheckResult = CheckResult & { coverage?: { total: number; withUsername: number } };

export async function runNqlCheck(input: NqlCheckInput, signal?: AbortSignal): Promise<NqlCheckResult> {
  const started = performance.now();
  const base = { id: 'nql-api-coverage', title: `Nexthink users table: user.ad.username is populated (NQL API, ${input.instance}.${input.region})` };
  const done = (o: Outcome, extra: Partial<NqlCheckResult> = {}): NqlCheckResult => ({ ...base, ...o, ...extra, durationMs: Math.round(performance.now() - started) });

  const token = await getToken(input, signal);
  if (!token.ok) return done(token.outcome);
  const coverage = await execute(input, token.token, input.coverageQueryId, coverageQuery, signal);
  if (!coverage.ok) return done(coverage.outcome);
  const first = coverage.rows[0];
  const total = numberIn(first, 'total', 'count');
  const withUsername = numberIn(first, 'with_upn', 'with_username');
  if (total === undefined || withUsername === undefined) {
    return done({
      status: 'fail',
      summary: `Query ${input.coverageQueryId} ran, but its result has no total and with_upn columns: it is not the coverage query.`,
      remediation: `Edit the query in Administration > NQL API queries so that its NQL is exactly: ${coverageQuery}`,
      evidence: evidence(coverage.res),
    });
  }

  let table: CheckTable | undefined;
  let sampleNote: string | undefined;
  if (input.sampleQueryId) {
    const sample = await execute(input, token.token, input.sampleQueryId, sampleQuery, signal);
    if (sample.ok) {
      const columns = [...new Set(sample.rows.flatMap((r) => Object.keys(r)))];
      table = {
        caption: `Sample from query ${input.sampleQueryId}: ${sample.rows.length} user(s) as Nexthink has them`,
        columns,
        rows: sample.rows.slice(0, 50).map((r) => columns.map((c) => display(r[c]))),
      };
    } else {
      sampleNote = `The sample query did not run: ${sample.outcome.summary} ${sample.outcome.remediation ?? ''}`.trim();
    }
  }

  const pct = total > 0 ? (withUsername / total) * 100 : 0;
  const pctText = `${pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
  const extra = { coverage: { total, withUsername }, ...(table && { table }) };
  const ev = evidence(coverage.res);
  const detail = [
    'Users seen in the past 7 days include local and system accounts, which never get an AD username: 100% is rare.',
    sampleNote,
  ]
    .filter(Boolean)
    .join('\n');
  if (total === 0) {
    return done({ status: 'warn', summary: 'Nexthink saw no users in the past 7 days, so coverage cannot be measured.', remediation: 'Check that Collectors are reporting, then run the check again.', evidence: ev, ...(sampleNote && { detail: sampleNote }) }, extra);
  }
  if (withUsername === 0) {
    return done(
      {
        status: 'fail',
        summary: `None of ${total.toLocaleString('en-US')} users seen in the past 7 days has user.ad.username: the Entra ID connector has not populated it.`,
        remediation:
          'Check the connector under Administration > Inbound connectors: it must have run successfully at least once, with Username mapped from userPrincipalName (step 4) and User.Read.All granted as an Application permission (step 2).',
        detail,
        evidence: ev,
      },
      extra,
    );
  }
  return done(
    {
      status: pct >= 80 ? 'pass' : 'warn',
      summary: `${withUsername.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} users seen in the past 7 days have user.ad.username (${pctText}).`,
      ...(pct < 80 && {
        remediation:
          'Reconcile an export (above) to see which users lack it and why: hybrid users not synced by Entra Connect, local accounts, or a connector that has not finished its first import.',
      }),
      detail,
      evidence: ev,
    },
    extra,
  );
}
