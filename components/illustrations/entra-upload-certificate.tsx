import { EntraAppBlade, FakeButton, Highlight, ScreenFrame } from './screen-frame';

const MONITOR_APP = 'Nexthink setup monitor (read-only)';

/** The monitoring app's Certificates & secrets blade, Certificates tab: upload the wizard's certificate, then compare the thumbprint. */
export function EntraUploadCertificateIllustration({ thumbprint }: { thumbprint: string }) {
  const label = `Picture of the Certificates & secrets page of the app registration "${MONITOR_APP}" in the Microsoft Entra admin center, Certificates tab. Highlighted: 1, the "Upload certificate" button; 2, the uploaded certificate's Thumbprint ${thumbprint}.`;
  return (
    <ScreenFrame
      product="entra"
      breadcrumb={['Home', 'App registrations', MONITOR_APP]}
      label={label}
      caption={`Select "Upload certificate" (1), choose the .cer file the wizard offers, then check that the Thumbprint (2) is ${thumbprint}.`}
    >
      <EntraAppBlade appName={MONITOR_APP} active="Certificates & secrets">
        <div className="mt-1 flex flex-wrap gap-x-4 border-b border-slate-300">
          <span className="-mb-px border-b-2 border-blue-700 pb-1 font-semibold text-slate-900">Certificates (1)</span>
          <span className="-mb-px border-b-2 border-transparent pb-1 text-slate-800">Client secrets (0)</span>
          <span className="-mb-px border-b-2 border-transparent pb-1 text-slate-800">Federated credentials (0)</span>
        </div>
        <span className="mt-2 block text-slate-700">Certificates can be used as secrets to prove the application&apos;s identity when requesting a token.</span>
        <div className="mt-3 mb-3">
          <Highlight n={1} label="Select this" placement="after">
            <FakeButton variant="command">
              <span aria-hidden="true">↑</span> Upload certificate
            </FakeButton>
          </Highlight>
        </div>
        <div className="grid min-w-0 gap-1 rounded border border-slate-300 p-2 @lg:grid-cols-[minmax(0,2fr)_6rem_6rem]">
          <span className="min-w-0">
            <span className="block text-slate-700">Thumbprint</span>
            <Highlight n={2} label="The same as the wizard shows">
              <span className="block break-all p-0.5 font-mono text-slate-900">{thumbprint}</span>
            </Highlight>
          </span>
          <span>
            <span className="block text-slate-700">Start date</span>today
          </span>
          <span>
            <span className="block text-slate-700">Expires</span>in 2 years
          </span>
        </div>
      </EntraAppBlade>
    </ScreenFrame>
  );
}
