import type { ReactNode } from 'react';
import { FakeButton, FakeField, Highlight, PLACEHOLDER, RadioMark, ScreenFrame } from './screen-frame';

const SINGLE_TENANT = 'Accounts in this organizational directory only (Single tenant)';
const OTHER_ACCOUNT_TYPES = [
  'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant)',
  'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant) and personal Microsoft accounts (e.g. Skype, Xbox)',
  'Personal Microsoft accounts only',
] as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-4 min-w-0">
      <span className="block text-[13px] font-semibold text-slate-900">{title}</span>
      {children}
    </div>
  );
}

/** Entra admin center › App registrations › Register an application, with the two choices that matter highlighted. */
export function EntraRegisterAppIllustration({ appName }: { appName?: string }) {
  const name = appName?.trim() || PLACEHOLDER.appName;
  return (
    <ScreenFrame
      product="entra"
      breadcrumb={['Home', 'App registrations', 'Register an application']}
      label={`Picture of the Microsoft Entra admin center "Register an application" form with the name "${name}". Highlighted: 1, supported account type "${SINGLE_TENANT}"; 2, Redirect URI platform "Web".`}
      caption={`Enter the name "${name}", choose Single tenant (1), set the Redirect URI platform to Web (2), then select Register.`}
    >
      <div className="p-3">
        <span className="block text-base font-semibold text-slate-900">Register an application</span>

        <Section title="* Name">
          <span className="mt-0.5 mb-1 block text-slate-700">The user-facing display name for this application (this can be changed later).</span>
          <FakeField value={name} className="@md:max-w-sm" />
        </Section>

        <Section title="Supported account types">
          <span className="mt-0.5 mb-3 block text-slate-700">Who can use this application or access this API?</span>
          <Highlight n={1} label="Choose Single tenant" className="mb-3">
            <span className="flex items-start gap-2 px-1 py-0.5">
              <RadioMark selected />
              <span className="min-w-0 font-semibold">{SINGLE_TENANT}</span>
            </span>
          </Highlight>
          {OTHER_ACCOUNT_TYPES.map((type) => (
            <span key={type} className="flex items-start gap-2 px-1 py-0.5 text-slate-800">
              <RadioMark selected={false} />
              <span className="min-w-0">{type}</span>
            </span>
          ))}
        </Section>

        <Section title="Redirect URI (optional)">
          <span className="mt-0.5 mb-3 block text-slate-700">
            The authentication response is returned to this URI. Select a platform, then enter the URI if you need one.
          </span>
          <div className="grid min-w-0 gap-3 @md:grid-cols-[11rem_minmax(0,1fr)] @md:items-end">
            <Highlight n={2} label="Pick Web">
              <FakeField value="Web" dropdown />
            </Highlight>
            <FakeField placeholder="e.g. https://example.com/auth" />
          </div>
        </Section>

        <div className="mt-4 border-t border-slate-200 pt-3">
          <FakeButton variant="primary">Register</FakeButton>
        </div>
      </div>
    </ScreenFrame>
  );
}
