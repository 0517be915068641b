import 'server-only';
import { clouds, type CloudId } from '@/lib/entra/clouds';
import { env } from '@/lib/env';

/**
 * "Sign in with Microsoft": what the browser needs to sign the admin in with msal-browser and to call
 * Microsoft Graph on their behalf, per cloud. Read from the server's configuration and handed to the page
 * as props, so the same build serves production, the demo and the tests.
 */

export type SigninCloud = {
  /** Origin MSAL signs in at: the cloud's login host, or ENTRA_SIGNIN_AUTHORITY_URL for the Global cloud. */
  authorityOrigin: string;
  /** host[:port] MSAL must trust without asking Microsoft's instance discovery (an override's host). */
  knownAuthorities: string[];
  /** Base URL of the browser's delegated Graph calls. */
  graphUrl: string;
  /** The Graph resource scopes name: always the cloud's real Graph host. */
  graphResource: string;
};

export type SigninConfig = {
  clientId: string;
  /** Path of the redirect bridge page, registered as the app's single-page-application redirect URI on each origin. */
  redirectPath: string;
  clouds: Record<CloudId, SigninCloud>;
};

export const SIGNIN_REDIRECT_PATH = '/redirect';

function origin(url: string): string {
  return new URL(url).origin;
}

/** undefined when ENTRA_SIGNIN_CLIENT_ID is not set: then nothing of the sign-in appears. */
export function signinConfig(): SigninConfig | undefined {
  const e = env();
  if (!e.ENTRA_SIGNIN_CLIENT_ID) return undefined;
  const perCloud = Object.fromEntries(
    clouds.map((c): [CloudId, SigninCloud] => {
      const authority = c.id === 'global' && e.ENTRA_SIGNIN_AUTHORITY_URL ? e.ENTRA_SIGNIN_AUTHORITY_URL : c.loginUrl;
      const graph = c.id === 'global' && e.ENTRA_SIGNIN_GRAPH_URL ? e.ENTRA_SIGNIN_GRAPH_URL : c.graphUrl;
      const overridden = authority !== c.loginUrl;
      return [
        c.id,
        {
          authorityOrigin: origin(authority),
          knownAuthorities: overridden ? [new URL(authority).host] : [],
          graphUrl: graph.replace(/\/+$/, ''),
          graphResource: c.graphUrl,
        },
      ];
    }),
  ) as Record<CloudId, SigninCloud>;
  return { clientId: e.ENTRA_SIGNIN_CLIENT_ID, redirectPath: SIGNIN_REDIRECT_PATH, clouds: perCloud };
}

/**
 * Origins the wizard's pages must be allowed to fetch from (CSP connect-src) for the sign-in: each cloud's
 * login host (msal-browser reads discovery and redeems the code there; for Microsoft's hosts it uses built-in
 * metadata) and Graph host, with the test overrides in place of the Global cloud's. Nothing else is needed:
 * the sign-in runs in a popup window (a navigation, not restricted by connect-src or frame-src) and no iframe
 * is used. Empty when the sign-in is not configured.
 */
export function signinCspSources(): string[] {
  const config = signinConfig();
  if (!config) return [];
  const set = new Set<string>();
  for (const c of Object.values(config.clouds)) {
    set.add(c.authorityOrigin);
    set.add(origin(c.graphUrl));
  }
  return [...set];
}
