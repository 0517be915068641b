import type { GeneratedUsersConfig, UserRecord } from './scenario';
import * as ids from './ids';

// Local bindings: transpiled module imports go through a getter on every call, which shows in a 1M-call loop.
const hash32 = ids.hash32;
const hashString32 = ids.hashString32;
const hex8 = ids.hex8;

const GIVEN = [
  'Adele', 'Alex', 'Allan', 'Amara', 'Ana', 'Andrei', 'Anika', 'Arjun', 'Astrid', 'Aylin', 'Ben', 'Bianca',
  'Bruno', 'Camille', 'Carlos', 'Chen', 'Chloe', 'Christie', 'Dario', 'Diego', 'Dmitri', 'Elena', 'Elif', 'Emma',
  'Enrico', 'Fatima', 'Felix', 'Fiona', 'Grace', 'Hana', 'Hannah', 'Henrik', 'Hiroshi', 'Ines', 'Irvin', 'Isaac',
  'Isabel', 'Ivan', 'Jana', 'Johanna', 'Jonas', 'Joni', 'Julia', 'Kai', 'Karim', 'Katarzyna', 'Lars', 'Laura',
  'Lee', 'Leila', 'Lena', 'Liam', 'Lidia', 'Lucas', 'Lynne', 'Maja', 'Malik', 'Marek', 'Maria', 'Megan', 'Mei',
  'Miriam', 'Nadia', 'Nestor', 'Nikolai', 'Noah', 'Nora', 'Olga', 'Omar', 'Patti', 'Paula', 'Pedro', 'Pradeep',
  'Priya', 'Rafael', 'Ravi', 'Rosa', 'Sakura', 'Samir', 'Sara', 'Sebastian', 'Sofia', 'Stefan', 'Tariq', 'Thomas',
  'Tomas', 'Valentina', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zoe',
];
const SURNAMES = [
  'Adams', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Castro', 'Chen', 'Costa', 'Dubois', 'Eriksson',
  'Fernandez', 'Fischer', 'Garcia', 'Gomez', 'Gruber', 'Hansen', 'Hoffmann', 'Ivanova', 'Jansen', 'Johansson',
  'Kaya', 'Keller', 'Kim', 'Kowalski', 'Kumar', 'Larsen', 'Laurent', 'Lopez', 'Martin', 'Meier', 'Moreau',
  'Mueller', 'Nakamura', 'Navarro', 'Nguyen', 'Nielsen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Peeters',
  'Petrov', 'Popescu', 'Ramos', 'Rossi', 'Santos', 'Sato', 'Schmidt', 'Schneider', 'Silva', 'Singh', 'Smith',
  'Steiner', 'Suzuki', 'Svensson', 'Tanaka', 'Thompson', 'Varga', 'Vasquez', 'Vogel', 'Wagner', 'Walker',
  'Weber', 'Wilber', 'Wong', 'Yilmaz', 'Zhang', 'Zimmermann',
];
const DEPARTMENTS = ['Finance', 'Sales', 'Marketing', 'Engineering', 'IT', 'Human Resources', 'Legal', 'Operations', 'Support', 'Research'];
const TITLES = ['Analyst', 'Engineer', 'Manager', 'Specialist', 'Consultant', 'Coordinator', 'Director', 'Administrator', 'Associate', 'Lead'];
const SITES: readonly (readonly [city: string, country: string, usage: string, office: string, lang: string])[] = [
  ['Redmond', 'United States', 'US', '18/2111', 'en-US'],
  ['New York', 'United States', 'US', '131/1104', 'en-US'],
  ['London', 'United Kingdom', 'GB', 'LON-3.12', 'en-GB'],
  ['Lausanne', 'Switzerland', 'CH', 'LSN-2.04', 'fr-CH'],
  ['Paris', 'France', 'FR', 'PAR-5.10', 'fr-FR'],
  ['Munich', 'Germany', 'DE', 'MUC-1.22', 'de-DE'],
  ['Madrid', 'Spain', 'ES', 'MAD-4.01', 'es-ES'],
  ['Sydney', 'Australia', 'AU', 'SYD-7.03', 'en-AU'],
  ['Singapore', 'Singapore', 'SG', 'SIN-12.9', 'en-SG'],
  ['Toronto', 'Canada', 'CA', 'TOR-6.15', 'en-CA'],
];
const GUEST_DOMAINS = ['fabrikam.com', 'adatum.com', 'northwindtraders.com', 'outlook.com', 'gmail.com', 'tailspintoys.com'];

const C1 = 0x7feb352d;
const C2 = 0x846ca68b;

