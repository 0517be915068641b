import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AADSTS, aadErrorBody, aadErrorContext, correlationIdOf, loginHeaders, type AadErrorSpec } from './aad-errors';
import { graphHostsFor, v1Issuer } from './clouds';
import { DIRECTORY_ROLES, scopeByValue } from './graph-permissions';
import { header, jsonResponse, parseForm, splitTarget, type EmulatorResponse } from './http-io';
import { deterministicGuid, guidBytes, newGuid, newTraceId, randomBase64, randomBase64url } from './ids';
import type { Admin, SigninClient } from './signin-schema';
import type { EmulatorState } from './state';
import type { TenantData } from './tenant-store';
import type { DelegatedAccessTokenClaims } from './tokens';

/**
 * The interactive half of Entra ID, for public clients such as the wizard's sign-in SPA (msal-browser):
 * `GET/POST /{tenant}/oauth2/v2.0/authorize` (a sign-in page for the scenario's admins, then a consent page)
 * answering with a code in the redirect URI's fragment, and the token endpoint's `authorization_code` (PKCE,
 * S256) and `refresh_token` grants, answering like Entra: access token (v1 Graph token with `scp`), `id_token`
 * with the request's `nonce`, `client_info`, refresh token. Cross-origin redemption only (AADSTS9002327).
 * See docs/MICROSOFT-IDENTITY.md §7.2 and §10.4.
 */

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const CODE_LIFETIME_MS = 10 * 60_000;
const SESSION_COOKIE = 'ESTSAUTH';
const CONSENTING_ROLES = new Set<string>(['Global Administrator', 'Privileged Role Administrator', 'Application Administrator', 'Cloud Application Administrator']);

interface PendingRequest {
  readonly id: string;
  readonly tenantSegment: string;
  readonly tenantId: string | undefined;
  readonly client: SigninClient;
  readonly redirectUri: string;
  readonly responseMode: 'fragment' | 'query';
  readonly state: string | undefined;
  readonly nonce: string | undefined;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 'S256' | 'plain';
  /** Graph scopes (short names) and OIDC scopes asked for. */
  readonly graphScopes: readonly string[];
  readonly oidcScopes: readonly string[];
  readonly loginHint: string | undefined;
  /** The caller's `client-request-id`, kept for the errors the flow ends in. */
  readonly correlationId: string;
  user?: SignedInUser;
}

interface SignedInUser {
  readonly tenantId: string;
  readonly admin: Admin & { readonly id: string };
}

interface CodeGrant {
  readonly request: PendingRequest;
  readonly user: SignedInUser;
  readonly expiresAt: number;
  used: boolean;
}

interface RefreshGrant {
  readonly clientId: string;
  readonly user: SignedInUser;
  readonly oidcScopes: readonly string[];
}

interface SigninRuntime {
  readonly clients: Map<string, SigninClient>;
  readonly requests: Map<string, PendingRequest>;
  readonly codes: Map<string, CodeGrant>;
  readonly refreshTokens: Map<string, RefreshGrant>;
  readonly sessions: Map<string, SignedInUser>;
  /** `${tenantId} ${userId} ${clientId}` → consented Graph scopes (lower case). */
  readonly consents: Map<string, Set<string>>;
}

const runtimes = new WeakMap<EmulatorState, SigninRuntime>();

function runtime(state: EmulatorState): SigninRuntime {
  let r = runtimes.get(state);
  if (!r) {
    r = { clients: new Map(), requests: new Map(), codes: new Map(), refreshTokens: new Map(), sessions: new Map(), consents: new Map() };
    runtimes.set(state, r);
  }
  return r;
}

/** Registers the scenario's public clients (server.ts calls this once per emulator). */
export function attachSignin(state: EmulatorState, clients: readonly SigninClient[]): void {
  const r = runtime(state);
  for (const c of clients) r.clients.set(c.clientId, c);
}

/** The admin (with a stable object id) a user principal name signs in as, in the tenants the authority allows. */
function findAdmin(state: EmulatorState, upn: string, tenantId: string | undefined): SignedInUser | undefined {
  const lower = upn.trim().toLowerCase();
  const tenants = tenantId ? [state.tenant(tenantId)].filter((t): t is TenantData => t !== undefined) : state.allTenants();
  for (const t of tenants) {
    const admin = t.tenant.admins.find((a) => a.userPrincipalName.toLowerCase() === lower);
    if (admin) return { tenantId: t.id, admin: { ...admin, id: admin.id ?? deterministicGuid(t.id, 'user', lower) } };
  }
  return undefined;
}

