import 'server-only';
import type { Cloud } from '@/lib/entra/clouds';
import { explainAadsts, type EntraError } from '@/lib/entra/errors';
import type { GraphFailure } from '@/lib/graph/client';
import { explainGraphError } from '@/lib/graph/errors';
import { describeFailure, type UnexpectedResponse } from '@/lib/http/unexpected';
import { describeAttempts, type Attempt, type UpstreamFailure } from '@/lib/http/upstream';
import type { CheckOutcome } from './runner';
import type { Evidence } from './result';

export type EntraFailure = { kind: 'entra-error'; httpStatus: number; error: EntraError } | { kind: 'upstream'; failure: UpstreamFailure } | UnexpectedResponse;

export function entraEvidence(httpStatus: number | undefined, error: EntraError | undefined, attempts: Attempt[]): Evidence {
  const retries = describeAttempts(attempts);
  return {
    ...(error?.code !== undefined && { code: `AADSTS${error.code}` }),
    ...(httpStatus !== undefined && { httpStatus }),
    ...(error?.traceId && { traceId: error.traceId }),
    ...(error?.correlationId && { correlationId: error.correlationId }),
    ...(error?.timestamp && { timestamp: error.timestamp }),
    ...(retries && { retries }),
  };
}

export function attemptsEvidence(httpStatus: number | undefined, attempts: Attempt[], extra: Evidence = {}): Evidence {
  const retries = describeAttempts(attempts);
  return { ...(httpStatus !== undefined && { httpStatus }), ...(retries && { retries }), ...extra };
}

const proxyHint =
  'If this server reaches the internet through a proxy, set HTTPS_PROXY (and NO_PROXY) for it; a TLS-inspecting proxy also needs its root certificate in NODE_EXTRA_CA_CERTS.';

/** A failed call to Entra ID (discovery or token) as a check result with a fix. */
export function explainEntraFailure(failure: EntraFailure, attempts: Attempt[], cloud: Cloud, service = 'Entra ID'): CheckOutcome {
  if (failure.kind === 'entra-error') {
    const { error, httpStatus } = failure;
    const known = explainAadsts(error.code, { cloudLabel: cloud.label });
    const code = error.code !== undefined ? `AADSTS${error.code}` : error.error;
    if (!known && httpStatus >= 500) {
      return {
        status: 'fail',
        summary: `${service} had an internal problem (HTTP ${httpStatus}, ${code}).`,
        ...(error.description && { detail: `Microsoft says: ${error.description}` }),
        remediation: `This is on Microsoft's side. Run the check again in a few minutes; if it persists, check the Microsoft 365 / Azure service health page.`,
        evidence: { ...entraEvidence(httpStatus, error, attempts), ...(error.description && { message: error.description }) },
      };
    }
    return {
      status: 'fail',
      summary: known ? `${known.summary} (${code})` : `${service} refused the request: ${code}.`,
      ...(error.description && { detail: `Microsoft says: ${error.description}` }),
      remediation: known
        ? known.fix
        : `Look the code up in Microsoft's reference: ${error.errorUri ?? `https://login.microsoftonline.com/error?code=${error.code ?? ''}`}`,
      evidence: { ...entraEvidence(httpStatus, error, attempts), ...(error.description && { message: error.description }) },
    };
  }
  return explainNoAnswer(failure, attempts, service);
}

function explainNoAnswer(failure: { kind: 'upstream'; failure: UpstreamFailure } | UnexpectedResponse, attempts: Attempt[], service: string): CheckOutcome {
  if (failure.kind === 'upstream') {
    const f = failure.failure;
    return {
      status: 'fail',
      summary: `${service} could not be reached: ${describeFailure(f)}.`,
      remediation:
        f.kind === 'timeout' || f.kind === 'network'
          ? `Check this server's outbound HTTPS access to ${f.host}. ${proxyHint} Then run the check again.`
          : f.kind === 'blocked'
            ? 'Only Microsoft\'s login and Graph hosts may be called. Check the Cloud setting.'
            : f.kind === 'redirect'
              ? `Microsoft never redirects these calls: something between this server and Microsoft did (a proxy's sign-in page, a captive portal). ${proxyHint}`
              : 'Run the check again in a few minutes.',
      evidence: attemptsEvidence(undefined, attempts),
    };
  }
  const throttled = failure.httpStatus === 429;
  return {
    status: 'fail',
    summary: `${service} answered with ${failure.what}.`,
    remediation: throttled
      ? 'Microsoft is throttling requests. Wait a minute and run the check again.'
      : failure.httpStatus >= 500
        ? `This is on Microsoft's side or a gateway's. Run the check again in a few minutes. ${proxyHint}`
        : `Something between this server and Microsoft changed the answer. ${proxyHint}`,
    evidence: attemptsEvidence(failure.httpStatus, attempts),
  };
}

/** A failed Graph call as a check result with a fix. */
export function explainGraphFailure(failure: GraphFailure, attempts: Attempt[], what: string): CheckOutcome {
  if (failure.kind === 'graph-error') {
    const { error, httpStatus } = failure;
    const plain = explainGraphError(httpStatus, error);
    return {
      status: 'fail',
      summary: `${what}: ${plain.summary}`,
      ...(error.message && { detail: `Microsoft Graph says: ${error.code}: ${error.message}` }),
      remediation: plain.fix,
      evidence: {
        code: error.code,
        httpStatus,
        ...(error.requestId && { requestId: error.requestId }),
        ...(error.date && { timestamp: error.date }),
        ...(error.message && { message: error.message }),
        ...(describeAttempts(attempts) && { retries: describeAttempts(attempts) }),
      },
    };
  }
  const outcome = explainNoAnswer(failure, attempts, 'Microsoft Graph');
  return { ...outcome, summary: `${what}: ${outcome.summary}` };
}
