import { z } from 'zod';

/**
 * The NQL the wizard asks the admin to run or save in Nexthink, and the inputs of the NQL API check.
 * NQL calls the connector's username field user.ad.username (the Library documentation: user.ad.name).
 * Instance and region become host names, so they are checked strictly here and again by the upstream
 * allowlist: nothing typed can move the call off {instance}.api.{region}.nexthink.cloud.
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
export const regionSchema = z.enum(nexthinkRegions.map((r) => r.id) as [NexthinkRegion, ...NexthinkRegion[]], {
  error: 'must be one of us, eu, pac, meta',
});

/** {instance}-login must stay one DNS label (≤ 63), so the instance name has at most 57 characters. */
export const instanceSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .transform((s) => s.replace(/^https?:\/\//, '').replace(/\.api\.(?:us|eu|pac|meta)\.nexthink\.cloud\/?.*$|\.(?:us|eu|pac|meta)\.nexthink\.cloud\/?.*$/, ''))
  .pipe(
    z
      .string()
      .min(1, 'enter the instance name, e.g. acme for acme.eu.nexthink.cloud')
      .max(57, 'an instance name has at most 57 characters')
      .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'an instance name has only letters, digits and hyphens (not at the start or end), e.g. acme'),
  );

/** Nexthink's documented Query ID pattern. */
export const QUERY_ID_RE = /^#[a-z0-9_]{2,255}$/;
export const queryIdSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .regex(QUERY_ID_RE, 'a Query ID starts with # followed by 2–255 lower-case letters, digits or underscores, e.g. #entra_upn_coverage');

/** A pasted value is trimmed; a client ID or secret holds no spaces or control characters. */
const credential = (what: string) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, `enter the ${what}`)
    .max(1024, 'at most 1024 characters')
    .regex(/^[\x21-\x7E]+$/, `the ${what} has no spaces or special characters`);

export const nqlCheckInputSchema = z
  .object({
    instance: instanceSchema,
    region: regionSchema,
    clientId: credential('API credential client ID'),
    clientSecret: credential('API credential client secret'),
    coverageQueryId: queryIdSchema,
    sampleQueryId: queryIdSchema.optional(),
  })
  .strict();
export type NqlCheckInput = z.infer<typeof nqlCheckInputSchema>;

export function nexthinkTokenUrl(instance: string, region: NexthinkRegion): string {
  return `https://${instance}-login.${region}.nexthink.cloud/oauth2/default/v1/token`;
}

export function nqlExecuteUrl(instance: string, region: NexthinkRegion): string {
  return `https://${instance}.api.${region}.nexthink.cloud/api/v2/nql/execute`;
}
