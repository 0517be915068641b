import type { ReactNode } from 'react';
import {
  Callout,
  CheckboxMark,
  CheckCircleIcon,
  cx,
  EntraAppBlade,
  FakeButton,
  Highlight,
  HIGHLIGHT_RING,
  PLACEHOLDER,
  ScreenFrame,
  WarningIcon,
} from './screen-frame';

export type IllustratedPermission = { name: string; type: 'Application' | 'Delegated'; granted: boolean };

const DESCRIPTIONS: Record<string, string> = {
  'User.Read': 'Sign in and read user profile',
  'User.Read.All': "Read all users' full profiles",
  'User.RevokeSessions.All': 'Revoke all sign in sessions for a user',
  'UserAuthenticationMethod.ReadWrite.All': "Read and write all users' authentication methods",
  'GroupMember.Read.All': 'Read all group memberships',
  'GroupMember.ReadWrite.All': 'Read and write all group memberships',
  'Directory.Read.All': 'Read directory data',
  'Device.Read.All': 'Read all devices',
  'Device.ReadWrite.All': 'Read and write devices',
};

const COLUMNS = 'min-w-0 gap-x-2 gap-y-0.5 px-2 py-1.5 @lg:grid-cols-[minmax(0,1.4fr)_5.5rem_minmax(0,1.1fr)_4rem_minmax(0,1.5fr)] @lg:items-center';

/** A table cell; when the table is stacked (narrow screens) it shows its column name first. */
function Cell({ column, children, className }: { column: string; children: ReactNode; className?: string }) {
  return (
    <span className={cx('min-w-0 break-words', className)}>
      <span className="text-slate-700 @lg:hidden">{column}: </span>
      {children}
    </span>
  );
}

function TypeTag({ type }: { type: IllustratedPermission['type'] }) {
  return type === 'Application' ? (
    <span className="inline-block rounded border border-blue-700 bg-blue-50 px-1 font-semibold text-blue-900">Application</span>
  ) : (
    <span className="inline-block rounded border border-dashed border-red-700 bg-red-50 px-1 font-semibold text-red-800 italic">Delegated</span>
  );
}

function Status({ granted, tenant }: { granted: boolean; tenant: string }) {
  return (
    <span className="inline-flex items-start gap-1">
      {granted ? <CheckCircleIcon className="mt-px" /> : <WarningIcon className="mt-px" />}
      <span>{granted ? `Granted for ${tenant}` : `Not granted for ${tenant}`}</span>
    </span>
  );
}

/** Small inset of the "Request API permissions" panel: Microsoft Graph › Application permissions › User › User.Read.All. */
function RequestPanel() {
  return (
    <div className="mt-4 min-w-0 rounded border border-slate-400 bg-white p-3 shadow-sm">
      <span className="block text-[13px] font-semibold text-slate-900">Request API permissions</span>
      <span className="mt-0.5 block text-[11px] text-slate-700">
        Microsoft Graph &gt; <span className="font-semibold text-slate-900">Application permissions</span> (not Delegated) &gt; User &gt;
        User.Read.All
      </span>
      <span className="mt-2 mb-3 block font-semibold text-slate-900">What type of permissions does your application require?</span>
      <div className="grid min-w-0 gap-3 @xl:grid-cols-2 @xl:items-end">
        <div className="min-w-0 rounded border border-slate-400 p-2 text-slate-800">
          <span className="block font-semibold">Delegated permissions</span>
          <span className="block">Your application needs to access the API as the signed-in user.</span>
        </div>
        <Highlight n={2} label="Application permissions (not Delegated)">
          <div className="min-w-0 rounded border border-blue-700 bg-blue-50 p-2 text-slate-900">
            <span className="block font-semibold">Application permissions</span>
            <span className="block">Your application runs as a background service or daemon without a signed-in user.</span>
          </div>
        </Highlight>
      </div>
      <span className="mt-3 block font-semibold text-slate-900">
        <span aria-hidden="true">&#8963; </span>User (1)
      </span>
      <span className="mt-1 flex items-start gap-2 pl-3">
        <CheckboxMark />
        <span className="min-w-0">
          <span className="font-semibold">User.Read.All</span> — {DESCRIPTIONS['User.Read.All']}
        </span>
      </span>
    </div>
  );
}

