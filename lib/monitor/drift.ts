import { createHash } from 'node:crypto';
import { EXPIRY_WARNING_DAYS, expiryState } from '@/lib/time/expiry';
import type { Observation } from './observe';

/**
 * A run's observation flattened into facts (name → value). Two runs differ where a fact differs; each
 * difference is one change on the timeline and one notification. The digest covers the facts only, so
 * timestamps that move on their own (last sign-in) change nothing unless they cross a threshold.
 */
export type Facts = Record<string, string>;
export type Severity = 'critical' | 'warning' | 'info' | 'ok';

export type Finding = { fact: string; severity: Exclude<Severity, 'ok'>; title: string; fix: string };
export type Change = { fact: string; was: string | undefined; now: string | undefined; severity: 'critical' | 'warning' | 'info' | 'resolved'; title: string; fix: string };

const IDLE_DAYS = 7;
const EMPTY_JUMP = 0.1;
const DAY = 86_400_000;

function daysBetween(fromIso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(fromIso)) / DAY);
}

export function factsOf(o: Observation, now: Date): Facts {
  const f: Facts = { app: o.app };
  if (o.app !== 'present') return f;
  f['app.audience'] = o.signInAudience === 'AzureADMyOrg' ? 'single-tenant' : (o.signInAudience ?? 'unknown');
  if (o.servicePrincipal) f['sp'] = o.servicePrincipal;
  for (const [p, state] of Object.entries(o.permissions)) f[`permission:${p}`] = state;
  for (const s of o.secrets) f[`secret:${s.keyId}`] = 'present';
  const valid = o.secrets.filter((s) => !s.end || Date.parse(s.end) > now.getTime());
  f['secrets.valid'] = o.secrets.length === 0 ? 'none' : valid.length === 0 ? 'all-expired' : 'some';
  const ns = o.nexthinkSecret;
  f['nexthink-secret'] = ns.match === 'found' ? ns.keyId : ns.match;
  if (ns.match === 'found' && ns.end) {
    // Expired from the instant Entra stops accepting it; "expiring" counts UTC days, as the status view does.
    const end = Date.parse(ns.end);
    const expiry = expiryState(ns.end.slice(0, 10), now);
    if (!Number.isNaN(end) && expiry.state !== 'unknown') f['nexthink-secret.expiry'] = end <= now.getTime() ? 'expired' : expiry.state === 'ok' ? 'ok' : 'expiring';
  }
  if (o.usage.available) {
    const last = o.usage.appLastUsed ?? o.usage.secretLastUsed;
    f['usage'] = last === null ? 'never' : daysBetween(last, now) >= IDLE_DAYS ? 'idle' : 'active';
  } else {
    f['usage'] = 'not-available';
  }
  if (o.mapping.available) {
    for (const p of o.mapping.missing) f[`mapping:${p}`] = 'missing';
    // Tenths: a share moving inside the same tenth is noise; the change text compares the two shares.
    for (const [p, share] of Object.entries(o.mapping.emptyShare)) f[`mapping.empty:${p}`] = String(Math.floor(share * 10) / 10);
  }
  return f;
}

/**
 * What this run could not read is not news: those facts keep the previous run's values, so a Graph hiccup is
 * neither "consent revoked" nor, on the next good run, "someone added a new client secret". An unreadable app
 * hides everything but the app's own fact; unread assignments hide the permissions.
 */
export function carryUnread(current: Facts, previous: Facts | undefined, o: Observation): Facts {
  if (!previous) return current;
  const unread = (fact: string) => (o.app === 'unreadable' ? fact !== 'app' : o.permissionsUnread === true && fact.startsWith('permission:'));
  const out: Facts = { ...current };
  for (const [fact, value] of Object.entries(previous)) if (unread(fact) && !(fact in current) && value !== undefined) out[fact] = value;
  return out;
}

