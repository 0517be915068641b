import { decodeJwt } from 'jose';
import { z } from 'zod';
import { GRAPH_APP_ID } from './identifiers';

/** The claims of an app-only Microsoft Graph access token the wizard reads (v1.0 tokens, DOMAIN.md §2). */
const appTokenClaimsSchema = z
  .object({
    aud: z.string().optional(),
    iss: z.string().optional(),
    tid: z.string().optional(),
    appid: z.string().optional(),
    azp: z.string().optional(),
    app_displayname: z.string().optional(),
    idtyp: z.string().optional(),
    oid: z.string().optional(),
    roles: z.array(z.string()).optional(),
    scp: z.string().optional(),
    exp: z.number().optional(),
    iat: z.number().optional(),
    ver: z.string().optional(),
  })
  .loose();

export type AppTokenClaims = z.infer<typeof appTokenClaimsSchema>;

/**
 * Decodes a JWT's payload without verifying it: the wizard received the token from Entra over TLS and
 * only reads which permissions it carries (Graph tokens are not meant to be validated by clients).
 * Returns undefined for anything that is not a JWT.
 */
export function decodeAccessTokenClaims(token: string): AppTokenClaims | undefined {
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  const parsed = appTokenClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** Graph's audience appears either as its URL or as its app id. */
export function isGraphAudience(aud: string | undefined, graphUrl: string): boolean {
  if (!aud) return false;
  const a = aud.replace(/\/+$/, '').toLowerCase();
  return a === graphUrl.toLowerCase() || a === GRAPH_APP_ID;
}
