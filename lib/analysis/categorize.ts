/**
 * Tenant-wide user categories, counted one user at a time in bounded memory: counts, and at most
 * EXAMPLES_PER_CATEGORY UPNs per category — never the user list. Shared by the server (the analysis)
 * and the browser (types, labels).
 */

export const EXAMPLES_PER_CATEGORY = 50;

export type UserTotals = {
  total: number;
  guests: number;
  disabled: number;
  onmicrosoft: number;
  synced: number;
  /** Mapped property (as the admin typed it) → users without a value. */
  missing: Record<string, number>;
};

export type UserExamples = {
  guests: string[];
  disabled: string[];
  onmicrosoft: string[];
  synced: string[];
  missing: Record<string, string[]>;
};

export type FlagCategory = 'guests' | 'disabled' | 'onmicrosoft' | 'synced';

export const categoryLabels: Record<FlagCategory, { label: string; meaning: string }> = {
  guests: {
    label: 'Guests (#EXT# UPNs)',
    meaning: 'Imported with their guest UPN; a workflow calling Graph for them must send # as %23.',
  },
  onmicrosoft: {
    label: 'Members whose UPN ends in onmicrosoft.com',
    meaning:
      'Usually an on-premises UPN suffix that is not routable (such as .local) synced as …@tenant.onmicrosoft.com: the name the device reports may not match.',
  },
  disabled: { label: 'Disabled accounts', meaning: 'Imported too; workflows may act on accounts that cannot sign in.' },
  synced: {
    label: 'Synced from on-premises AD',
    meaning: 'onPremisesSyncEnabled: their UPN and attributes are mastered in on-premises AD and synced by Microsoft Entra Connect.',
  },
};

export const isGuestUpn = (upn: string): boolean => upn.toUpperCase().includes('#EXT#');
export const isOnMicrosoftUpn = (upn: string): boolean => /@[^@]+\.onmicrosoft\.(?:com|us)$|@[^@]+\.partner\.onmschina\.cn$/i.test(upn);

function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

type GraphUser = Record<string, unknown>;

/**
 * Counts users into categories. `properties` are the mapped Graph properties as typed; Graph answers
 * with canonical names whatever the case in $select, so each is matched case-insensitively once.
 */
export class UserTally {
  private readonly totals: UserTotals;
  private readonly examples: UserExamples;
  private readonly properties: string[];
  /** property as typed → key in Graph's answer; resolved on the first user that has it. */
  private readonly keys = new Map<string, string>();

  constructor(properties: readonly string[], private readonly maxExamples = EXAMPLES_PER_CATEGORY) {
    this.properties = [...new Set(properties)];
    this.totals = { total: 0, guests: 0, disabled: 0, onmicrosoft: 0, synced: 0, missing: Object.fromEntries(this.properties.map((p) => [p, 0])) };
    this.examples = { guests: [], disabled: [], onmicrosoft: [], synced: [], missing: Object.fromEntries(this.properties.map((p) => [p, []])) };
  }

  private keyFor(user: GraphUser, property: string): string {
    const known = this.keys.get(property);
    if (known !== undefined) return known;
    if (property in user) {
      this.keys.set(property, property);
      return property;
    }
    const lower = property.toLowerCase();
    const found = Object.keys(user).find((k) => k.toLowerCase() === lower);
    if (found !== undefined) this.keys.set(property, found);
    return found ?? property;
  }

  private example(list: string[], upn: string): void {
    if (list.length < this.maxExamples) list.push(upn);
  }

  add(user: GraphUser): void {
    const t = this.totals;
    const e = this.examples;
    t.total += 1;
    const rawUpn = user['userPrincipalName'];
    const upn = typeof rawUpn === 'string' ? rawUpn : '';
    const shown = upn || String(user['id'] ?? '(no UPN)');
    const guest = isGuestUpn(upn);
    if (guest) {
      t.guests += 1;
      this.example(e.guests, shown);
    } else if (isOnMicrosoftUpn(upn)) {
      t.onmicrosoft += 1;
      this.example(e.onmicrosoft, shown);
    }
    if (user['accountEnabled'] === false) {
      t.disabled += 1;
      this.example(e.disabled, shown);
    }
    if (user['onPremisesSyncEnabled'] === true) {
      t.synced += 1;
      this.example(e.synced, shown);
    }
    for (const p of this.properties) {
      if (isMissing(user[this.keyFor(user, p)])) {
        t.missing[p] = (t.missing[p] ?? 0) + 1;
        const list = e.missing[p];
        if (list) this.example(list, shown);
      }
    }
  }

  /** Copies: the tally keeps counting after a snapshot is taken. */
  snapshot(): { totals: UserTotals; examples: UserExamples } {
    return {
      totals: { ...this.totals, missing: { ...this.totals.missing } },
      examples: {
        guests: [...this.examples.guests],
        disabled: [...this.examples.disabled],
        onmicrosoft: [...this.examples.onmicrosoft],
        synced: [...this.examples.synced],
        missing: Object.fromEntries(Object.entries(this.examples.missing).map(([k, v]) => [k, [...v]])),
      },
    };
  }

  /** The counts only (cheap enough for every page's progress event). */
  totalsNow(): UserTotals {
    return { ...this.totals, missing: { ...this.totals.missing } };
  }

  get count(): number {
    return this.totals.total;
  }
}

/** Passed / Warning / Failed for a finished analysis, in the checks' vocabulary. */
export function analysisStatus(totals: UserTotals, usernameProperty: string | undefined): 'pass' | 'warn' | 'fail' {
  if (totals.total === 0) return 'fail';
  const noUsername = usernameProperty ? (totals.missing[usernameProperty] ?? 0) : totals.total;
  if (noUsername > 0 || totals.onmicrosoft > 0) return 'warn';
  if (Object.values(totals.missing).some((n) => n > 0)) return 'warn';
  return 'pass';
}
