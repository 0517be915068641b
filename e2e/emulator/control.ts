import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { setCredentialActivity } from './credential-activity';
import { jsonResponse, safeDecode, splitTarget, type EmulatorResponse } from './http-io';
import { deterministicGuid, newGuid } from './ids';
import { appSchema, faultRuleSchema, keyCredentialOf, parseTenant, routeSchema, secretSchema } from './scenario';
import type { EmulatorState } from './state';

export const CONTROL_PREFIX = '/_emulator';

const rolesChangeSchema = z.strictObject({
  add: z.array(z.string().min(1)).default([]),
  remove: z.array(z.string().min(1)).default([]),
  delaySeconds: z.number().min(0).default(0),
});

/** Changes an app between two runs, as an admin would in the portal (drift tests). */
const appChangeSchema = z.strictObject({
  delete: z.literal(true).optional(),
  enabled: z.boolean().optional(),
  deleteServicePrincipal: z.literal(true).optional(),
  signInAudience: appSchema.shape.signInAudience.unwrap().optional(),
  addSecret: secretSchema.optional(),
  removeSecret: z.string().optional(),
  /** Marks a credential (keyId) as used at this time, as if Entra's sign-in activity report had seen it. */
  used: z.strictObject({ keyId: z.string(), at: z.string().refine((v) => !Number.isNaN(Date.parse(v))) }).optional(),
});

const userChangeSchema = z.strictObject({ set: z.record(z.string(), z.unknown()) });

const latencySchema = z.strictObject({
  ms: z.number().int().min(0),
  route: z.union([routeSchema, z.literal('any')]).optional(),
});

const clockSchema = z.strictObject({ offsetSeconds: z.number() });

const credentialActivitySchema = z.strictObject({
  keyId: z.string().min(1),
  lastSignInDateTime: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time').nullable(),
});

function badRequest(error: string, detail: unknown): EmulatorResponse {
  return jsonResponse(400, { error, detail });
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false; response: EmulatorResponse } {
  try {
    return { ok: true, value: body.trim() === '' ? {} : (JSON.parse(body) as unknown) };
  } catch (e) {
    return { ok: false, response: badRequest('invalid_json', e instanceof Error ? e.message : String(e)) };
  }
}

function validate<T>(schema: z.ZodType<T>, body: string): { ok: true; value: T } | { ok: false; response: EmulatorResponse } {
  const json = parseJson(body);
  if (!json.ok) return json;
  const result = schema.safeParse(json.value);
  if (!result.success) return { ok: false, response: badRequest('invalid_body', z.treeifyError(result.error)) };
  return { ok: true, value: result.data };
}

