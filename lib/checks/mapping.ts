import 'server-only';
import { graphGet, type GraphResult } from '@/lib/graph/client';
import { canonicalUserProperty, isDirectoryExtension } from '@/lib/graph/user-properties';
import { mappedFields } from '@/lib/nexthink/mapping';
import type { ValidationContext } from './context';
import { attemptsEvidence, explainGraphFailure } from './explain';
import { skip, type CheckDef, type CheckOutcome } from './runner';
import { withToken } from './token';

const SAMPLE_SIZE = 25;

type SampleUser = Record<string, unknown>;
type Sample = { users: SampleUser[]; result: Extract<GraphResult<unknown>, { ok: true }> };

/** The Graph $select for the preview: the mapped properties as typed, plus what the flags need. */
function sampleSelect(ctx: ValidationContext): string[] {
  const props = mappedFields(ctx.setup.mapping).map((f) => f.property);
  const lower = new Set(props.map((p) => p.toLowerCase()));
  for (const extra of ['id', 'userPrincipalName', 'accountEnabled', 'userType']) {
    if (!lower.has(extra.toLowerCase())) {
      props.push(extra);
      lower.add(extra.toLowerCase());
    }
  }
  return [...new Set(props)];
}

/** One read of up to SAMPLE_SIZE users, shared by the field-mapping checks of a run. */
function readSample(ctx: ValidationContext) {
  return ctx.once<{ ok: true; sample: Sample } | { ok: false; outcome: CheckOutcome }>('field-mapping sample', async () => {
    const t = await ctx.token();
    if ('unavailable' in t) return { ok: false as const, outcome: skip(`Skipped: ${t.unavailable}.`) };
    if (!t.ok) return { ok: false as const, outcome: skip('Skipped: needs an access token, and the token request failed (see above).') };
    const query = new URLSearchParams({ $select: sampleSelect(ctx).join(','), $top: String(SAMPLE_SIZE) });
    const res = await graphGet<{ value?: SampleUser[] }>(
      { graphUrl: ctx.cloud.graphUrl, accessToken: t.accessToken, ...(ctx.signal && { signal: ctx.signal }) },
      `/users?${query.toString()}`,
    );
    if (!res.ok) return { ok: false as const, outcome: explainGraphFailure(res.failure, res.attempts, 'Reading users failed') };
    return { ok: true as const, sample: { users: Array.isArray(res.data.value) ? res.data.value : [], result: res } };
  });
}

/** Runs `fn` on the run's user sample; Skipped when the users could not be read or there are none. */
async function withSample(ctx: ValidationContext, fn: (users: SampleUser[]) => CheckOutcome | Promise<CheckOutcome>): Promise<CheckOutcome> {
  return withToken(ctx, async () => {
    const read = await readSample(ctx);
    if (!read.ok) return skip('Skipped: the users could not be read (see above).');
    if (read.sample.users.length === 0) return skip('Skipped: no users to look at.');
    return fn(read.sample.users);
  });
}

/** Graph answers with canonical property names whatever the case in $select. */
function valueOf(user: SampleUser, property: string): unknown {
  if (property in user) return user[property];
  const lower = property.toLowerCase();
  const key = Object.keys(user).find((k) => k.toLowerCase() === lower);
  return key ? user[key] : undefined;
}

function display(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((v) => display(v) ?? '').join(', ');
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 200);
  return String(value);
}

const isGuestUpn = (upn: string) => upn.toUpperCase().includes('#EXT#');
const isOnMicrosoftUpn = (upn: string) => /@[^@]+\.onmicrosoft\.(com|us)$|@[^@]+\.partner\.onmschina\.cn$/i.test(upn);

export const usernameMapping: CheckDef = {
  id: 'username-mapping',
  title: 'Username (user.ad.name) is mapped from userPrincipalName',
  async run(ctx) {
    const property = (ctx.setup.mapping.username ?? '').trim();
    const fix = 'On the Field mapping tab, type userPrincipalName (exactly so) in the Username box.';
    if (property === '') return { status: 'fail', summary: 'Username is not mapped, so user.ad.username stays empty and workflows cannot find users in Graph.', remediation: fix };
    if (property === 'userPrincipalName') {
      return { status: 'pass', summary: 'Username ← userPrincipalName: the UPN lands in user.ad.username (the Library documentation calls it user.ad.name).' };
    }
    if (property.toLowerCase() === 'userprincipalname') {
      return { status: 'warn', summary: `"${property}" differs from userPrincipalName in case. Graph accepts it; type it exactly as userPrincipalName in Nexthink to be safe.`, remediation: fix };
    }
    if (property.toLowerCase() === 'onpremisesuserprincipalname') {
      return {
        status: 'warn',
        summary: 'onPremisesUserPrincipalName is filled only for users synced from on-premises AD: cloud-only users get no username, and workflows call Graph with the cloud UPN.',
        remediation: fix,
      };
    }
    if (property.toLowerCase() === 'mail') {
      return {
        status: 'fail',
        summary: 'mail is the e-mail address, not the UPN. They often differ, and workflows look users up in Graph by UPN.',
        remediation: `${fix} Map mail to Email address instead.`,
      };
    }
    return { status: 'fail', summary: `Username ← ${property}: workflows call GET /users/{username}, which needs the UPN.`, remediation: fix };
  },
};

