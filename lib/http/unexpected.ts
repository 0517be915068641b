import type { UpstreamFailure, UpstreamResponse } from './upstream';

/** A response that is neither the expected success nor a recognisable Microsoft error body. */
export type UnexpectedResponse = {
  kind: 'unexpected';
  httpStatus: number;
  /** Plain words: what came back. */
  what: string;
};

export function describeUnexpected(res: UpstreamResponse): UnexpectedResponse {
  const type = res.headers.get('content-type') ?? '';
  const body = res.text.trim();
  let what: string;
  if (res.status === 429) what = 'HTTP 429 Too Many Requests (throttled)';
  else if (body === '') what = `an empty answer (HTTP ${res.status})`;
  else if (/html/i.test(type) || /^<(!doctype|html)/i.test(body)) {
    what = `an HTML page instead of JSON (HTTP ${res.status}), typically from a proxy or gateway between this server and Microsoft`;
  } else if (res.status >= 500) what = `HTTP ${res.status} (${statusText(res.status)})`;
  else what = `an answer that could not be read (HTTP ${res.status}, malformed JSON)`;
  return { kind: 'unexpected', httpStatus: res.status, what };
}

function statusText(status: number): string {
  switch (status) {
    case 500:
      return 'internal server error';
    case 502:
      return 'bad gateway';
    case 503:
      return 'service unavailable';
    case 504:
      return 'gateway timeout';
    default:
      return 'server error';
  }
}

/** Plain words for a call that got no answer at all. */
export function describeFailure(f: UpstreamFailure): string {
  switch (f.kind) {
    case 'timeout':
      return `${f.host} did not answer: ${f.message}`;
    case 'blocked':
      return `the call was refused by this server: ${f.message}`;
    case 'redirect':
      return `${f.host}: ${f.message}`;
    case 'too-large':
      return `${f.host}: ${f.message}`;
    case 'aborted':
      return 'the check was cancelled';
    case 'network':
      return `could not reach ${f.host}: ${f.message}`;
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
