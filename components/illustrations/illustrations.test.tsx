import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  EntraApiPermissionsIllustration,
  EntraAppOverviewIllustration,
  EntraCertificatesSecretsIllustration,
  EntraRegisterAppIllustration,
  NexthinkConnectorCredentialsIllustration,
  NexthinkFieldMappingIllustration,
  NexthinkInboundGeneralIllustration,
  NexthinkTestThinkletIllustration,
  NexthinkTestWorkflowDesignerIllustration,
  NexthinkTestWorkflowGeneralIllustration,
} from './index';

const CLIENT_ID = '3f2a9c1e-7b4d-4e8a-9c01-2b3c4d5e6f70';
const TENANT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const credentials = {
  name: 'Microsoft Graph (Contoso)',
  urlAddress: 'https://graph.microsoft.com/',
  accessTokenUrl: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`,
  clientId: CLIENT_ID,
  scope: 'https://graph.microsoft.com/.default',
};

const permissions = [
  { name: 'User.Read.All', type: 'Application', granted: true },
  { name: 'GroupMember.Read.All', type: 'Application', granted: false },
  { name: 'User.Read', type: 'Delegated', granted: false },
] as const satisfies { name: string; type: 'Application' | 'Delegated'; granted: boolean }[];

const mappingRows = [
  { label: 'Username', nexthinkField: 'user.ad.username', entraProperty: 'userPrincipalName' },
  { label: 'Email address', nexthinkField: 'user.ad.email_address', entraProperty: 'mail' },
  { label: 'Department', nexthinkField: 'user.ad.department', entraProperty: null },
];

const cases: { name: string; element: ReactElement; mustContain: string[] }[] = [
  {
    name: 'EntraRegisterAppIllustration',
    element: <EntraRegisterAppIllustration appName="Nexthink Graph connector" />,
    mustContain: ['Nexthink Graph connector', 'Accounts in this organizational directory only (Single tenant)', 'Web', 'Register'],
  },
  {
    name: 'EntraAppOverviewIllustration',
    element: <EntraAppOverviewIllustration appName="Nexthink connector" clientId={CLIENT_ID} tenantId={TENANT_ID} />,
    mustContain: ['Application (client) ID', 'Directory (tenant) ID', 'Object ID', 'Not this one', 'Copy this', CLIENT_ID, TENANT_ID, 'My organization only'],
  },
  {
    name: 'EntraApiPermissionsIllustration (add-permission)',
    element: <EntraApiPermissionsIllustration permissions={[...permissions]} highlight="add-permission" />,
    mustContain: ['Add a permission', 'Grant admin consent for Contoso', 'Application permissions', 'User.Read.All', 'Delegated', 'Granted for Contoso', 'Not granted for Contoso'],
  },
  {
    name: 'EntraApiPermissionsIllustration (grant-consent)',
    element: <EntraApiPermissionsIllustration permissions={[...permissions]} tenantName="Fabrikam" highlight="grant-consent" />,
    mustContain: ['Grant admin consent for Fabrikam', 'Status', 'Granted for Fabrikam', 'GroupMember.Read.All'],
  },
  {
    name: 'EntraCertificatesSecretsIllustration (value)',
    element: <EntraCertificatesSecretsIllustration />,
    mustContain: ['Client secrets (1)', 'New client secret', 'Value', 'Secret ID', 'Copy this', 'shown only once', 'Not this one', 'Q~'],
  },
  {
    name: 'EntraCertificatesSecretsIllustration (new-secret)',
    element: <EntraCertificatesSecretsIllustration highlight="new-secret" />,
    mustContain: ['New client secret', 'Add a client secret', 'Recommended: 180 days (6 months)'],
  },
  {
    name: 'NexthinkConnectorCredentialsIllustration',
    element: <NexthinkConnectorCredentialsIllustration values={credentials} />,
    mustContain: ['Connector credentials', 'Third-party credentials', 'HTTPS', 'OAuth 2.0 - Client Credentials', credentials.name, credentials.accessTokenUrl, CLIENT_ID, credentials.scope, 'Client secret'],
  },
  {
    name: 'NexthinkInboundGeneralIllustration',
    element: <NexthinkInboundGeneralIllustration name="Entra ID – Contoso" />,
    mustContain: ['Inbound connectors', 'General', 'Field mapping', 'Tenant ID', 'Client ID', 'Client secret', 'Entra ID – Contoso'],
  },
  {
    name: 'NexthinkFieldMappingIllustration',
    element: <NexthinkFieldMappingIllustration rows={mappingRows} />,
    mustContain: ['Common', 'Username', 'user.ad.username', 'userPrincipalName', 'Type userPrincipalName exactly', 'mail', 'Entra ID property'],
  },
  {
    name: 'NexthinkTestWorkflowGeneralIllustration',
    element: <NexthinkTestWorkflowGeneralIllustration />,
    mustContain: ['Entra connection test', '#entra_connection_test', 'Tick API', 'User'],
  },
  {
    name: 'NexthinkTestWorkflowDesignerIllustration',
    element: <NexthinkTestWorkflowDesignerIllustration credentialName="Microsoft Graph – Contoso" />,
    mustContain: ['Service/API', 'Get user from Entra ID', 'Credentials: Microsoft Graph – Contoso', '/v1.0/users/{{upn}}', 'Outcome: Success', 'Outcome: Failure'],
  },
  {
    name: 'NexthinkTestThinkletIllustration',
    element: <NexthinkTestThinkletIllustration credentialName="Microsoft Graph – Contoso" />,
    mustContain: ['Credentials', 'Microsoft Graph – Contoso', 'GET', 'Input from user.ad.username', 'User › user.ad.username'],
  },
];

/** Decode the few entities renderToStaticMarkup emits so assertions can use plain text. */
function text(html: string): string {
  return html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

describe.each(cases)('$name', ({ element, mustContain }) => {
  const html = renderToStaticMarkup(element);

  it('is a figure with a labelled role="img" mock-up and a caption', () => {
    expect(html.startsWith('<figure')).toBe(true);
    const label = /role="img" aria-label="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(label.trim().length).toBeGreaterThan(20);
    expect(html).toMatch(/<figcaption[^>]*>[^<]+/);
    expect(html.match(/role="img"/g)).toHaveLength(1);
  });

  it('contains nothing interactive or focusable', () => {
    expect(html).not.toMatch(/<(input|button|a|select|textarea)[\s>]/);
    expect(html).not.toMatch(/tabindex/i);
    expect(html).not.toMatch(/\shref=/);
  });

  it('shows the highlighted texts and the given props', () => {
    const plain = text(html);
    for (const s of mustContain) expect(plain).toContain(s);
  });

  it('highlights with a number and a label, never colour alone', () => {
    expect(html).toContain('ring-amber-600');
    expect(html).toMatch(/bg-amber-400[^"]*">1<\/span>/);
  });

  it('keeps svg icons hidden from assistive tech', () => {
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) expect(svg).toContain('aria-hidden="true"');
  });
});

describe('details', () => {
  it('falls back to obviously fake GUIDs', () => {
    const html = renderToStaticMarkup(<EntraAppOverviewIllustration />);
    expect(html).toContain('00000000-0000-0000-0000-0000000000c1');
    expect(html).toContain('00000000-0000-0000-0000-0000000000a7');
  });

  it('numbers only the requested credential field', () => {
    const html = renderToStaticMarkup(<NexthinkConnectorCredentialsIllustration values={credentials} highlight="clientSecret" />);
    expect(html).toContain('Secret Value, not Secret ID');
    expect(html).not.toContain('Token URL with your tenant ID');
    expect(html).not.toMatch(/bg-amber-400[^"]*">2<\/span>/);
    const all = renderToStaticMarkup(<NexthinkConnectorCredentialsIllustration values={credentials} highlight="all" />);
    expect(all).toMatch(/bg-amber-400[^"]*">4<\/span>/);
  });

  it('marks delegated permissions distinctly', () => {
    const html = renderToStaticMarkup(<EntraApiPermissionsIllustration permissions={[...permissions]} highlight="grant-consent" />);
    expect(html).toMatch(/border-dashed[^"]*">Delegated</);
  });

  it('shows an empty mapping as a placeholder box', () => {
    const html = renderToStaticMarkup(
      <NexthinkFieldMappingIllustration rows={[{ label: 'Username', nexthinkField: 'user.ad.username', entraProperty: null }]} />,
    );
    // The placeholder itself (italic, in the field), not the caption's "Entra ID property name".
    const placeholder = /italic[^"]*">Entra ID property<\/span>/;
    expect(html).toMatch(placeholder);
    const mapped = renderToStaticMarkup(
      <NexthinkFieldMappingIllustration rows={[{ label: 'Username', nexthinkField: 'user.ad.username', entraProperty: 'userPrincipalName' }]} />,
    );
    expect(mapped).not.toMatch(placeholder);
    expect(mapped).toMatch(/font-mono[^"]*">userPrincipalName<\/span>/);
  });
});