export const mappedPropertiesExist: CheckDef = {
  id: 'mapped-properties',
  title: 'Every mapped property exists in Microsoft Graph',
  run: (ctx) =>
    withToken(ctx, async () => {
      const fields = mappedFields(ctx.setup.mapping);
      if (fields.length === 0) return { status: 'fail', summary: 'Nothing is mapped.', remediation: 'Map at least Username ← userPrincipalName.' };
      const read = await readSample(ctx);
      if (!read.ok) {
        const o = read.outcome;
        // Graph's code for an unknown $select property is only BadRequest: its message names the property
        // ("Could not find a property named 'x' …"); when it does not, the mapped names Graph's user type
        // lacks (and that are no directory extension) are the suspects.
        const named = o.evidence?.message?.match(/property named '([^']+)'/)?.[1];
        const suspects = named
          ? fields.filter((f) => f.property.toLowerCase() === named.toLowerCase())
          : o.evidence?.httpStatus === 400
            ? fields.filter((f) => !canonicalUserProperty(f.property) && !isDirectoryExtension(f.property))
            : [];
        if (named || suspects.length > 0) {
          const names = named ? [named] : suspects.map((f) => f.property);
          const labels = suspects.map((f) => f.label).join(', ');
          return {
            ...o,
            summary: `Graph has no user property ${names.map((n) => `"${n}"`).join(', ')}${labels ? ` (mapped to ${labels})` : ''}.`,
            ...(o.evidence?.message && { detail: `Microsoft Graph says: ${o.evidence.message}` }),
            remediation: `Correct the property name${labels ? ` for ${labels}` : ''}: Entra ID property names are case-sensitive in Nexthink, e.g. userPrincipalName, mail, displayName, department, jobTitle, officeLocation, city, country, usageLocation.`,
          };
        }
        return o;
      }
      const wrongCase = fields
        .map((f) => ({ f, canonical: canonicalUserProperty(f.property) }))
        .filter(({ f, canonical }) => canonical && canonical !== f.property);
      const names = fields.map((f) => f.property).join(', ');
      if (wrongCase.length > 0) {
        return {
          status: 'warn',
          summary: `Graph accepts all ${fields.length} mapped properties, but ${wrongCase.map(({ f, canonical }) => `"${f.property}" should be written ${canonical}`).join('; ')}.`,
          remediation: 'Type the exact names in Nexthink: its connector does not correct the case.',
          evidence: attemptsEvidence(read.sample.result.httpStatus, read.sample.result.attempts),
        };
      }
      const extensions = fields.filter((f) => isDirectoryExtension(f.property));
      return {
        status: 'pass',
        summary: `Graph knows all ${fields.length} mapped properties: ${names}.`,
        ...(extensions.length > 0 && { detail: `${extensions.map((f) => f.property).join(', ')}: directory extension attribute(s) of this tenant.` }),
        evidence: attemptsEvidence(read.sample.result.httpStatus, read.sample.result.attempts, read.sample.result.requestId ? { requestId: read.sample.result.requestId } : {}),
      };
    }),
};