/** Test-only API under /_emulator on both listeners; never part of what the wizard calls. */
export function handleControl(state: EmulatorState, req: IncomingMessage, body: string): EmulatorResponse {
  const method = (req.method ?? 'GET').toUpperCase();
  const { path } = splitTarget(req.url ?? '/');
  const parts = path.slice(CONTROL_PREFIX.length).split('/').filter((p) => p.length > 0).map((p) => safeDecode(p) ?? p);
  const [resource, id, sub, subId, leaf] = parts;
  const route = `${method} ${resource ?? ''}`;

  switch (route) {
    case 'GET health':
      return jsonResponse(200, { ok: true });
    case 'GET requests':
      return jsonResponse(200, state.requests());
    case 'DELETE requests':
      state.clearRequests();
      return jsonResponse(200, { ok: true });
    case 'GET issued-tokens':
      return jsonResponse(200, state.issuedTokens());
    case 'POST reset':
      state.reset();
      return jsonResponse(200, { ok: true });
    case 'GET faults':
      return jsonResponse(200, state.listFaults());
    case 'POST faults': {
      const r = validate(faultRuleSchema, body);
      if (!r.ok) return r.response;
      return jsonResponse(201, state.addFault(r.value));
    }
    case 'DELETE faults':
      state.clearFaults(new URLSearchParams(splitTarget(req.url ?? '/').query).get('tenant') ?? undefined);
      return jsonResponse(200, { ok: true });
    case 'GET latency':
      return jsonResponse(200, state.latencySettings());
    case 'POST latency': {
      const r = validate(latencySchema, body);
      if (!r.ok) return r.response;
      state.setLatency(r.value.ms, r.value.route);
      return jsonResponse(200, state.latencySettings());
    }
    case 'POST clock': {
      const r = validate(clockSchema, body);
      if (!r.ok) return r.response;
      state.clockOffsetMs = Math.round(r.value.offsetSeconds * 1000);
      return jsonResponse(200, { offsetSeconds: r.value.offsetSeconds, now: new Date(state.now()).toISOString() });
    }
    case 'GET tenants':
      if (id === undefined) {
        return jsonResponse(
          200,
          state.allTenants().map((t) => ({ id: t.id, displayName: t.displayName, domains: t.tenant.domains, cloud: t.tenant.cloud })),
        );
      }
      break;
    case 'POST tenants':
      if (id === undefined) {
        const json = parseJson(body);
        if (!json.ok) return json.response;
        try {
          const tenant = parseTenant(json.value);
          const data = state.upsertTenant(tenant);
          return jsonResponse(200, { id: data.id, displayName: data.displayName });
        } catch (e) {
          if (e instanceof z.ZodError) return badRequest('invalid_body', z.treeifyError(e));
          return badRequest('invalid_tenant', e instanceof Error ? e.message : String(e));
        }
      }
      if (sub === 'credential-activity' && parts.length === 3) {
        const r = validate(credentialActivitySchema, body);
        if (!r.ok) return r.response;
        const tenant = state.tenant(id);
        if (!tenant) return jsonResponse(404, { error: 'not_found', detail: `no tenant ${id}` });
        if (!setCredentialActivity(tenant, r.value.keyId, r.value.lastSignInDateTime)) return jsonResponse(404, { error: 'not_found', detail: `no credential ${r.value.keyId}` });
        return jsonResponse(200, { ok: true });
      }
      if (sub === 'apps' && subId !== undefined && leaf === 'roles' && parts.length === 5) {
        const r = validate(rolesChangeSchema, body);
        if (!r.ok) return r.response;
        const tenant = state.tenant(id);
        const app = tenant?.app(subId);
        if (!tenant || !app) return jsonResponse(404, { error: 'not_found', detail: `no app ${subId} in tenant ${id}` });
        app.scheduleChange({ effectiveAt: state.now() + r.value.delaySeconds * 1000, add: r.value.add, remove: r.value.remove });
        return jsonResponse(200, {
          roles: app.rolesAt(state.now()),
          pending: app.pendingChanges().map((c) => ({ effectiveAt: new Date(c.effectiveAt).toISOString(), add: c.add, remove: c.remove })),
        });
      }
      if (sub === 'apps' && subId !== undefined && leaf === 'certificates' && parts.length === 5) {
        // Plays the admin center's "Upload certificate": the body is the PEM (or base64 DER) file as is.
        const app = state.tenant(id)?.app(subId);
        if (!app) return jsonResponse(404, { error: 'not_found', detail: `no app ${subId} in tenant ${id}` });
        try {
          const credential = keyCredentialOf(body.trim(), newGuid(), null);
          app.app = { ...app.app, certificates: [...app.app.certificates, credential] };
          return jsonResponse(200, { keyId: credential.keyId, thumbprint: Buffer.from(credential.x5t, 'base64url').toString('hex').toUpperCase() });
        } catch (e) {
          return badRequest('invalid_certificate', e instanceof Error ? e.message : String(e));
        }
      }
      if (sub === 'apps' && subId !== undefined && parts.length === 4) {
        const r = validate(appChangeSchema, body);
        if (!r.ok) return r.response;
        const tenant = state.tenant(id);
        const app = tenant?.app(subId);
        if (!tenant || !app) return jsonResponse(404, { error: 'not_found', detail: `no app ${subId} in tenant ${id}` });
        const c = r.value;
        if (c.delete) {
          tenant.removeApp(subId);
          return jsonResponse(200, { deleted: true });
        }
        let next = app.app;
        if (c.enabled !== undefined) next = { ...next, enabled: c.enabled };
        if (c.deleteServicePrincipal) next = { ...next, servicePrincipalId: null };
        if (c.signInAudience) next = { ...next, signInAudience: c.signInAudience };
        if (c.addSecret) {
          const keyId = c.addSecret.keyId ?? deterministicGuid(tenant.id, next.appId, 'secret', c.addSecret.value);
          next = { ...next, secrets: [...next.secrets, { ...c.addSecret, keyId }] };
        }
        if (c.removeSecret) next = { ...next, secrets: next.secrets.filter((x) => x.keyId !== c.removeSecret?.toLowerCase()) };
        app.app = next;
        if (c.used) app.recordSignIn(c.used.keyId.toLowerCase(), Date.parse(c.used.at));
        return jsonResponse(200, { appId: next.appId, enabled: next.enabled, servicePrincipalId: next.servicePrincipalId, secrets: next.secrets.map((x) => ({ keyId: x.keyId, hint: x.value.slice(0, 3), endDateTime: x.endDateTime })) });
      }
      if (sub === 'users' && subId !== undefined && parts.length === 4) {
        const r = validate(userChangeSchema, body);
        if (!r.ok) return r.response;
        const user = state.tenant(id)?.patchUser(subId, r.value.set);
        if (!user) return jsonResponse(404, { error: 'not_found', detail: `no explicit user ${subId} in tenant ${id}` });
        return jsonResponse(200, user);
      }
      break;
    case 'DELETE tenants':
      if (id !== undefined && parts.length === 2) {
        return state.deleteTenant(id) ? jsonResponse(200, { ok: true }) : jsonResponse(404, { error: 'not_found', detail: `no tenant ${id}` });
      }
      break;
    default:
      break;
  }
  return jsonResponse(404, { error: 'not_found', detail: `no control endpoint ${method} ${path}` });
}
