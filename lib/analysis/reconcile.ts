/**
 * Reconciles a Nexthink users export (user.ad.username per user) with Entra ID's UPNs. The UPN index is
 * the one thing that grows with the tenant (the join needs it); everything else is counts and at most
 * EXAMPLES_PER_CATEGORY examples. Runs where the UPN index lives: in the browser tab that ran the analysis.
 */
import { EXAMPLES_PER_CATEGORY, isGuestUpn } from './categorize';
import { CsvParser } from './csv';

/** Entra ID's UPNs, compactly: lower-cased once, with the original spelling kept only when it differs. */
export class UpnIndex {
  private readonly lower = new Set<string>();
  private readonly spelled = new Map<string, string>();
  /** Domains of onmicrosoft.com UPNs seen (for the .local → onmicrosoft.com check). */
  readonly onmicrosoftDomains = new Set<string>();

  add(upn: string): void {
    const l = upn.toLowerCase();
    this.lower.add(l);
    if (l !== upn) this.spelled.set(l, upn);
    const at = l.lastIndexOf('@');
    if (at > 0) {
      const domain = l.slice(at + 1);
      if (domain.endsWith('.onmicrosoft.com') || domain.endsWith('.onmicrosoft.us')) this.onmicrosoftDomains.add(domain);
    }
  }

  addAll(upns: Iterable<string>): void {
    for (const u of upns) this.add(u);
  }

  get size(): number {
    return this.lower.size;
  }

  hasLower(lowerUpn: string): boolean {
    return this.lower.has(lowerUpn);
  }

  /** exact: same characters; case: same UPN in another letter case; none: no such UPN. */
  match(value: string): 'exact' | 'case' | 'none' {
    // Most values are already lower-case UPNs: one lookup, no new string.
    if (this.lower.has(value)) return this.spelled.has(value) ? 'case' : 'exact';
    const l = value.toLowerCase();
    if (!this.lower.has(l)) return 'none';
    return (this.spelled.get(l) ?? l) === value ? 'exact' : 'case';
  }

  spellingOf(value: string): string | undefined {
    const l = value.toLowerCase();
    return this.lower.has(l) ? (this.spelled.get(l) ?? l) : undefined;
  }
}

export type ReconcileCategory = 'empty' | 'exact' | 'caseOnly' | 'guest' | 'localSuffix' | 'notUpn' | 'other';

export type ReconcileExample = { name: string; username: string; entra?: string };

export type ReconcileResult = {
  rows: number;
  counts: Record<ReconcileCategory, number>;
  /** Of the localSuffix rows: how many exist in Entra ID as <same name>@<tenant>.onmicrosoft.com. */
  localRewritten: number;
  examples: Record<ReconcileCategory, ReconcileExample[]>;
  columns: { username: string; name?: string; sid?: string };
  entraUpns: number;
};

export const reconcileCategories: { id: ReconcileCategory; label: string; group: 'empty' | 'match' | 'none'; cause: string }[] = [
  {
    id: 'empty',
    label: 'user.ad.username is empty',
    group: 'empty',
    cause:
      'The connector has not populated these users: it has not run yet (or failed — see its last run under Administration > Inbound connectors), or the accounts are not in Entra ID at all: local or system accounts, or hybrid users that Microsoft Entra Connect does not sync.',
  },
  { id: 'exact', label: 'Matches an Entra UPN exactly', group: 'match', cause: 'Populated with the UPN: workflows find these users in Microsoft Graph.' },
  {
    id: 'caseOnly',
    label: 'Matches an Entra UPN only when case is ignored',
    group: 'match',
    cause:
      'Same UPN in another letter case (typically the on-premises spelling). Graph looks UPNs up case-insensitively, so workflows still find them; only tools that compare case-sensitively would not.',
  },
  {
    id: 'guest',
    label: 'No match: guest (#EXT#) UPN',
    group: 'none',
    cause: 'A guest UPN no longer in this tenant (guest removed or re-invited), or from another tenant. Guests rarely use managed devices; usually nothing to fix.',
  },
  {
    id: 'localSuffix',
    label: 'No match: non-routable suffix such as .local',
    group: 'none',
    cause:
      'The on-premises UPN suffix (.local) is not a verified domain, so Entra Connect synced these users as …@tenant.onmicrosoft.com and the names differ. Add a routable UPN suffix in on-premises AD, change the users\' UPNs, and let Entra Connect sync.',
  },
  {
    id: 'notUpn',
    label: 'No match: not a UPN (no @)',
    group: 'none',
    cause:
      'A DOMAIN\\user or sAMAccountName: the value did not come from userPrincipalName. Check that Username is mapped from userPrincipalName on the connector\'s Field mapping tab.',
  },
  {
    id: 'other',
    label: 'No match: no Entra user with this UPN',
    group: 'none',
    cause:
      'The user was deleted or renamed in Entra ID, is a hybrid user that Entra Connect does not sync, or the value is the e-mail address (mail) rather than the UPN.',
  },
];

const NON_ROUTABLE = /\.(?:local|lan|internal|intranet|corp|localdomain|home|private)$/i;

/** Column headers accepted for each field: the NQL names and the labels an export may carry instead. */
export const columnAliases = {
  username: ['user.ad.username', 'ad.username', 'ad username', 'user ad username', 'user - ad username', 'ad user name', 'user.ad.name'],
  name: ['user.name', 'name', 'user name', 'user - name'],
  sid: ['user.sid', 'sid', 'user sid', 'user - sid'],
} as const;

const normaliseHeader = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');

