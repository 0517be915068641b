import 'server-only';
import { z } from 'zod';
import { describeUnexpected, parseJson, type UnexpectedResponse } from '@/lib/http/unexpected';
import { upstream, type Attempt, type UpstreamFailure } from '@/lib/http/upstream';
import type { Cloud } from './clouds';
import { parseEntraError, type EntraError } from './errors';

const discoveryDocSchema = z
  .object({
    issuer: z.string(),
    token_endpoint: z.string(),
    cloud_instance_name: z.string().optional(),
    msgraph_host: z.string().optional(),
    tenant_region_scope: z.string().nullable().optional(),
  })
  .loose();

export type TenantMetadata = {
  tenantId: string;
  issuer: string;
  cloudInstanceName?: string;
  msgraphHost?: string;
  tenantRegionScope?: string;
};

export type DiscoveryResult =
  | { ok: true; meta: TenantMetadata; cached: boolean; httpStatus: number; durationMs: number; attempts: Attempt[] }
  | {
      ok: false;
      failure: { kind: 'entra-error'; httpStatus: number; error: EntraError } | { kind: 'upstream'; failure: UpstreamFailure } | UnexpectedResponse;
      durationMs: number;
      attempts: Attempt[];
    };

const GUID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** The tenant GUID from a discovery document: the issuer and endpoints always carry it, even when asked by domain. */
export function tenantIdFromDiscovery(doc: { issuer: string; token_endpoint: string }): string | undefined {
  for (const candidate of [doc.issuer, doc.token_endpoint]) {
    try {
      const m = new URL(candidate).pathname.match(GUID_IN_PATH);
      if (m?.[1]) return m[1].toLowerCase();
    } catch {
      /* try the next one */
    }
  }
  return undefined;
}

/** Discovery documents are static: keep successful ones for a while, keyed by cloud and tenant as typed. */
const cache = new Map<string, { meta: TenantMetadata; expires: number }>();
const CACHE_TTL_MS = 15 * 60 * 1000;
const CACHE_MAX = 1000;

export function clearDiscoveryCache() {
  cache.clear();
}

export async function discoverTenant(cloud: Cloud, tenant: string, signal?: AbortSignal): Promise<DiscoveryResult> {
  const key = `${cloud.id}|${tenant.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit && hit.expires > Date.now()) return { ok: true, meta: hit.meta, cached: true, httpStatus: 200, durationMs: 0, attempts: [] };

  const res = await upstream({
    method: 'GET',
    url: `${cloud.loginUrl}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
    headers: { accept: 'application/json' },
    purpose: 'discovery',
    ...(signal && { signal }),
  });
  if (!res.ok) return { ok: false, failure: { kind: 'upstream', failure: res }, durationMs: res.durationMs, attempts: res.attempts };

  const json = parseJson(res.text);
  if (res.status === 200) {
    const doc = discoveryDocSchema.safeParse(json);
    const tenantId = doc.success ? tenantIdFromDiscovery(doc.data) : undefined;
    if (!doc.success || !tenantId) return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
    const meta: TenantMetadata = {
      tenantId,
      issuer: doc.data.issuer,
      ...(doc.data.cloud_instance_name && { cloudInstanceName: doc.data.cloud_instance_name }),
      ...(doc.data.msgraph_host && { msgraphHost: doc.data.msgraph_host }),
      ...(doc.data.tenant_region_scope && { tenantRegionScope: doc.data.tenant_region_scope }),
    };
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, { meta, expires: Date.now() + CACHE_TTL_MS });
    return { ok: true, meta, cached: false, httpStatus: 200, durationMs: res.durationMs, attempts: res.attempts };
  }
  const error = parseEntraError(res.text);
  if (error) return { ok: false, failure: { kind: 'entra-error', httpStatus: res.status, error }, durationMs: res.durationMs, attempts: res.attempts };
  return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
}