/** Directory role template ids of a signed-in user (the `wids` claim) and what they may do, for delegated-graph.ts. */
export function rolesOf(state: EmulatorState, tenantId: string, userId: string): readonly (keyof typeof DIRECTORY_ROLES)[] {
  const t = state.tenant(tenantId);
  const admin = t?.tenant.admins.find((a) => (a.id ?? deterministicGuid(t.id, 'user', a.userPrincipalName.toLowerCase())) === userId);
  return admin?.roles ?? [];
}

function consentKey(tenantId: string, userId: string, clientId: string): string {
  return `${tenantId} ${userId} ${clientId}`;
}

function consented(state: EmulatorState, user: SignedInUser, clientId: string): Set<string> {
  const r = runtime(state);
  const key = consentKey(user.tenantId, user.admin.id, clientId);
  let set = r.consents.get(key);
  if (!set) {
    set = new Set();
    r.consents.set(key, set);
  }
  return set;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (header(req, 'cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function page(title: string, body: string, status = 200, extraHeaders: Record<string, string> = {}): EmulatorResponse {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0}main{background:#fff;max-width:440px;margin:40px auto;padding:32px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600}label{display:block;margin:16px 0 4px}input[type=email],input[type=text]{width:100%;padding:6px;font-size:15px}
button{margin-top:20px;margin-right:8px;padding:6px 24px;font-size:15px}.primary{background:#0067b8;color:#fff;border:0}.error{color:#c00}.small{font-size:13px;color:#555}</style></head>
<body><main><p class="small">Microsoft (Entra ID emulator)</p>${body}</main></body></html>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'x-ms-request-id': newTraceId(), ...extraHeaders }, body: html };
}

/** The path's tenant as login.ts resolved it: a tenant, a multi-tenant alias (no tenant), or the error the segment earns. */
export interface Authority {
  readonly segment: string;
  readonly tenant?: TenantData;
  readonly error?: AadErrorSpec;
}

export function errorPage(spec: AadErrorSpec): EmulatorResponse {
  return page(
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1><p class="error" role="alert">AADSTS${spec.code}: ${escapeHtml(spec.text)}</p>`,
    spec.status ?? 400,
  );
}

function redirect(location: string, cookie?: string): EmulatorResponse {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', ...(cookie && { 'Set-Cookie': cookie }) }, body: '' };
}

/** An error sent back to the app: `error`, `error_description` and `error_uri` as Entra writes them (fixture layout, tenant's format). */
function respondWithError(state: EmulatorState, req: IncomingMessage, request: PendingRequest, spec: AadErrorSpec, tenantId: string | undefined): EmulatorResponse {
  const tenant = tenantId ? state.tenant(tenantId) : undefined;
  const body = aadErrorBody(spec, { ...aadErrorContext(state, req, tenant), correlationId: request.correlationId });
  return respondTo(request, { error: body.error, error_description: body.error_description, error_uri: body.error_uri });
}

function respondTo(request: PendingRequest, params: Record<string, string | undefined>, cookie?: string): EmulatorResponse {
  const pairs = Object.entries({ ...params, state: request.state }).filter((p): p is [string, string] => p[1] !== undefined);
  const encoded = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const separator = request.responseMode === 'query' ? (request.redirectUri.includes('?') ? '&' : '?') : '#';
  return redirect(`${request.redirectUri}${separator}${encoded}`, cookie);
}

type ScopeParse = { ok: true; graph: string[]; oidc: string[] } | { ok: false; scope: string };

/** Splits `scope` into OIDC scopes and Graph scopes (short names), resource URIs checked against the tenant's cloud. */
function parseScopes(raw: string, graphHosts: readonly string[]): ScopeParse {
  const graph: string[] = [];
  const oidc: string[] = [];
  for (const s of raw.split(/\s+/).filter((x) => x.length > 0)) {
    if (OIDC_SCOPES.has(s.toLowerCase())) {
      oidc.push(s.toLowerCase());
      continue;
    }
    const m = /^https:\/\/([^/]+)\/(.+)$/i.exec(s);
    const host = m?.[1]?.toLowerCase();
    const name = m ? (m[2] ?? '') : s;
    if (m && (!host || !graphHosts.includes(host))) return { ok: false, scope: s };
    if (name === '.default') continue;
    const known = scopeByValue(name);
    if (!known) return { ok: false, scope: s };
    if (!graph.includes(known.value)) graph.push(known.value);
  }
  return { ok: true, graph, oidc };
}

function tenantFor(authority: Authority): { ok: true; tenantId: string | undefined } | { ok: false; spec: AadErrorSpec } {
  if (authority.error) return { ok: false, spec: authority.error };
  if (authority.tenant) return { ok: true, tenantId: authority.tenant.id };
  if (authority.segment.toLowerCase() === 'consumers') return { ok: false, spec: AADSTS.personalAccount() };
  return { ok: true, tenantId: undefined };
}

/* ---------- authorize ---------- */

export function handleAuthorize(state: EmulatorState, req: IncomingMessage, rawBody: string, authority: Authority): EmulatorResponse {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'POST') return continueAuthorize(state, req, parseForm(rawBody));
  if (method !== 'GET') return errorPage(AADSTS.authorizeMethod(method));
  const q = new URLSearchParams(splitTarget(req.url ?? '/').query);
  const r = runtime(state);
  const tenantSegment = authority.segment;

  const clientId = (q.get('client_id') ?? '').trim().toLowerCase();
  if (clientId === '') return errorPage(AADSTS.missingParameter('client_id'));
  const tenant = tenantFor(authority);
  if (!tenant.ok) return errorPage(tenant.spec);
  const client = r.clients.get(clientId);
  if (!client) return errorPage(AADSTS.appNotFound(clientId, authority.tenant?.displayName ?? tenantSegment));
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) return errorPage(AADSTS.redirectUriMismatch(redirectUri, clientId));
  const responseMode = q.get('response_mode') === 'query' ? 'query' : 'fragment';
  const base = {
    id: newGuid(),
    tenantSegment,
    tenantId: tenant.tenantId,
    client,
    redirectUri,
    responseMode,
    state: q.get('state') ?? undefined,
    correlationId: correlationIdOf(req, q),
  } as const;
  const fail = (spec: AadErrorSpec) =>
    respondWithError(state, req, { ...base, nonce: undefined, codeChallenge: '', codeChallengeMethod: 'S256', graphScopes: [], oidcScopes: [], loginHint: undefined }, spec, tenant.tenantId);
  const responseType = q.get('response_type') ?? '';
  if (responseType === '') return fail(AADSTS.missingParameter('response_type'));
  if (responseType !== 'code') return fail(AADSTS.responseTypeNotEnabled(responseType === 'token' ? 'token' : 'id_token'));
  const challenge = q.get('code_challenge') ?? '';
  if (challenge === '') return fail(AADSTS.pkceRequired());
  const challengeMethod = (q.get('code_challenge_method') ?? 'plain') === 'S256' ? 'S256' : 'plain';
  const graphHosts = graphHostsFor(tenant.tenantId ? (state.tenant(tenant.tenantId)?.tenant.cloud ?? state.served.id) : state.served.id);
  const scopes = parseScopes(q.get('scope') ?? '', graphHosts);
  if (!scopes.ok) return fail(AADSTS.invalidScope(scopes.scope));

  const request: PendingRequest = {
    ...base,
    nonce: q.get('nonce') ?? undefined,
    codeChallenge: challenge,
    codeChallengeMethod: challengeMethod,
    graphScopes: scopes.graph,
    oidcScopes: scopes.oidc,
    loginHint: q.get('login_hint') ?? undefined,
  };
  r.requests.set(request.id, request);

  const prompt = q.get('prompt') ?? '';
  const sessionId = cookieValue(req, SESSION_COOKIE);
  const session = sessionId ? r.sessions.get(sessionId) : undefined;
  const sessionFits =
    session !== undefined &&
    (request.tenantId === undefined || request.tenantId === session.tenantId) &&
    (request.loginHint === undefined || request.loginHint.toLowerCase() === session.admin.userPrincipalName.toLowerCase());
  if (prompt === 'none') {
    return sessionFits && session ? afterSignIn(state, request, session, false) : respondWithError(state, req, request, AADSTS.loginRequired(), request.tenantId);
  }
  if (sessionFits && session && prompt !== 'login' && prompt !== 'select_account') return afterSignIn(state, request, session, false);
  return signInPage(request);
}

function signInPage(request: PendingRequest, error?: string): EmulatorResponse {
  const hint = request.loginHint ?? '';
  return page(
    'Sign in to your account',
    `<h1>Sign in</h1><p class="small">to continue to ${escapeHtml(request.client.displayName)}</p>
<form method="post"><input type="hidden" name="request" value="${request.id}"><input type="hidden" name="step" value="login">
<label for="login">Email, phone, or Skype</label><input id="login" name="login" type="email" autocomplete="username" value="${escapeHtml(hint)}" required${error ? ' aria-describedby="login-error" aria-invalid="true"' : ''}>
${error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<button class="primary" type="submit">Next</button></form>`,
    error ? 400 : 200,
  );
}

function consentPage(request: PendingRequest, user: SignedInUser, missing: readonly string[], canConsent: boolean): EmulatorResponse {
  const items = missing.map((s) => `<li>${escapeHtml(scopeByValue(s)?.adminConsentDisplayName ?? s)} (${escapeHtml(s)})</li>`).join('');
  const body = canConsent
    ? `<h1>Permissions requested</h1><p>${escapeHtml(request.client.displayName)} would like to:</p><ul>${items}</ul>
<p class="small">Signed in as ${escapeHtml(user.admin.userPrincipalName)}.</p>
<form method="post"><input type="hidden" name="request" value="${request.id}"><input type="hidden" name="step" value="consent">
<button class="primary" type="submit" name="accept" value="yes">Accept</button><button type="submit" name="accept" value="no">Cancel</button></form>`
    : `<h1>Need admin approval</h1><p role="alert">${escapeHtml(request.client.displayName)} needs permission to access resources in your organization that only an admin can grant:</p><ul>${items}</ul>
<form method="post"><input type="hidden" name="request" value="${request.id}"><input type="hidden" name="step" value="consent"><button type="submit" name="accept" value="no">Back to the app</button></form>`;
  return page('Permissions requested', body);
}

function continueAuthorize(state: EmulatorState, req: IncomingMessage, form: Map<string, string>): EmulatorResponse {
  const r = runtime(state);
  const request = r.requests.get(form.get('request') ?? '');
  if (!request) return errorPage(AADSTS.signinRequestUnknown());
  const step = form.get('step');
  if (step === 'login') {
    const login = form.get('login') ?? '';
    const user = findAdmin(state, login, request.tenantId);
    if (!user) {
      const where = request.tenantId ? (state.tenant(request.tenantId)?.displayName ?? request.tenantId) : 'any organization';
      const spec = AADSTS.userNotInDirectory(login, where);
      return signInPage(request, `AADSTS${spec.code}: ${spec.text}`);
    }
    return afterSignIn(state, request, user, true);
  }
  if (step === 'consent' && request.user) {
    if (form.get('accept') !== 'yes') {
      r.requests.delete(request.id);
      return respondWithError(state, req, request, AADSTS.consentDeclined(), request.user.tenantId);
    }
    const set = consented(state, request.user, request.client.clientId);
    for (const s of request.graphScopes) set.add(s.toLowerCase());
    return issueCode(state, request, request.user, undefined);
  }
  return errorPage(AADSTS.signinFormIncomplete());
}

function afterSignIn(state: EmulatorState, request: PendingRequest, user: SignedInUser, newSession: boolean): EmulatorResponse {
  const r = runtime(state);
  request.user = user;
  let cookie: string | undefined;
  if (newSession) {
    const sid = randomBase64url(24);
    r.sessions.set(sid, user);
    const secure = state.loginUrl.startsWith('https:');
    cookie = `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`;
  }
  const have = consented(state, user, request.client.clientId);
  const missing = request.graphScopes.filter((s) => !have.has(s.toLowerCase()));
  if (missing.length > 0) {
    const needsAdmin = missing.some((s) => scopeByValue(s)?.type === 'Admin');
    const canConsent = !needsAdmin || user.admin.roles.some((role) => CONSENTING_ROLES.has(role));
    const response = consentPage(request, user, missing, canConsent);
    return cookie ? { ...response, headers: { ...response.headers, 'Set-Cookie': cookie } } : response;
  }
  return issueCode(state, request, user, cookie);
}

function issueCode(state: EmulatorState, request: PendingRequest, user: SignedInUser, cookie: string | undefined): EmulatorResponse {
  const r = runtime(state);
  r.requests.delete(request.id);
  const code = `1.${randomBase64url(48)}`;
  r.codes.set(code, { request, user, expiresAt: state.now() + CODE_LIFETIME_MS, used: false });
  return respondTo(request, { code, client_info: clientInfo(user), session_state: deterministicGuid(user.tenantId, user.admin.id, 'session') }, cookie);
}

function clientInfo(user: SignedInUser): string {
  return Buffer.from(JSON.stringify({ uid: user.admin.id, utid: user.tenantId })).toString('base64url');
}

/* ---------- token: authorization_code and refresh_token ---------- */

type Fail = (spec: AadErrorSpec, tenant?: TenantData) => EmulatorResponse;

function withSuberror(response: EmulatorResponse, suberror: string): EmulatorResponse {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  return { ...response, body: JSON.stringify({ ...body, suberror }) };
}

/** The token endpoint's grants for public clients; login.ts routes `authorization_code` and `refresh_token` here. */
export function delegatedTokenEndpoint(state: EmulatorState, req: IncomingMessage, authority: Authority, form: Map<string, string>, failFor: Fail): EmulatorResponse {
  const r = runtime(state);
  const tenantSegment = authority.segment;
  const fail = (spec: AadErrorSpec) => failFor(spec, authority.tenant);
  const tenant = tenantFor(authority);
  if (!tenant.ok) return fail(tenant.spec);
  const clientId = (form.get('client_id') ?? '').trim().toLowerCase();
  if (clientId === '') return fail(AADSTS.missingParameter('client_id'));
  const client = r.clients.get(clientId);
  if (!client) return fail(AADSTS.appNotFound(clientId, authority.tenant?.displayName ?? tenantSegment));
  if (form.has('client_secret') || form.has('client_assertion')) return fail(AADSTS.publicClientCredential());
  if (!header(req, 'origin')) return fail(AADSTS.spaCrossOriginOnly());

  const grantType = form.get('grant_type');
  let user: SignedInUser;
  let oidc: readonly string[];
  let nonce: string | undefined;
  let requestedGraph: readonly string[];
  if (grantType === 'authorization_code') {
    const code = form.get('code') ?? '';
    const grant = r.codes.get(code);
    if (!grant || grant.request.client.clientId !== clientId) return fail(AADSTS.malformedGrant());
    if (grant.used) return fail(AADSTS.codeRedeemed());
    if (grant.expiresAt <= state.now()) return fail(AADSTS.grantExpired());
    if ((form.get('redirect_uri') ?? '') !== grant.request.redirectUri) return fail(AADSTS.replyAddressMismatch(form.get('redirect_uri') ?? '', grant.request.redirectUri));
    const verifier = form.get('code_verifier') ?? '';
    const computed = grant.request.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (verifier === '' || computed !== grant.request.codeChallenge) return fail(AADSTS.codeVerifierMismatch());
    if (tenant.tenantId && tenant.tenantId !== grant.user.tenantId) return fail(AADSTS.userNotInTenant(grant.user.admin.userPrincipalName, tenantSegment));
    grant.used = true;
    user = grant.user;
    oidc = grant.request.oidcScopes;
    nonce = grant.request.nonce;
    requestedGraph = grant.request.graphScopes;
  } else if (grantType === 'refresh_token') {
    const grant = r.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!grant || grant.clientId !== clientId) return fail(AADSTS.malformedGrant());
    const graphHosts = graphHostsFor(state.tenant(grant.user.tenantId)?.tenant.cloud ?? state.served.id);
    const scopes = parseScopes(form.get('scope') ?? '', graphHosts);
    if (!scopes.ok) return fail(AADSTS.invalidScope(scopes.scope));
    const have = consented(state, grant.user, clientId);
    const missing = scopes.graph.filter((s) => !have.has(s.toLowerCase()));
    if (missing.length > 0) {
      return withSuberror(fail(AADSTS.consentRequired(clientId, client.displayName)), 'consent_required');
    }
    r.refreshTokens.delete(form.get('refresh_token') ?? '');
    user = grant.user;
    oidc = scopes.oidc.length > 0 ? scopes.oidc : grant.oidcScopes;
    nonce = undefined;
    requestedGraph = scopes.graph;
  } else {
    return fail(grantType === undefined || grantType === '' ? AADSTS.missingParameter('grant_type') : AADSTS.unsupportedGrantType(grantType));
  }

  const tenantData = state.tenant(user.tenantId);
  if (!tenantData) return fail(AADSTS.tenantNotFoundToken(user.tenantId));
  const now = state.now();
  const granted = [...consented(state, user, clientId)].map((s) => scopeByValue(s)?.value ?? s);
  const graphHost = state.served.graphHost;
  const accessToken = delegatedAccessToken(state, tenantData, user, client, granted, graphHost, now);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...requestedGraph.map((s) => `https://${graphHost}/${s}`), ...oidc.filter((s) => s !== 'offline_access')].join(' '),
    expires_in: 4388,
    ext_expires_in: 4388,
    access_token: accessToken,
  };
  if (oidc.includes('offline_access')) {
    const refresh = `1.${randomBase64(96).replace(/[+/=]/g, 'A')}`;
    r.refreshTokens.set(refresh, { clientId, user, oidcScopes: oidc });
    state.recordToken(refresh);
    body['refresh_token'] = refresh;
  }
  if (oidc.includes('openid')) {
    body['id_token'] = idToken(state, user, client, nonce, now);
    state.recordToken(body['id_token'] as string);
  }
  body['client_info'] = clientInfo(user);
  return jsonResponse(200, body, loginHeaders(newTraceId()));
}

function delegatedAccessToken(
  state: EmulatorState,
  tenant: TenantData,
  user: SignedInUser,
  client: SigninClient,
  scopes: readonly string[],
  graphHost: string,
  now: number,
): string {
  const nowSec = Math.floor(now / 1000);
  const issuer = v1Issuer(tenant.tenant.cloud, tenant.id);
  const rh = Buffer.concat([Buffer.from([0x01, 0xae, 0x00]), guidBytes(tenant.id), guidBytes('00000003-0000-0000-c000-000000000000'), Buffer.from([0xad, 0x00, 0x00])]).toString('base64url');
  const claims: DelegatedAccessTokenClaims = {
    aud: `https://${graphHost}`,
    iss: issuer,
    iat: nowSec - 300,
    nbf: nowSec - 300,
    exp: nowSec + 4688,
    aio: randomBase64(24),
    amr: ['pwd', 'mfa'],
    app_displayname: client.displayName,
    appid: client.clientId,
    appidacr: '0',
    idp: issuer,
    idtyp: 'user',
    name: user.admin.displayName ?? user.admin.userPrincipalName,
    oid: user.admin.id,
    rh: `0.${rh}.`,
    scp: [...scopes, 'openid', 'profile', 'email'].join(' '),
    sub: deterministicGuid(user.admin.id, client.clientId, 'sub'),
    tenant_region_scope: tenant.region,
    tid: tenant.id,
    unique_name: user.admin.userPrincipalName,
    upn: user.admin.userPrincipalName,
    uti: randomBase64url(16),
    ver: '1.0',
    wids: user.admin.roles.map((role) => DIRECTORY_ROLES[role].id),
    xms_tcdt: Math.floor(Date.parse(tenant.tenant.createdDateTime) / 1000),
    xms_tdbr: tenant.region === 'EU' ? 'EU' : 'US',
  };
  const token = state.signer.sign(claims, randomBase64url(32));
  state.recordToken(token);
  return token;
}

function idToken(state: EmulatorState, user: SignedInUser, client: SigninClient, nonce: string | undefined, now: number): string {
  const nowSec = Math.floor(now / 1000);
  return state.signer.signIdToken({
    aud: client.clientId,
    iss: `${state.loginUrl}/${user.tenantId}/v2.0`,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + 3600,
    name: user.admin.displayName ?? user.admin.userPrincipalName,
    ...(nonce !== undefined && { nonce }),
    oid: user.admin.id,
    preferred_username: user.admin.userPrincipalName,
    rh: `0.${randomBase64url(40)}.`,
    ...(user.admin.appRoles.length > 0 && { roles: user.admin.appRoles }),
    sub: deterministicGuid(user.admin.id, client.clientId, 'sub'),
    tid: user.tenantId,
    uti: randomBase64url(16),
    ver: '2.0',
  });
}
