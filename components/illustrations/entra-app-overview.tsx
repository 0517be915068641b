import type { ReactNode } from 'react';
import { CopyIcon, EntraAppBlade, Highlight, NotThis, PLACEHOLDER, ScreenFrame } from './screen-frame';

function Entry({ name, value, mono = false, copy = false }: { name: string; value: ReactNode; mono?: boolean; copy?: boolean }) {
  return (
    <div className="grid min-w-0 gap-0.5 px-1 py-1 @md:grid-cols-[11rem_minmax(0,1fr)] @md:gap-2">
      <span className="text-slate-800">{name}</span>
      <span className="flex min-w-0 items-start gap-1.5">
        <span className="min-w-0 text-slate-700" aria-hidden="true">:</span>
        <span className={mono ? 'min-w-0 break-all font-mono text-slate-900' : 'min-w-0 break-words text-blue-700'}>{value}</span>
        {copy && <CopyIcon className="mt-px" />}
      </span>
    </div>
  );
}

/** The app's Overview blade: copy the Application (client) ID and the Directory (tenant) ID, not the Object ID. */
export function EntraAppOverviewIllustration({ appName, clientId, tenantId }: { appName?: string; clientId?: string; tenantId?: string }) {
  const name = appName?.trim() || PLACEHOLDER.appName;
  const client = clientId?.trim() || PLACEHOLDER.clientId;
  const tenant = tenantId?.trim() || PLACEHOLDER.tenantId;
  return (
    <ScreenFrame
      product="entra"
      breadcrumb={['Home', 'App registrations', name]}
      label={`Picture of the Overview page of the app registration "${name}" in the Microsoft Entra admin center, Essentials panel. Highlighted: 1, Application (client) ID ${client}; 2, Directory (tenant) ID ${tenant}. The Object ID is marked "Not this one".`}
      caption="Copy the Application (client) ID (1) and the Directory (tenant) ID (2) from Essentials — not the Object ID."
    >
      <EntraAppBlade appName={name} active="Overview">
        <div className="mb-3 flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-slate-900">
          <span>Delete</span>
          <span>Endpoints</span>
          <span>Preview features</span>
        </div>
        <span className="mb-2 block font-semibold text-slate-900">
          <span aria-hidden="true">&#8963; </span>Essentials
        </span>
        <div className="@container min-w-0 rounded border border-slate-200 p-2">
          <div className="min-w-0 space-y-2">
            <Entry name="Display name" value={name} />
            <Highlight n={1} label="Copy this — Client ID">
              <Entry name="Application (client) ID" value={client} mono copy />
            </Highlight>
            <NotThis label="Not this one — Object ID">
              <Entry name="Object ID" value={PLACEHOLDER.objectId} mono />
            </NotThis>
            <Highlight n={2} label="Copy this — Tenant ID">
              <Entry name="Directory (tenant) ID" value={tenant} mono copy />
            </Highlight>
            <Entry name="Supported account types" value="My organization only" />
          </div>
          <div className="mt-2 min-w-0 border-t border-slate-200 pt-2">
            <Entry name="Client credentials" value="0 certificate, 1 secret" />
            <Entry name="Redirect URIs" value="1 web, 0 spa, 0 public client" />
            <Entry name="Application ID URI" value="Add an Application ID URI" />
            <Entry name="Managed application in local directory" value={name} />
          </div>
        </div>
      </EntraAppBlade>
    </ScreenFrame>
  );
}
