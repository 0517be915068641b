/**
 * The NQL the wizard asks the admin to run or save in Nexthink, and the inputs of the NQL API check.
 * NQL calls the connector's username field user.ad.username (the Library documentation: user.ad.name).
 * Instance and region become host names, so they are checked strictly here (in the browser and, through
 * nql-schema.ts, on the server) and again by the upstream allowlist: nothing typed can move the call off
 * {instance}.api.{region}.nexthink.cloud. Plain functions, no schema library: the page imports this file.
 */

/** Investigations > export as CSV: every user seen in the past week with the field the connector fills. */
export const exportQuery = 'users during past 7d | list user.name, user.sid, user.ad.username | limit 1000000';

export const coverageQuery = 'users during past 7d | summarize total = count(), with_upn = countif(user.ad.username != null)';

export const sampleQuery = 'users during past 7d | where user.ad.username != null | list user.name, user.ad.username | limit 50';

export const defaultCoverageQueryId = '#entra_upn_coverage';
export const defaultSampleQueryId = '#entra_upn_sample';

export const nexthinkRegions = [
  { id: 'us', label: 'us — United States' },
  { id: 'eu', label: 'eu — European Union' },
  { id: 'pac', label: 'pac — Asia-Pacific' },
  { id: 'meta', label: 'meta — Middle East, Turkey and Africa' },
] as const;
export type NexthinkRegion = (typeof nexthinkRegions)[number]['id'];
export const regionIds = nexthinkRegions.map((r) => r.id) as [NexthinkRegion, ...NexthinkRegion[]];

/** Nexthink's documented Query ID pattern. */
export const QUERY_ID_RE = /^#[a-z0-9_]{2,255}$/;

export type NqlCheckInput = {
  instance: string;
  region: NexthinkRegion;
  clientId: string;
  clientSecret: string;
  coverageQueryId: string;
  sampleQueryId?: string;
};
export type NqlInputField = keyof NqlCheckInput;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** The instance name, from the name itself or the address it is part of (https://acme.eu.nexthink.cloud). */
export function checkInstance(input: string): Checked<string> {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\.api\.(?:us|eu|pac|meta)\.nexthink\.cloud\/?.*$|\.(?:us|eu|pac|meta)\.nexthink\.cloud\/?.*$/, '');
  if (s === '') return { ok: false, message: 'enter the instance name, e.g. acme for acme.eu.nexthink.cloud' };
  // {instance}-login must stay one DNS label (≤ 63), so the instance name has at most 57 characters.
  if (s.length > 57) return { ok: false, message: 'an instance name has at most 57 characters' };
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(s)) {
    return { ok: false, message: 'an instance name has only letters, digits and hyphens (not at the start or end), e.g. acme' };
  }
  return { ok: true, value: s };
}

export function checkRegion(input: string): Checked<NexthinkRegion> {
  return (regionIds as readonly string[]).includes(input) ? { ok: true, value: input as NexthinkRegion } : { ok: false, message: 'must be one of us, eu, pac, meta' };
}

export function checkQueryId(input: string): Checked<string> {
  const s = input.trim();
  return QUERY_ID_RE.test(s)
    ? { ok: true, value: s }
    : { ok: false, message: 'a Query ID starts with # followed by 2–255 lower-case letters, digits or underscores, e.g. #entra_upn_coverage' };
}

/** A pasted client ID or secret: trimmed; no spaces or control characters inside. */
export function checkCredential(input: string, what: string): Checked<string> {
  const s = input.trim();
  if (s === '') return { ok: false, message: `enter the ${what}` };
  if (s.length > 1024) return { ok: false, message: 'at most 1024 characters' };
  if (!/^[\x21-\x7E]+$/.test(s)) return { ok: false, message: `the ${what} has no spaces or special characters` };
  return { ok: true, value: s };
}

/** Every field checked, each error named after its field; what the page shows and the API answers. */
export function checkNqlInput(raw: Record<string, string | undefined>): { ok: true; value: NqlCheckInput } | { ok: false; errors: Partial<Record<NqlInputField, string>> } {
  const errors: Partial<Record<NqlInputField, string>> = {};
  const take = <T>(field: NqlInputField, r: Checked<T>): T | undefined => {
    if (r.ok) return r.value;
    errors[field] = r.message;
    return undefined;
  };
  const instance = take('instance', checkInstance(raw['instance'] ?? ''));
  const region = take('region', checkRegion(raw['region'] ?? ''));
  const clientId = take('clientId', checkCredential(raw['clientId'] ?? '', 'API credential client ID'));
  const clientSecret = take('clientSecret', checkCredential(raw['clientSecret'] ?? '', 'API credential client secret'));
  const coverageQueryId = take('coverageQueryId', checkQueryId(raw['coverageQueryId'] ?? ''));
  const sample = raw['sampleQueryId'];
  const sampleQueryId = sample === undefined || sample.trim() === '' ? undefined : take('sampleQueryId', checkQueryId(sample));
  if (Object.keys(errors).length > 0 || !instance || !region || !clientId || !clientSecret || !coverageQueryId) return { ok: false, errors };
  return { ok: true, value: { instance, region, clientId, clientSecret, coverageQueryId, ...(sampleQueryId && { sampleQueryId }) } };
}

export function nexthinkTokenUrl(instance: string, region: NexthinkRegion): string {
  return `https://${instance}-login.${region}.nexthink.cloud/oauth2/default/v1/token`;
}

export function nqlExecuteUrl(instance: string, region: NexthinkRegion): string {
  return `https://${instance}.api.${region}.nexthink.cloud/api/v2/nql/execute`;
}
