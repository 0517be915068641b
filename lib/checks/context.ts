import 'server-only';
import { accessTokenUrl, getCloud, graphScope, type Cloud } from '@/lib/entra/clouds';
import { discoverTenant, type DiscoveryResult } from '@/lib/entra/discovery';
import { parseClientIdInput, parseSecretInput, parseTenantInput, type ClientIdInput, type SecretInput, type TenantInput } from '@/lib/entra/identifiers';
import { requestAppToken, type TokenResult } from '@/lib/entra/token';
import type { RunLearned } from '@/lib/db/runs';
import { secretHintOf } from '@/lib/monitor/secret-hint';
import type { Setup } from '@/lib/setups/schema';

/** Why a token could not even be requested: the check that needs it is Skipped with this reason. */
export type TokenUnavailable = { ok: false; unavailable: string };

/**
 * Everything a step's checks share during one validation run. Upstream results are memoized, so a
 * token or a discovery document is fetched once however many checks read it, and checks that do not
 * share a result run concurrently.
 */
export type ValidationContext = {
  setup: Setup;
  cloud: Cloud;
  now: Date;
  signal?: AbortSignal;
  tenant: TenantInput;
  clientId: ClientIdInput;
  /** undefined when no secret was sent with the request. */
  secret: SecretInput | undefined;
  /** OIDC discovery for the tenant as typed; undefined when the input is not a tenant identifier. */
  discovery(): Promise<DiscoveryResult | undefined>;
  /** The tenant GUID: typed, stored from an earlier run, or resolved by discovery now. */
  tenantGuid(): Promise<string | undefined>;
  /** The Access token URL shown for Nexthink; undefined while the tenant GUID is unknown. */
  tokenUrl(): Promise<string | undefined>;
  /** A client-credentials token from exactly that URL. */
  token(): Promise<TokenResult | TokenUnavailable>;
  /** What this run learned that the setup should keep (saved with the run). */
  learned: RunLearned;
  /**
   * The run's shared reads: the first check to ask for `key` starts `fn`, every other one awaits the same
   * answer (e.g. one GET /users?$top=1 for the users probe and the memberships probe, one user sample for
   * all the field-mapping checks).
   */
  once<T>(key: string, fn: () => Promise<T>): Promise<T>;
};

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export function createValidationContext(input: { setup: Setup; clientSecret?: string; signal?: AbortSignal; now?: Date }): ValidationContext {
  const { setup } = input;
  const cloud = getCloud(setup.cloud);
  const tenant = parseTenantInput(setup.tenant);
  const clientId = parseClientIdInput(setup.clientId, [setup.tenantId, tenant.ok && tenant.kind === 'guid' ? tenant.value : undefined]);
  const secret = input.clientSecret === undefined ? undefined : parseSecretInput(input.clientSecret);
  const learned: ValidationContext['learned'] = {};
  const shared = new Map<string, Promise<unknown>>();

  const discovery = memo(async () => (tenant.ok ? discoverTenant(cloud, tenant.value, input.signal) : undefined));

  const tenantGuid = memo(async () => {
    if (!tenant.ok) return undefined;
    if (tenant.kind === 'guid') return tenant.value;
    if (setup.tenantId) return setup.tenantId;
    const d = await discovery();
    if (d?.ok) {
      learned.tenantId = { forTenant: setup.tenant, value: d.meta.tenantId };
      return d.meta.tenantId;
    }
    return undefined;
  });

  const tokenUrl = memo(async () => {
    const guid = await tenantGuid();
    return guid ? accessTokenUrl(cloud, guid) : undefined;
  });

  const token = memo(async (): Promise<TokenResult | TokenUnavailable> => {
    if (!tenant.ok) return { ok: false, unavailable: 'the Directory (tenant) ID is not valid (step 1)' };
    if (!clientId.ok) return { ok: false, unavailable: 'the Application (client) ID is not valid (step 1)' };
    if (!secret) return { ok: false, unavailable: 'no client secret was entered (it is never stored: type it again after a reload)' };
    if (!secret.ok) return { ok: false, unavailable: 'the client secret was not sent: it is not a secret Value (see the client secret check)' };
    const url = await tokenUrl();
    if (!url) return { ok: false, unavailable: 'the tenant could not be resolved to its GUID (see step 1)' };
    const result = await requestAppToken({
      tokenUrl: url,
      clientId: clientId.value,
      clientSecret: secret.value,
      scope: graphScope(cloud),
      ...(input.signal && { signal: input.signal }),
    });
    // Entra issued a token for this secret: the monitor may then tell it apart among the app's secrets by its hint.
    const hint = result.ok ? secretHintOf(secret.value) : undefined;
    if (hint) learned.secretHint = hint;
    return result;
  });

  return {
    setup,
    cloud,
    now: input.now ?? new Date(),
    ...(input.signal && { signal: input.signal }),
    tenant,
    clientId,
    secret,
    discovery,
    tenantGuid,
    tokenUrl,
    token,
    learned,
    once: <T>(key: string, fn: () => Promise<T>): Promise<T> => {
      let p = shared.get(key) as Promise<T> | undefined;
      if (!p) shared.set(key, (p = fn()));
      return p;
    },
  };
}