function inverseOdd(c: number): number {
  let inv = c;
  for (let i = 0; i < 5; i += 1) inv = Math.imul(inv, 2 - Math.imul(c, inv));
  return inv;
}
const C1_INV = inverseOdd(C1);
const C2_INV = inverseOdd(C2);

/** A bijection on 32-bit integers, so the user index can be recovered from the object id. */
function permute(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, C1);
  x ^= x >>> 16;
  x = Math.imul(x, C2);
  x ^= x >>> 16;
  return x >>> 0;
}

function unpermute(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, C2_INV);
  x ^= x >>> 16;
  x = Math.imul(x, C1_INV);
  x ^= x >>> 16;
  return x >>> 0;
}

function pick<T>(list: readonly T[], h: number): T {
  return list[h % list.length] as T;
}

function pct(h: number): number {
  return (h % 10000) / 100;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DAY_CACHE = new Map<number, string>();

function dayString(base: number, day: number): string {
  const key = base + day;
  let s = DAY_CACHE.get(key);
  if (s === undefined) {
    s = new Date(base + day * 86_400_000).toISOString().slice(0, 10);
    DAY_CACHE.set(key, s);
  }
  return s;
}

const GIVEN_LOWER = GIVEN.map((g) => g.toLowerCase());
const SURNAMES_LOWER = SURNAMES.map((g) => g.toLowerCase());
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64 of 16 bytes taken from five 24-bit slices and one byte, like a GUID immutableId (avoids a Buffer per user). */
function base64Guid(h: number): string {
  let out = '';
  for (let k = 0; k < 5; k += 1) {
    const w = hash32(h, 40 + k) >>> 8;
    out += B64.charAt((w >>> 18) & 63) + B64.charAt((w >>> 12) & 63) + B64.charAt((w >>> 6) & 63) + B64.charAt(w & 63);
  }
  const last = hash32(h, 45) & 255;
  return `${out}${B64.charAt(last >>> 2)}${B64.charAt((last & 3) << 4)}==`;
}

function dcPath(domain: string): string {
  return domain
    .split('.')
    .map((p) => `DC=${p}`)
    .join(',');
}

/**
 * Synthetic users produced on demand from (seed, index): a 500k-user tenant pages in constant memory.
 * Object ids and UPNs encode the index so single-user lookups need no scan.
 */
export class GeneratedUsers {
  readonly count: number;
  private readonly seed: number;
  private readonly salt: string;
  private readonly domain: string;
  private readonly initialDomain: string;
  private readonly onPremDomain: string;
  private readonly localDomain: string;
  private readonly createdBase: number;
  private readonly dn: string;
  private readonly company: string;
  private readonly sidPrefix: string;

  constructor(
    private readonly cfg: GeneratedUsersConfig,
    tenantId: string,
    domains: readonly string[],
  ) {
    this.count = cfg.count;
    this.seed = hash32(cfg.seed, hashString32(tenantId));
    this.salt = hex8(hash32(this.seed, 0xabcdef)).slice(0, 4);
    this.initialDomain = domains.find((d) => d.endsWith('.onmicrosoft.com')) ?? domains[0] ?? 'tenant.onmicrosoft.com';
    this.domain = cfg.domain ?? domains.find((d) => !d.endsWith('.onmicrosoft.com')) ?? this.initialDomain;
    const root = this.domain.split('.')[0] ?? 'corp';
    this.onPremDomain = `corp.${this.domain}`;
    this.localDomain = `${root}.local`;
    this.createdBase = Date.UTC(2016, 0, 4);
    this.dn = dcPath(this.onPremDomain);
    this.company = root.charAt(0).toUpperCase() + root.slice(1);
    this.sidPrefix = `S-1-5-21-${hash32(this.seed, 21) % 1_000_000_000}-${hash32(this.seed, 22) % 1_000_000_000}-`;
  }

  idOf(index: number): string {
    const h1 = hash32(this.seed, index);
    const h2 = hash32(h1, 1);
    const variant = (8 + (h2 & 3)).toString(16);
    const a = hex8(h1);
    const b = hex8(h2);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${hex8(hash32(h2, 2)).slice(0, 3)}-${this.salt}${hex8(permute((index ^ this.seed) >>> 0))}`;
  }

  indexOfId(id: string): number | undefined {
    const lower = id.toLowerCase();
    if (lower.length !== 36 || lower.slice(24, 28) !== this.salt) return undefined;
    const tail = Number.parseInt(lower.slice(28), 16);
    if (!Number.isFinite(tail)) return undefined;
    const index = (unpermute(tail) ^ this.seed) >>> 0;
    if (index >= this.count || this.idOf(index) !== lower) return undefined;
    return index;
  }

  indexOfUpn(upn: string): number | undefined {
    const at = upn.lastIndexOf('@');
    if (at < 0) return undefined;
    const stem = upn.slice(0, at).split('_')[0] ?? '';
    const m = /(\d+)$/.exec(stem);
    if (!m || m[1] === undefined) return undefined;
    const index = Number.parseInt(m[1], 10);
    if (!Number.isSafeInteger(index) || index >= this.count) return undefined;
    return this.at(index).userPrincipalName.toLowerCase() === upn.toLowerCase() ? index : undefined;
  }

  at(index: number): UserRecord {
    const cfg = this.cfg;
    const h = hash32(this.seed, index);
    const gi = hash32(h, 3) % GIVEN.length;
    const si = hash32(h, 4) % SURNAMES.length;
    const given = GIVEN[gi] as string;
    const surname = SURNAMES[si] as string;
    const guest = pct(hash32(h, 5)) < cfg.guestPercent;
    const disabled = pct(hash32(h, 6)) < cfg.disabledPercent;
    const onMicrosoft = !guest && pct(hash32(h, 7)) < cfg.onmicrosoftPercent;
    const synced = !guest && pct(hash32(h, 8)) < cfg.syncedPercent;
    const noMail = pct(hash32(h, 9)) < cfg.missingMailPercent;
    const noDepartment = pct(hash32(h, 10)) < cfg.missingDepartmentPercent;
    const site = pick(SITES, hash32(h, 11));
    const department = noDepartment ? null : pick(DEPARTMENTS, hash32(h, 12));
    const stem = `${GIVEN_LOWER[gi] as string}.${SURNAMES_LOWER[si] as string}${index}`;
    const guestDomain = pick(GUEST_DOMAINS, hash32(h, 13));
    const upn = guest
      ? `${stem}_${guestDomain}#EXT#@${this.initialDomain}`
      : `${stem}@${onMicrosoft ? this.initialDomain : this.domain}`;
    const mail = noMail ? null : guest ? `${stem}@${guestDomain}` : `${stem}@${this.domain}`;
    const sam = `${stem.charAt(0)}${SURNAMES_LOWER[si] as string}${index}`.slice(0, 20);
    const seconds = hash32(h, 15) % 86_400;
    const created = `${dayString(this.createdBase, hash32(h, 14) % 2_800)}T${TWO_DIGITS[(seconds / 3600) | 0] as string}:${TWO_DIGITS[((seconds / 60) | 0) % 60] as string}:${TWO_DIGITS[seconds % 60] as string}Z`;
    // One literal with every key (nulls included) keeps a single hidden class: much faster than adding keys later.
    const user = {
      id: this.idOf(index),
      userPrincipalName: upn,
      displayName: guest ? `${given} ${surname} (Guest)` : `${given} ${surname}`,
      givenName: given,
      surname,
      mail,
      mailNickname: guest ? `${stem}_${guestDomain}#EXT#` : stem,
      otherMails: guest && mail ? [mail] : [],
      proxyAddresses: mail ? [`SMTP:${mail}`] : [],
      accountEnabled: !disabled,
      userType: guest ? 'Guest' : 'Member',
      creationType: guest ? 'Invitation' : null,
      externalUserState: guest ? 'Accepted' : null,
      jobTitle: guest ? null : pick(TITLES, hash32(h, 16)),
      department: guest ? null : department,
      companyName: guest ? null : this.company,
      employeeId: guest ? null : String(100000 + index),
      officeLocation: guest ? null : site[3],
      city: guest ? null : site[0],
      country: guest ? null : site[1],
      usageLocation: site[2],
      preferredLanguage: site[4],
      businessPhones: guest ? [] : [`+1 425 555 ${(10000 + (index % 10000)).toString().slice(1)}`],
      mobilePhone: hash32(h, 17) % 3 === 0 ? `+1 206 555 ${(10000 + (hash32(h, 18) % 10000)).toString().slice(1)}` : null,
      createdDateTime: created,
      onPremisesSyncEnabled: synced ? true : null,
      onPremisesUserPrincipalName: synced ? (onMicrosoft ? `${sam}@${this.localDomain}` : upn) : null,
      onPremisesSamAccountName: synced ? sam : null,
      onPremisesDomainName: synced ? this.onPremDomain : null,
      onPremisesDistinguishedName: synced ? `CN=${given} ${surname},OU=${department ?? 'Users'},OU=Accounts,${this.dn}` : null,
      onPremisesImmutableId: synced ? base64Guid(h) : null,
      onPremisesSecurityIdentifier: synced ? `${this.sidPrefix}${1100 + index}` : null,
      onPremisesLastSyncDateTime: synced ? '2025-05-26T06:12:41Z' : null,
    };
    return user as UserRecord;
  }
}
