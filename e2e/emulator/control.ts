import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { setCredentialActivity } from './credential-activity';
import { jsonResponse, safeDecode, splitTarget, type EmulatorResponse } from './http-io';
import { faultRuleSchema, parseTenant, routeSchema } from './scenario';
import type { EmulatorState } from './state';

export const CONTROL_PREFIX = '/_emulator';

const rolesChangeSchema = z.strictObject({
  add: z.array(z.string().min(1)).default([]),
  remove: z.array(z.string().min(1)).default([]),
  delaySeconds: z.number().min(0).default(0),
});

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
        if (!state.tenant(id)) return jsonResponse(404, { error: 'not_found', detail: `no tenant ${id}` });
        setCredentialActivity(state, id.toLowerCase(), r.value.keyId, r.value.lastSignInDateTime);
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
