import { accessTokenUrl, getCloud, graphScope, graphUrlAddress } from '@/lib/entra/clouds';
import { parseClientIdInput, parseTenantInput } from '@/lib/entra/identifiers';
import type { Setup } from '@/lib/setups/schema';

export const CONNECTOR_CREDENTIALS_MENU = 'Administration > Connector credentials > New credential';
export const THIRD_PARTY_CREDENTIALS_MENU = 'Administration > Integrations > Third-party credentials';
export const INBOUND_CONNECTOR_MENU = 'Administration > Inbound connectors > Entra ID (Azure AD) > New connector';

export type CredentialRow = { label: string; value: string | null; copy: boolean; note?: string };

function displayTenant(setup: Setup): string {
  const t = parseTenantInput(setup.tenant);
  if (setup.name.trim()) return setup.name.trim();
  if (t.ok && t.kind === 'domain') return t.value;
  return setup.tenantId ?? 'your tenant';
}

/**
 * The Nexthink connector-credentials entry, field by field, in the order Nexthink's form asks for them.
 * The client secret is never among the values: the admin pastes it from where they keep it.
 */
export function connectorCredentialRows(setup: Setup): CredentialRow[] {
  const cloud = getCloud(setup.cloud);
  const client = parseClientIdInput(setup.clientId);
  return [
    { label: 'Name', value: `Microsoft Graph – ${displayTenant(setup)}`, copy: true, note: 'Any name; workflows pick the credential by it.' },
    { label: 'Protocol', value: 'HTTPS', copy: false },
    {
      label: 'URL address',
      value: graphUrlAddress(cloud),
      copy: true,
      note: 'Library thinklets put /v1.0/… in their resource paths. For custom thinklets whose paths start with /users, use ' + `${cloud.graphUrl}/v1.0/` + ' instead.',
    },
    { label: 'Authorization', value: 'OAuth 2.0 - Client Credentials', copy: false },
    {
      label: 'Access token URL',
      value: setup.tenantId ? accessTokenUrl(cloud, setup.tenantId) : null,
      copy: true,
      ...(!setup.tenantId && { note: 'Needs the tenant GUID: validate step 1 to resolve it.' }),
    },
    { label: 'Client ID', value: client.ok ? client.value : null, copy: true, ...(!client.ok && { note: 'Enter the Application (client) ID in step 1.' }) },
    { label: 'Client secret', value: null, copy: false, note: 'The secret Value from step 2 (the wizard never shows or keeps it).' },
    { label: 'Scope', value: graphScope(cloud), copy: true },
  ];
}

/** The inbound Entra ID connector's General tab. */
export function inboundGeneralRows(setup: Setup): CredentialRow[] {
  const client = parseClientIdInput(setup.clientId);
  return [
    { label: 'Name', value: `Entra ID users – ${displayTenant(setup)}`, copy: true },
    { label: 'Tenant ID', value: setup.tenantId, copy: true, ...(!setup.tenantId && { note: 'Validate step 1 to resolve the tenant GUID.' }) },
    { label: 'Client ID', value: client.ok ? client.value : null, copy: true },
    { label: 'Client secret', value: null, copy: false, note: 'The same secret Value as in the connector credentials.' },
    { label: 'Schedule', value: 'Daily', copy: false, note: 'Any recurrence; the first import runs at the next scheduled time.' },
  ];
}
