import 'server-only';
import { clouds, type CloudId } from '@/lib/entra/clouds';
import { env } from '@/lib/env';

/**
 * "Sign in with Microsoft": what the browser needs to sign the admin in with msal-browser and to call
 * Microsoft Graph on their behalf, per cloud. Read from the server's configuration and handed to the page
 * as props, so the same build serves production, the demo and the tests.
 */

export type SigninCloud = {
  /** The sign-in app registered in this cloud (an app of one cloud does not exist in another). */
  clientId: string;
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
  /** Path of the redirect bridge page, registered as the app's single-page-application redirect URI on each origin. */
  redirectPath: string;
  /** The clouds with a sign-in app; a setup in another cloud gets no sign-in. */
  clouds: Partial<Record<CloudId, SigninCloud>>;
};

export const SIGNIN_REDIRECT_PATH = '/redirect';

function origin(url: string): string {
  return new URL(url).origin;
}

function clientIdFor(cloud: CloudId): string | undefined {
  const e = env();
  if (cloud === 'global') return e.ENTRA_SIGNIN_CLIENT_ID;
  if (cloud === 'china') return e.ENTRA_SIGNIN_CLIENT_ID_CHINA;
  return e.ENTRA_SIGNIN_CLIENT_ID_USGOV;
}

/**
 * undefined when no sign-in app is configured (ENTRA_SIGNIN_CLIENT_ID, or _USGOV / _CHINA for those clouds):
 * then nothing of the sign-in appears.
 */
export function signinConfig(): SigninConfig | undefined {
  const e = env();
  const perCloud: Partial<Record<CloudId, SigninCloud>> = {};
  for (const c of clouds) {
    const clientId = clientIdFor(c.id);
    if (!clientId) continue;
    const authority = c.id === 'global' && e.ENTRA_SIGNIN_AUTHORITY_URL ? e.ENTRA_SIGNIN_AUTHORITY_URL : c.loginUrl;
    const graph = c.id === 'global' && e.ENTRA_SIGNIN_GRAPH_URL ? e.ENTRA_SIGNIN_GRAPH_URL : c.graphUrl;
    perCloud[c.id] = {
      clientId,
      authorityOrigin: origin(authority),
      knownAuthorities: authority !== c.loginUrl ? [new URL(authority).host] : [],
      graphUrl: graph.replace(/\/+$/, ''),
      graphResource: c.graphUrl,
    };
  }
  return Object.keys(perCloud).length === 0 ? undefined : { redirectPath: SIGNIN_REDIRECT_PATH, clouds: perCloud };
}

/**
 * Origins the wizard's pages must be allowed to fetch from (CSP connect-src) for the sign-in: each configured cloud's
 * login host (msal-browser reads discovery and redeems the code there; for Microsoft's hosts it uses built-in
 * metadata) and Graph host, with the test overrides in place of the Global cloud's. Nothing else is needed:
 * the sign-in runs in a popup window (a navigation, not restricted by connect-src or frame-src) and no iframe
 * is used. Empty when the sign-in is not configured.
 */
export function signinCspSources(): string[] {
  const config = signinConfig();
  if (!config) return [];
  const set = new Set<string>();
  for (const c of Object.values(config.clouds).filter((c) => c !== undefined)) {
    set.add(c.authorityOrigin);
    set.add(origin(c.graphUrl));
  }
  return [...set];
}
