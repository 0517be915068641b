import { CLOUDS, type CloudInfo } from './clouds';
import { type Cloud, type ErrorFormat, type FaultRule, type Route, type Scenario, type Tenant } from './scenario';
import { TenantData } from './tenant-store';
import { TokenSigner } from './tokens';

export type HostKind = 'login' | 'graph';

interface RequestLogEntry {
  readonly time: string;
  readonly host: HostKind;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly tenant?: string;
  readonly appId?: string;
  readonly durationMs: number;
  readonly route?: Route;
  readonly fault?: string;
}

interface ActiveFault {
  readonly id: number;
  readonly rule: FaultRule;
  remaining: number | undefined;
}

/** Who a request is for, as far as fault scoping can tell. */
export interface RequestScope {
  readonly tenantId?: string;
  readonly tenantSegment?: string;
  readonly appId?: string;
}

const MAX_LOG = 10_000;
const MAX_TOKENS = 100_000;

export class EmulatorState {
  readonly signer = new TokenSigner();
  readonly served: CloudInfo;
  loginUrl = '';
  graphUrl = '';
  clockOffsetMs = 0;
  private tenants = new Map<string, TenantData>();
  private domains = new Map<string, string>();
  private faults: ActiveFault[] = [];
  private faultSeq = 0;
  private latencyAny = 0;
  private latencyRoutes = new Map<Route, number>();
  private log: RequestLogEntry[] = [];
  private tokens: string[] = [];
  /** Client assertion ids already used, until they expire (a replayed assertion is refused). */
  private assertionIds = new Map<string, number>();

  constructor(
    private readonly initial: Scenario,
    servedCloud: Cloud,
  ) {
    this.served = CLOUDS[servedCloud];
    this.reset();
  }

  get errorFormat(): ErrorFormat {
    return this.initial.errorFormat;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(): void {
    this.tenants.clear();
    this.domains.clear();
    for (const t of this.initial.tenants) this.upsertTenant(t);
    this.faults = this.initial.faults.map((rule) => ({ id: ++this.faultSeq, rule, remaining: rule.times }));
    this.latencyAny = this.initial.latencyMs;
    this.latencyRoutes = new Map(Object.entries(this.initial.routeLatencyMs) as [Route, number][]);
    this.log = [];
    this.clockOffsetMs = 0;
    this.assertionIds.clear();
  }

  /** False when this assertion id was seen before and has not expired. */
  rememberAssertion(id: string, expiresAt: number): boolean {
    const now = this.now();
    for (const [k, until] of this.assertionIds) if (until < now) this.assertionIds.delete(k);
    if (this.assertionIds.has(id)) return false;
    this.assertionIds.set(id, expiresAt);
    return true;
  }

  tenant(id: string): TenantData | undefined {
    return this.tenants.get(id.toLowerCase());
  }

  /** A tenant path segment: GUID or verified domain, case-insensitive. */
  resolveTenant(segment: string): TenantData | undefined {
    const lower = segment.toLowerCase();
    const byId = this.tenants.get(lower);
    if (byId) return byId;
    const id = this.domains.get(lower);
    return id === undefined ? undefined : this.tenants.get(id);
  }

  allTenants(): readonly TenantData[] {
    return [...this.tenants.values()];
  }

  /** Replaces the tenant with the same id; a domain may belong to one tenant only. */
  upsertTenant(tenant: Tenant): TenantData {
    for (const d of tenant.domains) {
      const owner = this.domains.get(d);
      if (owner !== undefined && owner !== tenant.id) throw new Error(`domain ${d} already belongs to tenant ${owner}`);
    }
    this.deleteTenant(tenant.id);
    const data = new TenantData(tenant);
    this.tenants.set(tenant.id, data);
    for (const d of tenant.domains) this.domains.set(d, tenant.id);
    return data;
  }

  deleteTenant(id: string): boolean {
    const existing = this.tenants.get(id.toLowerCase());
    if (!existing) return false;
    this.tenants.delete(existing.id);
    for (const d of existing.tenant.domains) if (this.domains.get(d) === existing.id) this.domains.delete(d);
    return true;
  }

  addFault(rule: FaultRule): ActiveFault {
    const fault = { id: ++this.faultSeq, rule, remaining: rule.times };
    this.faults.push(fault);
    return fault;
  }

  /** Every rule, or only those aimed at one tenant (tests running in parallel keep each other's faults). */
  clearFaults(tenant?: string): void {
    if (tenant === undefined) {
      this.faults = [];
      return;
    }
    const wanted = this.resolveTenant(tenant)?.id ?? tenant.toLowerCase();
    this.faults = this.faults.filter((f) => f.rule.tenant === undefined || (this.resolveTenant(f.rule.tenant)?.id ?? f.rule.tenant.toLowerCase()) !== wanted);
  }

  listFaults(): readonly ActiveFault[] {
    return this.faults;
  }

  /** First matching rule wins; a rule with `times` is used up after that many hits. */
  takeFault(route: Route, host: HostKind, scope: RequestScope): FaultRule | undefined {
    const fault = this.faults.find((f) => this.faultMatches(f.rule, route, host, scope));
    if (!fault) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault.rule;
  }

  private faultMatches(rule: FaultRule, route: Route, host: HostKind, scope: RequestScope): boolean {
    const routeOk = rule.route === route || (rule.route === 'graph-any' && host === 'graph');
    if (!routeOk) return false;
    if (rule.tenant !== undefined) {
      const wanted = this.resolveTenant(rule.tenant)?.id ?? rule.tenant.toLowerCase();
      const actual = scope.tenantId ?? scope.tenantSegment?.toLowerCase();
      if (actual !== wanted) return false;
    }
    if (rule.appId !== undefined && scope.appId?.toLowerCase() !== rule.appId.toLowerCase()) return false;
    return true;
  }

  setLatency(ms: number, route?: Route | 'any'): void {
    if (route === undefined || route === 'any') this.latencyAny = ms;
    else this.latencyRoutes.set(route, ms);
  }

  latencyFor(route: Route | undefined, host: HostKind): number {
    let ms = this.latencyAny;
    if (route !== undefined) ms += this.latencyRoutes.get(route) ?? 0;
    if (host === 'graph' && route !== 'graph-any') ms += this.latencyRoutes.get('graph-any') ?? 0;
    return ms;
  }

  latencySettings(): { any: number; routes: Record<string, number> } {
    return { any: this.latencyAny, routes: Object.fromEntries(this.latencyRoutes) };
  }

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  clearRequests(): void {
    this.log = [];
  }

  recordToken(token: string): void {
    this.tokens.push(token);
    if (this.tokens.length > MAX_TOKENS) this.tokens.splice(0, this.tokens.length - MAX_TOKENS);
  }

  issuedTokens(): readonly string[] {
    return this.tokens;
  }
}
