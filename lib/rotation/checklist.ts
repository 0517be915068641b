import { connectorCredentialRows, inboundGeneralRows, THIRD_PARTY_CREDENTIALS_MENU, type CredentialRow } from '@/lib/nexthink/credentials';
import { workflows } from '@/lib/nexthink/workflows';
import type { Setup } from '@/lib/setups/schema';

export type ChecklistItem = {
  id: 'connector-credential' | 'inbound-connector';
  title: string;
  /** The exact screen path in Nexthink, ending at the field to change. */
  path: string;
  usedBy: string[];
  /** Values to check or paste beside the new secret (which the page adds from memory). */
  values: CredentialRow[];
};

const pick = (rows: CredentialRow[], labels: string[]) => rows.filter((r) => labels.includes(r.label));

/**
 * Every place in Nexthink that holds this setup's client secret, as step 3 and step 4 had the admin create them:
 * the connector-credentials entry its Service/API thinklets pick by name (when a chosen workflow calls Graph), and
 * the Entra ID inbound connector's General tab (always).
 */
export function rotationChecklist(setup: Setup): ChecklistItem[] {
  const credentialRows = connectorCredentialRows(setup);
  const inboundRows = inboundGeneralRows(setup);
  const credentialName = credentialRows.find((r) => r.label === 'Name')?.value ?? 'Microsoft Graph';
  const inboundName = inboundRows.find((r) => r.label === 'Name')?.value ?? 'Entra ID users';
  const thinklets = workflows.filter((w) => w.group !== 'connector' && setup.workflows.includes(w.id)).map((w) => w.label);
  const items: ChecklistItem[] = [];
  if (thinklets.length > 0) {
    items.push({
      id: 'connector-credential',
      title: `Connector credential “${credentialName}”`,
      path: `${THIRD_PARTY_CREDENTIALS_MENU} (older releases: Administration > Connector credentials) > “${credentialName}” > Edit > Client secret`,
      usedBy: thinklets,
      values: pick(credentialRows, ['Client ID', 'Access token URL']),
    });
  }
  items.push({
    id: 'inbound-connector',
    title: `Entra ID inbound connector “${inboundName}”`,
    path: `Administration > Inbound connectors > “${inboundName}” > General tab > Client secret`,
    usedBy: ['Entra ID inbound connector (user import)'],
    values: pick(inboundRows, ['Tenant ID', 'Client ID']),
  });
  return items;
}
