import type { ReactNode } from 'react';
import { Dots, FakeButton, FakeField, FormRow, Highlight, NexthinkPage, ScreenFrame } from './screen-frame';

type CredentialField = 'accessTokenUrl' | 'clientId' | 'clientSecret' | 'scope';

const FIELDS: readonly { key: CredentialField; label: string; callout: string }[] = [
  { key: 'accessTokenUrl', label: 'Access token URL', callout: 'Token URL with your tenant ID' },
  { key: 'clientId', label: 'Client ID', callout: 'Application (client) ID' },
  { key: 'clientSecret', label: 'Client secret', callout: 'Secret Value, not Secret ID' },
  { key: 'scope', label: 'Scope', callout: 'Exactly this value' },
];

/** Nexthink's New credential form filled for Microsoft Graph, with the requested field(s) highlighted. */
export function NexthinkConnectorCredentialsIllustration({
  values,
  highlight = 'all',
}: {
  values: { name: string; urlAddress: string; accessTokenUrl: string; clientId: string; scope: string };
  highlight?: 'accessTokenUrl' | 'clientId' | 'clientSecret' | 'scope' | 'all';
}) {
  const highlighted = FIELDS.filter((f) => highlight === 'all' || f.key === highlight);
  const number = (key: CredentialField) => highlighted.findIndex((f) => f.key === key) + 1; // 0 = not highlighted

  const field = (key: CredentialField): ReactNode =>
    key === 'clientSecret' ? <FakeField value={<Dots />} /> : <FakeField value={values[key]} mono />;

  const row = ({ key, label, callout }: (typeof FIELDS)[number]) => {
    const n = number(key);
    const content = (
      <FormRow label={label} required>
        {field(key)}
      </FormRow>
    );
    return n > 0 ? (
      <Highlight key={key} n={n} label={callout} className="my-2">
        <div className="px-2">{content}</div>
      </Highlight>
    ) : (
      <div key={key} className="px-2">
        {content}
      </div>
    );
  };

  const list = highlighted.map((f, i) => `${i + 1}, ${f.label}`).join('; ');
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={['Administration', 'Connector credentials', 'New credential']}
      label={`Picture of the Nexthink "New credential" form (Administration, Connector credentials) filled in for Microsoft Graph with OAuth 2.0 - Client Credentials. Highlighted: ${list}.`}
      caption={
        highlighted.length === 1
          ? `Fill in ${highlighted[0]?.label} (1) as shown, then save the credential.`
          : `Fill in the fields numbered 1 to ${highlighted.length} as shown, choose OAuth 2.0 - Client Credentials, then save the credential.`
      }
    >
      <NexthinkPage
        title="New credential"
        subtitle={
          <>
            Newer releases call this page <span className="font-semibold text-slate-900">Administration &gt; Integrations &gt; Third-party credentials</span>.
          </>
        }
      >
        <div className="px-2">
          <FormRow label="Name" required>
            <FakeField value={values.name} />
          </FormRow>
          <FormRow label="Protocol" required>
            <FakeField value="HTTPS" dropdown />
          </FormRow>
          <FormRow label="URL address" required>
            <FakeField value={values.urlAddress} mono />
          </FormRow>
          <FormRow label="Authorization" required>
            <FakeField value="OAuth 2.0 - Client Credentials" dropdown />
          </FormRow>
        </div>
        {FIELDS.map(row)}
        <div className="mt-3 flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-3">
          <FakeButton>Cancel</FakeButton>
          <span className="inline-flex items-center rounded border border-indigo-800 bg-indigo-800 px-3 py-1 text-xs font-semibold text-white">
            Save
          </span>
        </div>
      </NexthinkPage>
    </ScreenFrame>
  );
}
