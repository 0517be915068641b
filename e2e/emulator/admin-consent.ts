import type { IncomingMessage } from 'node:http';
import { AADSTS, type AadErrorSpec } from './aad-errors';
import { errorPage, escapeHtml, page } from './authorize';
import { graphHostsFor } from './clouds';
import { webRedirectUris } from './directory-objects';
import { DIRECTORY_ROLES } from './graph-permissions';
import { parseForm, splitTarget, type EmulatorResponse } from './http-io';
import type { EmulatorState } from './state';
import type { TenantData } from './tenant-store';

/**
 * The tenant-wide admin-consent endpoint: `GET /{tenant}/adminconsent?client_id=…[&redirect_uri=…][&state=…]`
 * (v1) and `GET /{tenant}/v2.0/adminconsent?client_id=…&scope=…/.default&redirect_uri=…[&state=…]` (v2). An
 * administrator of the tenant signs in and accepts; a Global Administrator or Privileged Role Administrator
 * grants every application permission configured on the app. The answer goes to redirect_uri as Microsoft
 * documents it: `admin_consent=True&tenant=…&state=…` (v2 adds `scope`), or
 * `error=…&error_description=…&state=…`; without a redirect_uri (v1) the page says what happened.
 * Malformed requests (no client_id, unknown app, unregistered redirect_uri, v2 without scope) stop on an
 * error page, as Entra does, never redirecting.
 */

type ConsentRequest = { v2: boolean; tenant: TenantData; clientId: string; redirectUri: string | undefined; state: string | undefined; scope: string | undefined };

const GRANTING_ROLES = Object.entries(DIRECTORY_ROLES)
  .filter(([, r]) => r.grantGraphAppRoles)
  .map(([name]) => name);

function hidden(request: ConsentRequest, step: string): string {
  const fields: Record<string, string | undefined> = { client_id: request.clientId, redirect_uri: request.redirectUri, state: request.state, scope: request.scope, step };
  return Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
}

function back(request: ConsentRequest, params: Record<string, string>): EmulatorResponse {
  const uri = request.redirectUri;
  if (!uri) {
    const granted = params['admin_consent'] === 'True';
    return page(
      granted ? 'Permissions granted' : 'Permissions not granted',
      granted
        ? `<h1>Permissions granted</h1><p role="status">Admin consent was granted for the whole organization ${escapeHtml(request.tenant.displayName)}.</p>`
        : `<h1>Permissions not granted</h1><p role="alert">${escapeHtml(params['error_description'] ?? '')}</p>`,
    );
  }
  const all = { ...params, ...(request.state !== undefined && { state: request.state }) };
  const query = Object.entries(all)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return { status: 302, headers: { Location: `${uri}${uri.includes('?') ? '&' : '?'}${query}`, 'Cache-Control': 'no-store' }, body: '' };
}

function parseRequest(state: EmulatorState, tenant: TenantData, v2: boolean, get: (k: string) => string | undefined): ConsentRequest | AadErrorSpec {
  const clientId = (get('client_id') ?? '').trim().toLowerCase();
  if (clientId === '') return AADSTS.missingParameter('client_id');
  const app = tenant.app(clientId);
  if (!app) return AADSTS.appNotFound(clientId, tenant.displayName);
  const redirectUri = get('redirect_uri');
  if (v2 && !redirectUri) return AADSTS.missingParameter('redirect_uri');
  if (redirectUri !== undefined && !webRedirectUris(state, tenant.id, clientId).includes(redirectUri)) return AADSTS.redirectUriMismatch(redirectUri, clientId);
  const scope = get('scope');
  if (v2) {
    if (!scope) return AADSTS.missingParameter('scope');
    const hosts = graphHostsFor(tenant.tenant.cloud);
    const defaults = scope.split(/\s+/).filter((s) => /\/\.default$/i.test(s));
    if (defaults.length === 0 || defaults.some((s) => !hosts.some((h) => s.toLowerCase() === `https://${h}/.default`))) return AADSTS.invalidScope(scope);
  }
  return { v2, tenant, clientId, redirectUri, state: get('state'), scope };
}

export function handleAdminConsent(state: EmulatorState, req: IncomingMessage, rawBody: string, tenant: TenantData | undefined, v2: boolean, notFound: AadErrorSpec): EmulatorResponse {
  if (!tenant) return errorPage(notFound);
  const method = (req.method ?? 'GET').toUpperCase();
  const form = method === 'POST' ? parseForm(rawBody) : new Map<string, string>(new URLSearchParams(splitTarget(req.url ?? '/').query));
  const request = parseRequest(state, tenant, v2, (k) => form.get(k) ?? undefined);
  if ('code' in request) return errorPage(request);
  const app = tenant.app(request.clientId);
  if (!app) return errorPage(AADSTS.appNotFound(request.clientId, tenant.displayName));
  const step = method === 'POST' ? form.get('step') : undefined;

  if (!step) {
    return page(
      'Sign in to your account',
      `<h1>Sign in</h1><p class="small">to grant admin consent to ${escapeHtml(app.app.displayName)}</p>
<form method="post">${hidden(request, 'login')}<label for="login">Email, phone, or Skype</label><input id="login" name="login" type="email" autocomplete="username" required>
<button class="primary" type="submit">Next</button></form>`,
    );
  }
  const login = (form.get('login') ?? '').trim().toLowerCase();
  const admin = tenant.tenant.admins.find((a) => a.userPrincipalName.toLowerCase() === login);
  if (!admin) {
    const spec = AADSTS.userNotInDirectory(login, tenant.displayName);
    return page('Sign in to your account', `<h1>Sign in</h1><p class="error" role="alert">AADSTS${spec.code}: ${escapeHtml(spec.text)}</p>`, 400);
  }
  const configured = app.app.configuredRoles ?? app.app.roles;
  if (!admin.roles.some((r) => GRANTING_ROLES.includes(r))) {
    return page(
      'Need admin approval',
      `<h1>Need admin approval</h1><p role="alert">${escapeHtml(app.app.displayName)} needs permission to access resources in your organization that only an admin can grant. Ask a Global Administrator or Privileged Role Administrator.</p>`,
      403,
    );
  }
  if (step === 'login') {
    const items = configured.map((r) => `<li>${escapeHtml(r)} (Application)</li>`).join('');
    return page(
      'Permissions requested',
      `<h1>Permissions requested</h1><p>${escapeHtml(app.app.displayName)} would like to, for your whole organization:</p><ul>${items}</ul>
<p class="small">Signed in as ${escapeHtml(admin.userPrincipalName)}. Accepting grants these permissions for every user of ${escapeHtml(tenant.displayName)}.</p>
<form method="post">${hidden(request, 'consent')}<input type="hidden" name="login" value="${escapeHtml(login)}">
<button class="primary" type="submit" name="accept" value="yes">Accept</button><button type="submit" name="accept" value="no">Cancel</button></form>`,
    );
  }
  if (form.get('accept') !== 'yes') {
    return back(request, { error: 'permission_denied', error_description: 'The admin canceled the request' });
  }
  const now = state.now();
  const have = app.rolesAt(now).map((r) => r.toLowerCase());
  const add = configured.filter((r) => !have.includes(r.toLowerCase()));
  if (add.length > 0) app.scheduleChange({ effectiveAt: now, add, remove: [] });
  return back(request, { admin_consent: 'True', tenant: tenant.id, ...(request.v2 && request.scope && { scope: request.scope }) });
}
