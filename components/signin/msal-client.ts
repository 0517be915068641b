import type { AccountInfo, PublicClientApplication } from '@azure/msal-browser';
import { graphScopes, type SigninPurpose } from '@/lib/signin/scopes';

/**
 * The browser's only door to msal-browser. The library is imported on first use (the admin's click on Sign in),
 * never during rendering or on the server, so it stays out of every route's initial JavaScript. Tokens stay in
 * msal's in-memory cache: nothing is written to localStorage, sessionStorage or cookies, nothing is logged,
 * nothing is sent to the wizard's server. A reload signs the admin out.
 */

export type SigninTarget = {
  clientId: string;
  authorityOrigin: string;
  knownAuthorities: string[];
  graphUrl: string;
  graphResource: string;
};

export type SignedInAccount = { homeAccountId: string; tenantId: string; username: string; name: string };

const POPUP_TIMEOUT_MS = 5 * 60_000;
const clients = new Map<string, Promise<PublicClientApplication>>();

function loadMsal() {
  return import('@azure/msal-browser');
}

function client(target: SigninTarget): Promise<PublicClientApplication> {
  const key = `${target.clientId} ${target.authorityOrigin}`;
  let pca = clients.get(key);
  if (!pca) {
    pca = (async () => {
      const msal = await loadMsal();
      const app = new msal.PublicClientApplication({
        auth: {
          clientId: target.clientId,
          authority: `${target.authorityOrigin}/organizations`,
          knownAuthorities: target.knownAuthorities,
          redirectUri: `${window.location.origin}/redirect`,
          postLogoutRedirectUri: null,
        },
        cache: { cacheLocation: 'memoryStorage' },
        system: {
          protocolMode: msal.ProtocolMode.AAD,
          popupBridgeTimeout: POPUP_TIMEOUT_MS,
          loggerOptions: { logLevel: msal.LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} },
        },
      });
      await app.initialize();
      return app;
    })();
    pca.catch(() => clients.delete(key));
    clients.set(key, pca);
  }
  return pca;
}

function toAccount(a: AccountInfo): SignedInAccount {
  return { homeAccountId: a.homeAccountId, tenantId: a.tenantId, username: a.username, name: a.name ?? a.username };
}

/**
 * Opens Microsoft's sign-in window. `tenant` (a GUID or verified domain) signs in to that tenant, for admins
 * who are guests there; without it the admin's home organization is used. Asks only for the read permission.
 */
export async function signIn(target: SigninTarget, tenant: string | undefined): Promise<SignedInAccount> {
  const pca = await client(target);
  const result = await pca.loginPopup({
    scopes: graphScopes(target.graphResource, 'read'),
    authority: `${target.authorityOrigin}/${tenant ?? 'organizations'}`,
    prompt: 'select_account',
    overrideInteractionInProgress: true,
  });
  if (!result.account) throw new Error('Microsoft answered without an account.');
  return toAccount(result.account);
}

/**
 * Signs the admin in to the wizard itself: only OpenID scopes, with the nonce the server issued, so the ID token
 * is for this sign-in and no other. Returns the ID token, which the caller sends to the server once.
 */
export async function signInToWizard(target: SigninTarget, nonce: string): Promise<string> {
  const pca = await client(target);
  const result = await pca.loginPopup({
    scopes: ['openid', 'profile'],
    nonce,
    authority: `${target.authorityOrigin}/organizations`,
    prompt: 'select_account',
    overrideInteractionInProgress: true,
  });
  if (!result.idToken) throw new Error('Microsoft answered without an ID token.');
  return result.idToken;
}

async function accountInfo(pca: PublicClientApplication, account: SignedInAccount): Promise<AccountInfo> {
  const info = pca.getAccount({ homeAccountId: account.homeAccountId });
  if (!info) throw Object.assign(new Error('You are signed out (the page was reloaded or you signed out). Sign in again.'), { errorCode: 'signed_out' });
  return info;
}

/**
 * An access token for Graph with a purpose's permissions: from memory, else with the refresh token, else (new
 * permissions to consent to) in Microsoft's window. Never a hidden iframe, so no frame-src is needed.
 */
export async function graphToken(target: SigninTarget, account: SignedInAccount, purpose: SigninPurpose): Promise<string> {
  const msal = await loadMsal();
  const pca = await client(target);
  const info = await accountInfo(pca, account);
  const scopes = graphScopes(target.graphResource, purpose);
  // The tenant signed in to, not the admin's home tenant: a guest admin works in the tenant they chose.
  const authority = `${target.authorityOrigin}/${info.tenantId}`;
  try {
    return (await pca.acquireTokenSilent({ scopes, account: info, authority, cacheLookupPolicy: msal.CacheLookupPolicy.AccessTokenAndRefreshToken })).accessToken;
  } catch (e) {
    if (!(e instanceof msal.InteractionRequiredAuthError)) throw e;
    return (await pca.acquireTokenPopup({ scopes, account: info, authority, overrideInteractionInProgress: true })).accessToken;
  }
}

/** Forgets the admin's tokens in this tab (Microsoft's own session is left alone). */
export async function signOut(target: SigninTarget, account: SignedInAccount): Promise<void> {
  const pca = await client(target);
  const info = pca.getAccount({ homeAccountId: account.homeAccountId });
  await pca.clearCache(info ? { account: info } : undefined);
}

/** msal's error, in words an admin can act on. Never includes a token. */
export function signinErrorMessage(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'errorCode' in e ? String((e as { errorCode: unknown }).errorCode) : '';
  const text = typeof e === 'object' && e !== null && 'errorMessage' in e ? String((e as { errorMessage: unknown }).errorMessage) : e instanceof Error ? e.message : '';
  const aadsts = /AADSTS\d+:[^\r\n]*?(?=\s+Trace ID:|$)/.exec(text)?.[0];
  switch (code) {
    case 'user_cancelled':
      return 'The Microsoft window was closed before the sign-in finished.';
    case 'popup_window_error':
    case 'empty_window_error':
      return 'The browser blocked the Microsoft window. Allow pop-ups for this site, then try again.';
    case 'timed_out':
      return 'The Microsoft window did not answer within 5 minutes. Try again.';
    case 'interaction_in_progress':
      return 'Another Microsoft window of this page is still open: finish or close it first.';
    case 'access_denied':
      return aadsts ? `Microsoft refused: ${aadsts}` : 'The permissions were not granted (consent declined).';
    case 'signed_out':
      return text;
    default:
      if (aadsts) return `Microsoft refused: ${aadsts}`;
      return code ? `Sign-in failed (${code}).` : text || 'Sign-in failed.';
  }
}
