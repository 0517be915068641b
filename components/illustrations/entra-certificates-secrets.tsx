import type { ReactNode } from 'react';
import { CopyIcon, cx, EntraAppBlade, FakeButton, FakeField, Highlight, NotThis, PLACEHOLDER, ScreenFrame } from './screen-frame';

/** Fake, ~40 characters with a "~", as a freshly created secret Value looks. */
const SECRET_VALUE = 'Kx48Q~h5YcExampleOnly.NotARealSecret-00';
const SECRET_DESCRIPTION = 'Nexthink connector';
const SECRET_EXPIRES = '12/31/2026';

const COLUMNS = 'min-w-0 gap-x-3 gap-y-1 px-2 py-1.5 @lg:grid-cols-[minmax(0,1fr)_5rem_minmax(0,1.6fr)_minmax(0,1.6fr)] @lg:items-start';

function Cell({ column, children, className }: { column: string; children: ReactNode; className?: string }) {
  return (
    <div className={cx('min-w-0', className)}>
      <span className="text-slate-700 @lg:hidden">{column}: </span>
      {children}
    </div>
  );
}

function Secret({ children }: { children: ReactNode }) {
  return (
    <span className="flex min-w-0 items-start gap-1 p-0.5">
      <span className="min-w-0 break-all font-mono text-slate-900">{children}</span>
      <CopyIcon className="mt-px" />
    </span>
  );
}

/** The app's Certificates & secrets blade: create a client secret, then copy its Value (not its Secret ID). */
export function EntraCertificatesSecretsIllustration({ highlight = 'value' }: { highlight?: 'new-secret' | 'value' }) {
  const creating = highlight === 'new-secret';
  const newSecret = (
    <FakeButton variant="command">
      <span aria-hidden="true">+</span> New client secret
    </FakeButton>
  );
  const label = creating
    ? 'Picture of the Certificates & secrets page of the app registration in the Microsoft Entra admin center, Client secrets tab. Highlighted: 1, the "New client secret" button; 2, the "Add a client secret" panel with a Description and Expires set to "Recommended: 180 days (6 months)".'
    : `Picture of the Certificates & secrets page of the app registration in the Microsoft Entra admin center, Client secrets tab, right after a secret was created. Highlighted: 1, the secret's Value ${SECRET_VALUE}, shown only once. The Secret ID ${PLACEHOLDER.secretId} is marked "Not this one".`;
  const caption = creating
    ? 'Select "New client secret" (1), enter a description, keep the recommended expiry (2), then select Add.'
    : 'Copy the Value (1) now — it is shown only once — and not the Secret ID.';

  return (
    <ScreenFrame product="entra" breadcrumb={['Home', 'App registrations', PLACEHOLDER.appName]} label={label} caption={caption}>
      <EntraAppBlade appName={PLACEHOLDER.appName} active="Certificates & secrets">
        <span className="block text-slate-700">
          Credentials enable confidential applications to identify themselves to the authentication service when receiving tokens.
        </span>
        {!creating && (
          <span className="mt-2 block rounded border border-blue-300 bg-blue-50 px-2 py-1 text-slate-900">
            Client secret values cannot be viewed, except for immediately after creation. Be sure to save the secret when created before
            leaving the page.
          </span>
        )}
        <div className="mt-3 flex flex-wrap gap-x-4 border-b border-slate-300">
          <span className="-mb-px border-b-2 border-transparent pb-1 text-slate-800">Certificates (0)</span>
          <span className="-mb-px border-b-2 border-blue-700 pb-1 font-semibold text-slate-900">Client secrets ({creating ? 0 : 1})</span>
          <span className="-mb-px border-b-2 border-transparent pb-1 text-slate-800">Federated credentials (0)</span>
        </div>
        <span className="mt-2 block text-slate-700">
          A secret string that the application uses to prove its identity when requesting a token. Also can be referred to as application
          password.
        </span>
        <div className="mt-3 mb-3">{creating ? <Highlight n={1} label="Select this" placement="after">{newSecret}</Highlight> : newSecret}</div>

        <div className="@container min-w-0 rounded border border-slate-300">
          <div className={cx(COLUMNS, 'hidden border-b border-slate-300 bg-slate-100 font-semibold text-slate-900 @lg:grid')}>
            <span>Description</span>
            <span>Expires</span>
            <span>Value</span>
            <span>Secret ID</span>
          </div>
          {creating ? (
            <span className="block px-2 py-2 text-slate-700">No client secrets have been created for this application.</span>
          ) : (
            <div className={cx(COLUMNS, 'grid')}>
              <Cell column="Description">{SECRET_DESCRIPTION}</Cell>
              <Cell column="Expires">{SECRET_EXPIRES}</Cell>
              <Cell column="Value" className="my-1">
                <Highlight n={1} label="Copy this — shown only once">
                  <Secret>{SECRET_VALUE}</Secret>
                </Highlight>
                <span className="mt-1.5 block text-[11px] text-slate-700">Later visits show only Kx4*****</span>
              </Cell>
              <Cell column="Secret ID" className="my-1">
                <NotThis label="Not this one (a GUID)">
                  <Secret>{PLACEHOLDER.secretId}</Secret>
                </NotThis>
              </Cell>
            </div>
          )}
        </div>

        {creating && (
          <div className="mt-4 min-w-0 rounded border border-slate-400 bg-white p-3 shadow-md @2xl:ml-auto @2xl:w-4/5">
            <span className="block text-[13px] font-semibold text-slate-900">Add a client secret</span>
            <div className="mt-3 grid min-w-0 gap-1">
              <span className="font-semibold text-slate-800">Description</span>
              <FakeField value={SECRET_DESCRIPTION} />
            </div>
            <Highlight n={2} label="Keep the recommended expiry" className="mt-3">
              <div className="grid min-w-0 gap-1 p-1">
                <span className="font-semibold text-slate-800">Expires</span>
                <FakeField value="Recommended: 180 days (6 months)" dropdown />
              </div>
            </Highlight>
            <div className="mt-4 flex flex-wrap gap-2">
              <FakeButton variant="primary">Add</FakeButton>
              <FakeButton>Cancel</FakeButton>
            </div>
          </div>
        )}
      </EntraAppBlade>
    </ScreenFrame>
  );
}
