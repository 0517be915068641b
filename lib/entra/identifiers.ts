/** Shape checks for what admins paste: run before any call so a typo never reaches Microsoft. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

/** Trims white space (including non-breaking and zero-width characters that come with copy and paste). */
export function cleanPasted(value: string): string {
  return value.replace(/^[\s\u200B-\u200D\uFEFF]+|[\s\u200B-\u200D\uFEFF]+$/g, '');
}

/** Microsoft Graph's app id: the resourceAppId of its permissions, the appId of its service principal in every tenant. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function isDomainName(value: string): boolean {
  if (value.length > 253 || !value.includes('.')) return false;
  const labels = value.split('.');
  const tld = labels[labels.length - 1] ?? '';
  return labels.every((l) => DNS_LABEL.test(l)) && TLD.test(tld);
}

export type TenantInput =
  | { ok: true; kind: 'guid' | 'domain'; value: string }
  | { ok: false; message: string };

/** Parses the Directory (tenant) ID field: a tenant GUID or a verified domain such as contoso.onmicrosoft.com. */
export function parseTenantInput(raw: string): TenantInput {
  let value = cleanPasted(raw);
  if (value === '') return { ok: false, message: 'Enter the Directory (tenant) ID: a GUID, or a verified domain such as contoso.onmicrosoft.com.' };
  if (/^\{.*\}$/.test(value)) value = value.slice(1, -1).trim();
  if (isGuid(value)) return { ok: true, kind: 'guid', value: value.toLowerCase() };
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) {
    return { ok: false, message: `"${value}" is a multi-tenant alias, not your tenant. Paste the Directory (tenant) ID from the app's Overview page.` };
  }
  if (/^https?:\/\//i.test(value) || value.includes('/')) {
    const guid = value.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0];
    return {
      ok: false,
      message: guid
        ? `That is a URL. Paste only the tenant ID it contains: ${guid.toLowerCase()}.`
        : 'That is a URL. Paste only the Directory (tenant) ID: a GUID, or a verified domain such as contoso.onmicrosoft.com.',
    };
  }
  if (value.includes('@')) {
    const domain = value.slice(value.lastIndexOf('@') + 1);
    return {
      ok: false,
      message: isDomainName(domain)
        ? `That looks like a user name. Use the domain after the @ (${domain.toLowerCase()}) or, better, the Directory (tenant) ID GUID.`
        : 'That looks like a user name, not a tenant. Paste the Directory (tenant) ID GUID from the app\'s Overview page.',
    };
  }
  if (/^[0-9a-f-]{30,40}$/i.test(value)) {
    return { ok: false, message: 'This looks like a GUID with a character missing or extra. Copy the Directory (tenant) ID again with the copy button next to it.' };
  }
  if (isDomainName(value)) return { ok: true, kind: 'domain', value: value.toLowerCase() };
  return { ok: false, message: 'The Directory (tenant) ID must be a GUID (like 8eaef023-2b34-4da1-9baa-8bc8c9d6a490) or a verified domain (like contoso.onmicrosoft.com).' };
}

export type ClientIdInput = { ok: true; value: string } | { ok: false; message: string };

export function parseClientIdInput(raw: string, tenantGuids: readonly (string | null | undefined)[] = []): ClientIdInput {
  let value = cleanPasted(raw);
  if (value === '') return { ok: false, message: 'Enter the Application (client) ID from the app\'s Overview page.' };
  if (/^\{.*\}$/.test(value)) value = value.slice(1, -1).trim();
  if (!isGuid(value)) {
    return { ok: false, message: 'The Application (client) ID is a GUID like 1671f074-56e2-4c37-873b-b7b07a120b18. Copy it from the app\'s Overview page.' };
  }
  const lower = value.toLowerCase();
  if (tenantGuids.some((t) => t && t.toLowerCase() === lower)) {
    return { ok: false, message: 'This is the Directory (tenant) ID pasted again. The Application (client) ID is the line above it on the Overview page.' };
  }
  return { ok: true, value: lower };
}

export type SecretInput =
  | { ok: true; value: string; note?: string }
  | { ok: false; reason: 'empty' | 'secret-id' | 'masked' | 'whitespace'; message: string };

/** Checks a pasted client secret before it is ever sent. The message never contains the value. */
export function parseSecretInput(raw: string): SecretInput {
  const value = cleanPasted(raw);
  if (value === '') return { ok: false, reason: 'empty', message: 'Paste the client secret Value.' };
  if (isGuid(value) || isGuid(value.replace(/^\{|\}$/g, ''))) {
    return {
      ok: false,
      reason: 'secret-id',
      message: 'This is a GUID, so it is the Secret ID, not the secret. Copy the Value column (left of Secret ID). If the Value is hidden, create a new client secret: the portal shows the Value only once.',
    };
  }
  if (/[•*…]{3,}/.test(value) || /\.\.\.$/.test(value)) {
    return {
      ok: false,
      reason: 'masked',
      message: 'This looks like a masked or shortened value. The portal shows the full Value only right after you create the secret: create a new client secret and copy its Value at once.',
    };
  }
  if (/\s/.test(value)) {
    return { ok: false, reason: 'whitespace', message: 'The secret contains spaces or line breaks, which Entra ID secrets never do. Copy the Value again with the copy button next to it.' };
  }
  const note = value.length < 16 || value.length > 128 ? 'The value is shorter or longer than Entra ID secrets usually are (about 40 characters); it may be incomplete.' : undefined;
  return note ? { ok: true, value, note } : { ok: true, value };
}