export const mappingPreview: CheckDef = {
  id: 'mapping-preview',
  title: `Preview: what Nexthink will import for ${SAMPLE_SIZE} users`,
  run: (ctx) =>
    withToken(ctx, async () => {
      const read = await readSample(ctx);
      if (!read.ok) return skip('Skipped: the users could not be read (see above).');
      const fields = mappedFields(ctx.setup.mapping);
      const users = read.sample.users;
      if (users.length === 0) return { status: 'warn', summary: 'Graph returned no users: the connector would import nothing.', remediation: 'Check that the tenant has users and that the app may read them.' };
      const rows = users.map((u) => {
        const upn = String(valueOf(u, 'userPrincipalName') ?? '');
        const notes = [isGuestUpn(upn) && 'Guest', valueOf(u, 'accountEnabled') === false && 'Disabled', !isGuestUpn(upn) && isOnMicrosoftUpn(upn) && 'onmicrosoft.com UPN']
          .filter(Boolean)
          .join(', ');
        return [...fields.map((f) => display(valueOf(u, f.property))), notes];
      });
      const usernameIndex = fields.findIndex((f) => f.key === 'username');
      const noUsername = usernameIndex < 0 ? users.length : rows.filter((r) => r[usernameIndex] === null).length;
      return {
        status: noUsername > 0 ? 'warn' : 'pass',
        summary:
          noUsername > 0
            ? `${noUsername} of ${users.length} users would get no username in Nexthink.`
            : `${users.length} users read; each gets a username. The table shows what lands in each Nexthink field.`,
        table: {
          caption: `Nexthink field ← Entra ID property, for the first ${users.length} users Graph returned`,
          columns: [...fields.map((f) => `${f.label} (${f.nqlField}) ← ${f.property}`), 'Notes'],
          rows,
        },
      };
    }),
};

export const emptyMappedValues: CheckDef = {
  id: 'empty-values',
  title: 'Mapped fields have values',
  run: (ctx) =>
    withSample(ctx, (users) => {
      const gaps = mappedFields(ctx.setup.mapping)
        .map((f) => {
          const empty = users.filter((u) => display(valueOf(u, f.property)) === null);
          return { f, empty };
        })
        .filter((g) => g.empty.length > 0);
      if (gaps.length === 0) return { status: 'pass', summary: `All ${users.length} users have a value for every mapped field.` };
      return {
        status: 'warn',
        summary: gaps.map((g) => `${g.f.property} is empty for ${g.empty.length} of ${users.length} users`).join('; ') + '.',
        detail: gaps
          .map((g) => `${g.f.label} (${g.f.property}): e.g. ${g.empty.slice(0, 3).map((u) => String(valueOf(u, 'userPrincipalName') ?? valueOf(u, 'id'))).join(', ')}`)
          .join('\n'),
        remediation: 'Nexthink imports these fields empty. Fill them in Entra ID (or on-premises AD for synced users), or map another property.',
      };
    }),
};

export const upnFlags: CheckDef = {
  id: 'upn-flags',
  title: 'Guests, onmicrosoft.com UPNs and disabled accounts',
  run: (ctx) =>
    withSample(ctx, (users) => {
      const upnOf = (u: SampleUser) => String(valueOf(u, 'userPrincipalName') ?? '');
      const guests = users.filter((u) => isGuestUpn(upnOf(u)));
      const onmicrosoft = users.filter((u) => !isGuestUpn(upnOf(u)) && isOnMicrosoftUpn(upnOf(u)));
      const disabled = users.filter((u) => valueOf(u, 'accountEnabled') === false);
      const lines: string[] = [];
      const examples = (list: SampleUser[]) => list.slice(0, 3).map(upnOf).join(', ');
      if (guests.length) lines.push(`${guests.length} guest(s) (#EXT# UPNs, e.g. ${examples(guests)}): imported with their guest UPN; a workflow acting on them must send # as %23.`);
      if (onmicrosoft.length) {
        lines.push(
          `${onmicrosoft.length} member(s) with an onmicrosoft.com UPN (e.g. ${examples(onmicrosoft)}): usually an on-premises UPN suffix that is not routable (such as .local), so the name Nexthink sees on the device may not match.`,
        );
      }
      if (disabled.length) lines.push(`${disabled.length} disabled account(s) (e.g. ${examples(disabled)}): imported as well; workflows may act on accounts that cannot sign in.`);
      if (lines.length === 0) return { status: 'pass', summary: `No guests, onmicrosoft.com UPNs or disabled accounts among ${users.length} users.` };
      return {
        status: 'warn',
        summary: `Among ${users.length} users: ${[guests.length && `${guests.length} guest(s)`, onmicrosoft.length && `${onmicrosoft.length} onmicrosoft.com UPN(s)`, disabled.length && `${disabled.length} disabled`].filter(Boolean).join(', ')}.`,
        detail: lines.join('\n'),
        remediation: onmicrosoft.length
          ? 'For onmicrosoft.com UPNs: add the routable UPN suffix in on-premises AD and Entra Connect, or accept that these users will not match.'
          : 'Nothing to change if this is expected; keep it in mind when workflows act on these users.',
      };
    }),
};