export function digestOf(facts: Facts): string {
  const canonical = JSON.stringify(Object.keys(facts).sort().map((k) => [k, facts[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}

const permissionName = (fact: string) => fact.slice('permission:'.length);

/** How a fact's value reads: its severity, one line, and the fix. */
export function describe(fact: string, value: string | undefined): { severity: Severity; title: string; fix: string } {
  const ok = (title: string) => ({ severity: 'ok' as const, title, fix: '' });
  if (fact === 'app') {
    if (value === 'deleted') return { severity: 'critical', title: 'The Nexthink app registration no longer exists.', fix: 'Restore it from App registrations > Deleted applications within 30 days, or register a new app and run the wizard again.' };
    if (value === 'unreadable') return { severity: 'warning', title: 'The Nexthink app could not be read.', fix: 'Check that the monitoring identity still has Application.Read.All; Check now again later.' };
    return ok('The Nexthink app registration exists.');
  }
  if (fact === 'app.audience') {
    return value === 'single-tenant'
      ? ok('The Nexthink app is single-tenant.')
      : { severity: 'warning', title: `The Nexthink app now accepts sign-ins from other tenants (${value ?? 'unknown'}).`, fix: 'In the app\'s Authentication page, set Supported account types back to "Accounts in this organizational directory only".' };
  }
  if (fact === 'sp') {
    if (value === 'disabled') return { severity: 'critical', title: 'The Nexthink app\'s service principal is disabled: Entra refuses its tokens (AADSTS7000112).', fix: 'In Enterprise applications, open the app\'s Properties and set "Enabled for users to sign-in?" to Yes.' };
    if (value === 'missing') return { severity: 'critical', title: 'The Nexthink app has no service principal in this tenant any more.', fix: 'Grant admin consent on the app\'s API permissions page, which creates it again.' };
    return ok('The Nexthink app\'s service principal exists and is enabled.');
  }
  if (fact.startsWith('permission:')) {
    const p = permissionName(fact);
    switch (value) {
      case 'granted':
        return ok(`Permission ${p} is granted.`);
      case 'broader':
        return { severity: 'info', title: `Permission ${p} is covered by a broader granted permission.`, fix: `Grant ${p} itself and remove the broader one.` };
      case 'not-granted':
        return { severity: 'critical', title: `Permission ${p} is no longer granted (admin consent revoked).`, fix: `Open the app's API permissions and select "Grant admin consent" for ${p}.` };
      case 'delegated-only':
        return { severity: 'critical', title: `Permission ${p} is configured as Delegated, not as an Application permission.`, fix: `Remove the Delegated ${p}, add it under Application permissions, then grant admin consent.` };
      case 'not-configured':
        return { severity: 'critical', title: `Permission ${p} is no longer configured on the app.`, fix: `Add Microsoft Graph > Application permissions > ${p}, then grant admin consent.` };
      default:
        return { severity: 'info', title: `Permission ${p} is no longer checked (workflows changed).`, fix: '' };
    }
  }
  if (fact.startsWith('secret:')) {
    return value === 'present'
      ? { severity: 'info', title: 'A client secret is on the Nexthink app.', fix: '' }
      : { severity: 'info', title: 'A client secret was removed from the Nexthink app.', fix: '' };
  }
  if (fact === 'secrets.valid') {
    if (value === 'all-expired') return { severity: 'critical', title: 'Every client secret of the Nexthink app has expired.', fix: 'Create a new client secret and enter its Value in Nexthink\'s connector credentials.' };
    if (value === 'none') return { severity: 'critical', title: 'The Nexthink app has no client secret.', fix: 'Create a client secret and enter its Value in Nexthink\'s connector credentials.' };
    return ok('At least one client secret is valid.');
  }
  if (fact === 'nexthink-secret') {
    if (value === 'deleted') return { severity: 'critical', title: 'The client secret Nexthink uses was deleted from the app.', fix: 'Create a new client secret, enter its Value in Nexthink, and validate step 2 again so the wizard knows which secret Nexthink uses.' };
    if (value === 'no-hint') return { severity: 'info', title: 'Which secret Nexthink uses is not known yet.', fix: 'Validate step 2 once with the secret Nexthink uses: the wizard keeps its first three characters (Entra\'s hint) to recognise it.' };
    if (value === 'ambiguous') return { severity: 'info', title: 'Several secrets start with the same three characters: which one Nexthink uses is not certain.', fix: 'Delete the secrets Nexthink does not use.' };
    return ok('The secret Nexthink uses is on the app.');
  }
  if (fact === 'nexthink-secret.expiry') {
    if (value === 'expired') return { severity: 'critical', title: 'The client secret Nexthink uses has expired.', fix: 'Create a new client secret and enter its Value in Nexthink\'s connector credentials.' };
    if (value === 'expiring') return { severity: 'warning', title: `The client secret Nexthink uses expires within ${EXPIRY_WARNING_DAYS} days.`, fix: 'Rotate it now: add a new secret, enter it in Nexthink, then delete the old one.' };
    return ok('The secret Nexthink uses is valid for more than a month.');
  }
  if (fact === 'usage') {
    if (value === 'idle') return { severity: 'warning', title: `Nexthink has not used the app for ${IDLE_DAYS} days or more.`, fix: 'Check the inbound connector and workflows in Nexthink: they should sign in at least daily.' };
    if (value === 'never') return { severity: 'warning', title: 'Entra has no record of Nexthink using the app.', fix: 'Check that Nexthink\'s connector credentials carry this app\'s client ID and secret.' };
    if (value === 'not-available') return { severity: 'info', title: 'Last use by Nexthink: not available.', fix: '' };
    return ok('Nexthink used the app within the last week.');
  }
  if (fact.startsWith('mapping:')) {
    return value === 'missing'
      ? { severity: 'critical', title: `The mapped property ${fact.slice('mapping:'.length)} no longer exists in the directory.`, fix: 'Map the Nexthink field to an existing property (step 4), or restore the directory extension.' }
      : ok(`The mapped property ${fact.slice('mapping:'.length)} exists.`);
  }
  if (fact.startsWith('mapping.empty:')) {
    return { severity: 'info', title: `Share of users with an empty ${fact.slice('mapping.empty:'.length)}: about ${Math.round(Number(value ?? 0) * 100)}%.`, fix: '' };
  }
  return { severity: 'info', title: `${fact}: ${value ?? 'gone'}`, fix: '' };
}

export function findingsOf(facts: Facts): Finding[] {
  const order: Record<string, number> = { critical: 0, warning: 1, info: 2 };
  return Object.entries(facts)
    .map(([fact, value]) => ({ fact, ...describe(fact, value) }))
    .filter((d): d is Finding & { severity: Finding['severity'] } => d.severity !== 'ok' && !d.fact.startsWith('secret:') && !d.fact.startsWith('mapping.empty:'))
    .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3) || a.fact.localeCompare(b.fact));
}

/** What changed from the previous run's facts; nothing for a first run (it is the baseline). */
export function changesBetween(previous: Facts | undefined, current: Facts): Change[] {
  if (!previous) return [];
  const changes: Change[] = [];
  for (const fact of [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort()) {
    const was = previous[fact];
    const now = current[fact];
    if (was === now) continue;
    if (fact.startsWith('mapping.empty:')) {
      const jumped = Number(now ?? 0) - Number(was ?? 0) >= EMPTY_JUMP;
      if (!jumped) continue;
      const prop = fact.slice('mapping.empty:'.length);
      changes.push({
        fact,
        was,
        now,
        severity: 'warning',
        title: `The share of users with an empty ${prop} jumped from about ${Math.round(Number(was ?? 0) * 100)}% to ${Math.round(Number(now ?? 0) * 100)}%.`,
        fix: `A directory change emptied ${prop} for many users: Nexthink will not match them. Check the sync rules or the HR source that fills it.`,
      });
      continue;
    }
    if (fact.startsWith('secret:')) {
      changes.push(
        now === 'present'
          ? { fact, was, now, severity: 'warning', title: 'Someone added a new client secret to the Nexthink app.', fix: 'If nobody meant to, delete it: every secret is a way in. If it is a rotation, enter it in Nexthink and validate step 2 again.' }
          : { fact, was, now, severity: 'info', title: 'A client secret was deleted from the Nexthink app.', fix: '' },
      );
      continue;
    }
    const d = describe(fact, now);
    const before = describe(fact, was);
    if (d.severity === 'ok' || now === undefined) {
      if (before.severity === 'critical' || before.severity === 'warning') changes.push({ fact, was, now, severity: 'resolved', title: `Resolved: ${before.title}`, fix: '' });
      else if (fact.startsWith('permission:') && now === undefined) continue;
      else if (d.severity === 'ok' && was !== undefined) changes.push({ fact, was, now, severity: 'info', title: d.title, fix: '' });
      continue;
    }
    changes.push({ fact, was, now, severity: d.severity === 'critical' ? 'critical' : d.severity === 'warning' ? 'warning' : 'info', title: d.title, fix: d.fix });
  }
  return changes;
}

export function statusOf(findings: readonly Finding[]): 'fail' | 'warn' | 'pass' {
  if (findings.some((f) => f.severity === 'critical')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