/** The app's API permissions blade, highlighting either "Add a permission" or "Grant admin consent" and the Status column. */
export function EntraApiPermissionsIllustration({
  permissions,
  tenantName,
  highlight,
}: {
  permissions: { name: string; type: 'Application' | 'Delegated'; granted: boolean }[];
  tenantName?: string;
  highlight: 'add-permission' | 'grant-consent';
}) {
  const tenant = tenantName?.trim() || PLACEHOLDER.tenantName;
  const grant = highlight === 'grant-consent';
  const addButton = (
    <FakeButton variant="command">
      <span aria-hidden="true">+</span> Add a permission
    </FakeButton>
  );
  const grantButton = (
    <FakeButton variant="command">
      <span aria-hidden="true">✓</span> Grant admin consent for {tenant}
    </FakeButton>
  );
  const listed = permissions.map((p) => `${p.name} (${p.type}, ${p.granted ? 'granted' : 'not granted'})`).join(', ');
  const label = grant
    ? `Picture of the API permissions page of the app registration in the Microsoft Entra admin center. Highlighted: 1, the "Grant admin consent for ${tenant}" button; 2, the Status column. Permissions listed: ${listed || 'none'}.`
    : `Picture of the API permissions page of the app registration in the Microsoft Entra admin center. Highlighted: 1, the "Add a permission" button; 2, "Application permissions" in the Request API permissions panel, path Microsoft Graph, Application permissions, User, User.Read.All. Permissions listed: ${listed || 'none'}.`;
  const caption = grant
    ? `Select "Grant admin consent for ${tenant}" (1), then check that every row's Status (2) says "Granted for ${tenant}".`
    : 'Select "Add a permission" (1), then Microsoft Graph > Application permissions (2) — not Delegated — and tick User > User.Read.All.';

  return (
    <ScreenFrame product="entra" breadcrumb={['Home', 'App registrations', PLACEHOLDER.appName]} label={label} caption={caption}>
      <EntraAppBlade appName={PLACEHOLDER.appName} active="API permissions">
        <div className="mb-3 flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-slate-900">
          <span>Refresh</span>
          <span>Got feedback?</span>
        </div>
        <span className="block text-[13px] font-semibold text-slate-900">Configured permissions</span>
        <span className="mt-0.5 block text-slate-700">
          Applications are authorized to call APIs when they are granted permissions by users/admins as part of the consent process.
        </span>
        <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-3 border-b border-slate-200 pb-3">
          {grant ? addButton : <Highlight n={1} label="Select this" placement="after">{addButton}</Highlight>}
          {grant ? <Highlight n={1} label="Select this" placement="after">{grantButton}</Highlight> : grantButton}
        </div>

        {grant && (
          <div className="mt-3 flex justify-end">
            <Callout n={2} label={`Status column: every row must say "Granted for ${tenant}"`} />
          </div>
        )}

        <div className="@container mt-3 min-w-0 rounded border border-slate-300">
          <div className={cx(COLUMNS, 'hidden border-b border-slate-300 bg-slate-100 font-semibold text-slate-900 @lg:grid')}>
            <span>API / Permissions name</span>
            <span>Type</span>
            <span>Description</span>
            <span>Admin consent required</span>
            <span className={cx(grant && HIGHLIGHT_RING, grant && 'px-1')}>Status</span>
          </div>
          <div className="border-b border-slate-200 px-2 py-1.5 font-semibold text-slate-900">
            <span aria-hidden="true">&#8963; </span>Microsoft Graph ({permissions.length})
          </div>
          {permissions.length === 0 && <span className="block px-2 py-2 text-slate-700">No permissions added</span>}
          {permissions.map((p) => (
            <div
              key={`${p.type}-${p.name}`}
              className={cx(COLUMNS, 'grid border-b border-slate-200 last:border-b-0', p.type === 'Delegated' && 'bg-red-50/60')}
            >
              <span className="min-w-0 break-words pl-3 font-semibold text-blue-700">{p.name}</span>
              <Cell column="Type">
                <TypeTag type={p.type} />
              </Cell>
              <Cell column="Description" className="text-slate-800">
                {DESCRIPTIONS[p.name] ?? '—'}
              </Cell>
              <Cell column="Admin consent required">{p.type === 'Application' || p.name !== 'User.Read' ? 'Yes' : 'No'}</Cell>
              <Cell column="Status" className={cx(grant && HIGHLIGHT_RING, grant && 'my-1 px-1')}>
                <Status granted={p.granted} tenant={tenant} />
              </Cell>
            </div>
          ))}
        </div>

        {!grant && <RequestPanel />}
      </EntraAppBlade>
    </ScreenFrame>
  );
}
