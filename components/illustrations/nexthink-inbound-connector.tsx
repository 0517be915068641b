import { Dots, FakeField, FormRow, Highlight, NexthinkPage, PLACEHOLDER, ScreenFrame } from './screen-frame';

const BREADCRUMB = ['Administration', 'Inbound connectors', 'Entra ID (Azure AD)', 'New connector'] as const;
const TABS = ['General', 'Field mapping'] as const;

/** General tab of Nexthink's Entra ID (Azure AD) inbound connector: tenant, client and secret highlighted. */
export function NexthinkInboundGeneralIllustration({ name }: { name?: string }) {
  const connectorName = name?.trim() || 'Entra ID users';
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={BREADCRUMB}
      label={`Picture of the General tab of a new Nexthink Entra ID (Azure AD) inbound connector named "${connectorName}". Highlighted: 1, Tenant ID; 2, Client ID; 3, Client secret.`}
      caption="On the General tab, paste the Directory (tenant) ID (1), the Application (client) ID (2) and the secret Value (3), and pick a schedule."
    >
      <NexthinkPage title="New connector" subtitle="Microsoft Entra ID (Azure AD)" tabs={TABS} activeTab="General">
        <div className="px-2">
          <FormRow label="Name" required>
            <FakeField value={connectorName} />
          </FormRow>
        </div>
        <Highlight n={1} label="Directory (tenant) ID" className="my-2">
          <div className="px-2">
            <FormRow label="Tenant ID" required>
              <FakeField value={PLACEHOLDER.tenantId} mono />
            </FormRow>
          </div>
        </Highlight>
        <Highlight n={2} label="Application (client) ID" className="my-2">
          <div className="px-2">
            <FormRow label="Client ID" required>
              <FakeField value={PLACEHOLDER.clientId} mono />
            </FormRow>
          </div>
        </Highlight>
        <Highlight n={3} label="Secret Value, not Secret ID" className="my-2">
          <div className="px-2">
            <FormRow label="Client secret" required>
              <FakeField value={<Dots />} />
            </FormRow>
          </div>
        </Highlight>
        <div className="px-2">
          <FormRow label="Recurrence">
            <FakeField value="Daily" dropdown />
          </FormRow>
        </div>
      </NexthinkPage>
    </ScreenFrame>
  );
}

function isUsername(row: { label: string; nexthinkField: string }): boolean {
  return row.nexthinkField === 'user.ad.username' || row.label.trim().toLowerCase() === 'username';
}

/** Field mapping tab: the Entra ID property typed for each Nexthink field, the Username row highlighted. */
export function NexthinkFieldMappingIllustration({
  rows,
}: {
  rows: { label: string; nexthinkField: string; entraProperty: string | null }[];
}) {
  const username = rows.find(isUsername);
  const mapped = rows
    .filter((r) => r.entraProperty)
    .map((r) => `${r.label} ← ${r.entraProperty}`)
    .join(', ');
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={BREADCRUMB}
      label={`Picture of the Field mapping tab of a Nexthink Entra ID (Azure AD) inbound connector, section Common. Mappings typed: ${mapped || 'none'}.${username ? ` Highlighted: 1, the ${username.label} row, where userPrincipalName must be typed exactly.` : ''}`}
      caption="Under Common, type the exact Entra ID property name for each field — userPrincipalName for Username (1); there is no preview."
    >
      <NexthinkPage title="New connector" subtitle="Microsoft Entra ID (Azure AD)" tabs={TABS} activeTab="Field mapping">
        <span className="mb-2 block border-b border-slate-200 pb-1 text-[13px] font-semibold text-slate-900">Common</span>
        {rows.map((row) => {
          const content = (
            <div className="grid min-w-0 gap-1 px-2 py-1.5 @md:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)] @md:items-center @md:gap-3">
              <span className="min-w-0">
                <span className="block font-semibold text-slate-800">{row.label}</span>
                <span className="block break-all font-mono text-[11px] text-slate-700">{row.nexthinkField}</span>
              </span>
              <FakeField value={row.entraProperty ?? undefined} placeholder="Entra ID property" mono={Boolean(row.entraProperty)} />
            </div>
          );
          const key = `${row.nexthinkField}-${row.label}`;
          return row === username ? (
            <Highlight key={key} n={1} label="Type userPrincipalName exactly" className="my-2">
              {content}
            </Highlight>
          ) : (
            <div key={key} className="border-b border-slate-100 last:border-b-0">
              {content}
            </div>
          );
        })}
      </NexthinkPage>
    </ScreenFrame>
  );
}
