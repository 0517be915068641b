import { CLOUDS } from './clouds';
import { GeneratedUsers } from './generated-users';
import type { App, DirectoryRecord, ErrorFormat, Tenant, UserRecord } from './scenario';

interface RoleChange {
  readonly effectiveAt: number;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** An app plus its consent state; role changes may be scheduled (consent propagation delay). */
export class AppState {
  private roles: string[];
  private pending: RoleChange[] = [];
  /** Last successful token request per credential keyId, and for the app (the beta sign-in activity reports). */
  readonly credentialUse = new Map<string, number>();
  lastSignIn: number | undefined;

  constructor(public app: App) {
    this.roles = [...app.roles];
  }

  scheduleChange(change: RoleChange): void {
    this.pending.push(change);
    this.pending.sort((a, b) => a.effectiveAt - b.effectiveAt);
  }

  rolesAt(now: number): readonly string[] {
    while (this.pending.length > 0 && (this.pending[0]?.effectiveAt ?? Infinity) <= now) {
      const change = this.pending.shift();
      if (!change) break;
      const next = this.roles.filter((r) => !change.remove.some((x) => x.toLowerCase() === r.toLowerCase()));
      for (const r of change.add) if (!next.some((x) => x.toLowerCase() === r.toLowerCase())) next.push(r);
      this.roles = next;
    }
    return this.roles;
  }

  pendingChanges(): readonly RoleChange[] {
    return this.pending;
  }

  recordSignIn(keyId: string, at: number): void {
    this.credentialUse.set(keyId, at);
    this.lastSignIn = at;
  }
}

type GroupRecord = Tenant['groups'][number];

export class TenantData {
  readonly id: string;
  readonly generated: GeneratedUsers | null;
  private readonly apps = new Map<string, AppState>();
  private readonly usersById = new Map<string, UserRecord>();
  private readonly usersByUpn = new Map<string, UserRecord>();
  private readonly groupsById = new Map<string, GroupRecord>();
  private readonly devicesById = new Map<string, DirectoryRecord>();
  private readonly memberOfIndex = new Map<string, GroupRecord[]>();

  readonly tenant: Tenant;

  constructor(tenant: Tenant) {
    // Own copy of the user list: patchUser changes it, and reset() must find the scenario's as loaded.
    this.tenant = { ...tenant, users: [...tenant.users] };
    this.id = tenant.id;
    for (const app of tenant.apps) this.apps.set(app.appId, new AppState(app));
    for (const u of tenant.users) {
      this.usersById.set(u.id.toLowerCase(), u);
      this.usersByUpn.set(u.userPrincipalName.toLowerCase(), u);
    }
    for (const g of tenant.groups) {
      this.groupsById.set(g.id, g);
      for (const m of g.members) {
        const list = this.memberOfIndex.get(m) ?? [];
        list.push(g);
        this.memberOfIndex.set(m, list);
      }
    }
    for (const d of tenant.devices) this.devicesById.set(d.id, d);
    this.generated = tenant.generatedUsers
      ? new GeneratedUsers(tenant.generatedUsers, tenant.id, tenant.domains)
      : null;
  }

  get displayName(): string {
    return this.tenant.displayName;
  }

  get cloud() {
    return CLOUDS[this.tenant.cloud];
  }

  get region(): string {
    return this.tenant.region ?? this.cloud.defaultRegion;
  }

  errorFormat(fallback: ErrorFormat): ErrorFormat {
    return this.tenant.errorFormat ?? fallback;
  }

  app(appId: string): AppState | undefined {
    return this.apps.get(appId.toLowerCase());
  }

  /** Every app registration, scenario-defined or created through delegated Graph calls (delegated-graph.ts). */
  appStates(): readonly AppState[] {
    return [...this.apps.values()];
  }

  addApp(app: App): AppState {
    const state = new AppState(app);
    this.apps.set(app.appId.toLowerCase(), state);
    return state;
  }

  removeApp(appId: string): boolean {
    return this.apps.delete(appId.toLowerCase());
  }

  /** Sets (or, with null, empties) properties of an explicit user, as a directory change would. */
  patchUser(key: string, patch: Readonly<Record<string, unknown>>): UserRecord | undefined {
    const current = this.usersById.get(key.toLowerCase()) ?? this.usersByUpn.get(key.toLowerCase());
    if (!current) return undefined;
    const next = { ...current, ...patch, id: current.id, userPrincipalName: current.userPrincipalName } as UserRecord;
    const users = this.tenant.users as UserRecord[];
    users[users.indexOf(current)] = next;
    this.usersById.set(next.id.toLowerCase(), next);
    this.usersByUpn.set(next.userPrincipalName.toLowerCase(), next);
    return next;
  }

  get userCount(): number {
    return this.tenant.users.length + (this.generated?.count ?? 0);
  }

  userAt(position: number): UserRecord | undefined {
    const explicit = this.tenant.users;
    if (position < explicit.length) return explicit[position];
    const g = this.generated;
    const index = position - explicit.length;
    return g && index < g.count ? g.at(index) : undefined;
  }

  /** By object id or UPN, case-insensitively. */
  findUser(key: string): UserRecord | undefined {
    const lower = key.toLowerCase();
    const hit = this.usersById.get(lower) ?? this.usersByUpn.get(lower);
    if (hit) return hit;
    const g = this.generated;
    if (!g) return undefined;
    const index = lower.includes('@') ? g.indexOfUpn(lower) : g.indexOfId(lower);
    return index === undefined ? undefined : g.at(index);
  }

  get groups(): readonly GroupRecord[] {
    return this.tenant.groups;
  }

  findGroup(id: string): GroupRecord | undefined {
    return this.groupsById.get(id.toLowerCase());
  }

  groupsOf(userId: string): readonly GroupRecord[] {
    return this.memberOfIndex.get(userId.toLowerCase()) ?? [];
  }

  get devices(): readonly DirectoryRecord[] {
    return this.tenant.devices;
  }

  findDevice(id: string): DirectoryRecord | undefined {
    return this.devicesById.get(id.toLowerCase());
  }

  hasSyncedUsers(): boolean {
    return (
      this.tenant.users.some((u) => u['onPremisesSyncEnabled'] === true) ||
      (this.tenant.generatedUsers?.syncedPercent ?? 0) > 0
    );
  }
}