export class CsvHeaderError extends Error {}

export type ColumnIndexes = { username: number; name: number; sid: number; headers: string[] };

/** Finds the columns by header; a clear error naming the expected headers when the username column is absent. */
export function resolveColumns(headers: readonly string[]): ColumnIndexes {
  const normalised = headers.map(normaliseHeader);
  const find = (aliases: readonly string[]) => normalised.findIndex((h) => aliases.includes(h));
  const username = find(columnAliases.username);
  if (username < 0) {
    const found = headers.length === 0 || (headers.length === 1 && headers[0] === '') ? 'none (the file is empty)' : headers.map((h) => `"${h.trim()}"`).join(', ');
    throw new CsvHeaderError(
      `The file has no user.ad.username column. Expected the columns of the NQL export: user.name, user.sid, user.ad.username (or Nexthink's labels Name, SID, AD username). The file's first line has: ${found}.`,
    );
  }
  return { username, name: find(columnAliases.name), sid: find(columnAliases.sid), headers: [...headers] };
}

/** Joins Nexthink rows with the UPN index, one row at a time. The first row given must be the header. */
export class Reconciler {
  /** Called with the columns the join reads (CsvParser.onlyColumns): once the header is read, and again when fewer will do. */
  onColumns: ((columns: number[]) => void) | undefined;

  private columns: ColumnIndexes | undefined;
  private readonly counts: Record<ReconcileCategory, number> = { empty: 0, exact: 0, caseOnly: 0, guest: 0, localSuffix: 0, notUpn: 0, other: 0 };
  private readonly examples: Record<ReconcileCategory, ReconcileExample[]> = { empty: [], exact: [], caseOnly: [], guest: [], localSuffix: [], notUpn: [], other: [] };
  private localRewritten = 0;
  private rows = 0;

  constructor(
    private readonly index: UpnIndex,
    private readonly maxExamples = EXAMPLES_PER_CATEGORY,
  ) {}

  /** Throws CsvHeaderError on a header without the username column. */
  row(fields: string[]): void {
    if (!this.columns) {
      this.columns = resolveColumns(fields);
      const c = this.columns;
      // The SID is only shown when there is no name column.
      this.onColumns?.([c.username, c.name >= 0 ? c.name : c.sid].filter((i) => i >= 0));
      return;
    }
    const c = this.columns;
    this.rows += 1;
    const username = (fields[c.username] ?? '').trim();
    let category: ReconcileCategory;
    let entra: string | undefined;
    if (username === '' || username === '-' || (username.length === 4 && username.toLowerCase() === 'null')) category = 'empty';
    else {
      const m = this.index.match(username);
      if (m === 'exact') category = 'exact';
      else if (m === 'case') {
        category = 'caseOnly';
        entra = this.index.spellingOf(username);
      } else if (isGuestUpn(username)) category = 'guest';
      else if (!username.includes('@')) category = 'notUpn';
      else if (NON_ROUTABLE.test(username)) {
        category = 'localSuffix';
        const local = username.slice(0, username.lastIndexOf('@')).toLowerCase();
        for (const d of this.index.onmicrosoftDomains) {
          if (this.index.hasLower(`${local}@${d}`)) {
            this.localRewritten += 1;
            entra = this.index.spellingOf(`${local}@${d}`);
            break;
          }
        }
      } else category = 'other';
    }
    this.counts[category] += 1;
    const list = this.examples[category];
    if (list.length < this.maxExamples) {
      const name = c.name >= 0 ? (fields[c.name] ?? '').trim() : c.sid >= 0 ? (fields[c.sid] ?? '').trim() : '';
      list.push({ name, username, ...(entra !== undefined && { entra }) });
      // Once every category has its examples, names are never shown again: the reader may skip their text.
      if (list.length === this.maxExamples && Object.values(this.examples).every((l) => l.length >= this.maxExamples)) this.onColumns?.([c.username]);
    }
  }

  get rowCount(): number {
    return this.rows;
  }

  result(): ReconcileResult {
    const c = this.columns;
    if (!c) throw new CsvHeaderError('The file is empty: expected a header line with user.name, user.sid, user.ad.username.');
    return {
      rows: this.rows,
      counts: { ...this.counts },
      localRewritten: this.localRewritten,
      examples: Object.fromEntries(Object.entries(this.examples).map(([k, v]) => [k, [...v]])) as Record<ReconcileCategory, ReconcileExample[]>,
      columns: {
        username: c.headers[c.username] ?? '',
        ...(c.name >= 0 && { name: c.headers[c.name] ?? '' }),
        ...(c.sid >= 0 && { sid: c.headers[c.sid] ?? '' }),
      },
      entraUpns: this.index.size,
    };
  }
}

/** Reads a CSV stream (chunks of text) into a reconciliation; `onProgress` gets the row count now and then. */
export async function reconcileStream(
  chunks: AsyncIterable<string>,
  index: UpnIndex,
  opts: { onProgress?: (rows: number) => void; signal?: AbortSignal } = {},
): Promise<ReconcileResult> {
  const reconciler = new Reconciler(index);
  const parser = new CsvParser((f) => reconciler.row(f));
  reconciler.onColumns = (columns) => parser.onlyColumns(columns);
  let last = 0;
  for await (const chunk of chunks) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('cancelled');
    parser.push(chunk);
    if (opts.onProgress && reconciler.rowCount - last >= 50_000) {
      last = reconciler.rowCount;
      opts.onProgress(last);
    }
  }
  parser.end();
  opts.onProgress?.(reconciler.rowCount);
  return reconciler.result();
}
