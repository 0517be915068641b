'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { QueryProvider } from '@/components/query-provider';
import { getCloud } from '@/lib/entra/clouds';
import { parseClientIdInput, parseTenantInput } from '@/lib/entra/identifiers';
import type { SigninConfig } from '@/lib/signin/config';
import { scopeExplanations } from '@/lib/signin/scopes';
import type { Setup } from '@/lib/setups/schema';
import type { AppListItem } from './app-reads';
import { useFormBridge, type FormValues } from './form-bridge';
import { signIn, signinErrorMessage, signOut, type SigninTarget } from './msal-client';
import { setSession, useSession } from './session';

// The tools appear only after sign-in: their code loads then, not with the page.
const AppPicker = dynamic(() => import('./app-picker').then((m) => m.AppPicker));
const InspectView = dynamic(() => import('./inspect-view').then((m) => m.InspectView));
const CreateApp = dynamic(() => import('./create-app').then((m) => m.CreateApp));
const RotateSecret = dynamic(() => import('./rotate-secret').then((m) => m.RotateSecret));
const CreateMonitor = dynamic(() => import('./create-monitor').then((m) => m.CreateMonitor));
const PolicyNote = dynamic(() => import('./policy-note').then((m) => m.PolicyNote));

type Tool = 'fill' | 'inspect' | 'create' | 'rotate' | 'create-monitor' | 'policy';

const tools: Record<PanelProps['step'], { id: Tool; label: string }[]> = {
  'app-registration': [
    { id: 'fill', label: 'Fill from my tenant' },
    { id: 'inspect', label: 'Inspect the app registration' },
    { id: 'create', label: 'Create it for me' },
  ],
  'certificates-secrets': [
    { id: 'inspect', label: 'Check its secrets and permissions' },
    { id: 'rotate', label: 'Rotate secret' },
    { id: 'policy', label: 'Secret policy and next rotation' },
  ],
  monitor: [{ id: 'create-monitor', label: 'Create the monitor for me' }],
};

/**
 * "Sign in with Microsoft": the optional shortcut beside the manual instructions. Shown only when the operator
 * configured a sign-in app. msal-browser loads when the admin clicks Sign in; everything after runs in this
 * browser with the admin's own rights, and fills the step's inputs through their autosave.
 */
type PanelProps = { setup: Setup; config: SigninConfig; step: 'app-registration' | 'certificates-secrets' | 'monitor' };

export function SigninPanel(props: PanelProps) {
  return (
    <QueryProvider>
      <Panel {...props} />
    </QueryProvider>
  );
}

function Panel({ setup, config, step }: PanelProps) {
  const bridge = useFormBridge();
  const values: FormValues = bridge?.values ?? { tenant: setup.tenant, clientId: setup.clientId, cloud: setup.cloud, secretExpiresOn: setup.secretExpiresOn };
  const fill = bridge?.fill ?? (() => {});
  const cloud = getCloud(values.cloud);
  const cloudConfig = config.clouds[values.cloud];
  const session = useSession();
  const account = session && session.cloud === values.cloud ? session.account : null;
  const [phase, setPhase] = useState<'idle' | 'signing-in' | 'error'>('idle');
  const [message, setMessage] = useState('');
  const [tool, setTool] = useState<Tool | null>(null);
  const [filledNote, setFilledNote] = useState('');

  const tenantInput = parseTenantInput(values.tenant);
  const client = parseClientIdInput(values.clientId);

  if (!cloudConfig) {
    return (
      <section aria-labelledby="signin-heading" className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
        <h2 id="signin-heading" className="text-lg font-semibold">
          Sign in with Microsoft
        </h2>
        <p className="text-sm">Not available for the {cloud.label} cloud on this server: follow the steps below.</p>
      </section>
    );
  }
  const target: SigninTarget = cloudConfig;

  async function startSignIn() {
    setPhase('signing-in');
    setMessage(`A Microsoft sign-in window is open (${cloud.label} cloud). Finish signing in there.`);
    try {
      const signedIn = await signIn(target, tenantInput.ok ? tenantInput.value : undefined);
      setSession({ cloud: values.cloud, account: signedIn });
      setPhase('idle');
      setMessage(`Signed in as ${signedIn.username}.`);
    } catch (e) {
      setPhase('error');
      setMessage(signinErrorMessage(e));
    }
  }

  async function endSession() {
    if (account) await signOut(target, account).catch(() => {});
    setSession(null);
    setTool(null);
    setPhase('idle');
    setMessage('Signed out: the wizard forgot your sign-in in this tab.');
  }

  function pick(app: AppListItem) {
    if (!account) return;
    fill({ tenant: account.tenantId, clientId: app.appId });
    setFilledNote(`Filled in Directory (tenant) ID ${account.tenantId} and Application (client) ID ${app.appId} (“${app.displayName}”).`);
  }

  const tenantMismatch =
    account && tenantInput.ok && tenantInput.kind === 'guid' && tenantInput.value !== account.tenantId.toLowerCase()
      ? `You are signed in to tenant ${account.tenantId}, but Directory (tenant) ID says ${tenantInput.value}. What you see here is from the tenant you signed in to.`
      : undefined;

  return (
    <section aria-labelledby="signin-heading" className="space-y-3 rounded-lg border border-brand-600 p-4">
      <div>
        <h2 id="signin-heading" className="text-lg font-semibold">
          Sign in with Microsoft <span className="text-sm font-normal">(optional)</span>
        </h2>
        <p className="text-sm text-slate-800 dark:text-slate-200">
          {step === 'app-registration'
            ? 'Sign in as an administrator of your tenant and the wizard fills in the IDs, checks the app registration, or creates it for you. The steps below stay the manual way.'
            : step === 'monitor'
              ? 'Sign in as an administrator and the wizard creates the read-only monitoring app with its certificate and permissions for you. The manual steps below stay the other way.'
              : 'Sign in to check the app’s secrets and permissions, or to add a new secret that goes straight into the Client secret value field.'}{' '}
          It runs in this browser with your own rights: the wizard’s server never sees your sign-in.
        </p>
      </div>

      {!account && (
        <>
          <div className="text-sm">
            <p>Microsoft will ask you to allow the wizard to:</p>
            <ul className="list-disc pl-5">
              {scopeExplanations('read').map((s) => (
                <li key={s.scope}>
                  <span className="font-mono">{s.scope}</span> — {s.reason}
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
              It needs an administrator’s consent the first time. Creating an app or a secret asks for more, only when you choose it.
              {tenantInput.ok ? ` Signs in to ${tenantInput.value}.` : ' Signs in to your home organization.'} Cloud: {cloud.label}.
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={startSignIn} disabled={phase === 'signing-in'}>
              Sign in with Microsoft
            </Button>
            {phase === 'signing-in' && (
              <Button variant="ghost" onClick={startSignIn}>
                Open the Microsoft window again
              </Button>
            )}
          </div>
          {session && session.cloud !== values.cloud && (
            <p className="text-sm">You signed in for the {getCloud(session.cloud).label} cloud; this setup is now in the {cloud.label} cloud. Sign in again.</p>
          )}
        </>
      )}

      <p role="status" aria-live="polite" className={`text-sm ${phase === 'error' ? 'font-medium text-red-800 dark:text-red-300' : ''}`}>
        {message}
      </p>

      {account && (
        <>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span>
              Signed in as <strong>{account.name}</strong> ({account.username}), tenant <span className="font-mono">{account.tenantId}</span>
            </span>
            <Button variant="ghost" className="px-0 py-0" onClick={endSession}>
              Sign out
            </Button>
          </p>
          {tenantMismatch && (
            <Callout tone="warning">
              <p>{tenantMismatch}</p>
            </Callout>
          )}
          <div role="group" aria-label="With your tenant" className="flex flex-wrap gap-2">
            {tools[step].map((t) => (
              <Button key={t.id} variant={tool === t.id ? 'primary' : 'secondary'} aria-expanded={tool === t.id} aria-controls="signin-tool" onClick={() => setTool(tool === t.id ? null : t.id)}>
                {t.label}
              </Button>
            ))}
          </div>
          <div id="signin-tool" className="space-y-3">
            {tool === 'fill' && (
              <>
                <AppPicker target={target} account={account} onPick={pick} />
                <p role="status" aria-live="polite" className="text-sm font-medium">
                  {filledNote}
                </p>
              </>
            )}
            {(tool === 'inspect' || tool === 'rotate' || tool === 'policy') &&
              (client.ok ? (
                tool === 'inspect' ? (
                  <InspectView
                    target={target}
                    account={account}
                    setupId={setup.id}
                    fallbackWorkflows={setup.workflows}
                    appId={client.value}
                    currentExpiry={values.secretExpiresOn}
                    onFill={fill}
                  />
                ) : tool === 'rotate' ? (
                  <RotateSecret target={target} account={account} appId={client.value} onFill={fill} />
                ) : (
                  <PolicyNote target={target} account={account} appId={client.value} setupId={setup.id} expiresOn={values.secretExpiresOn} />
                )
              ) : (
                <p className="text-sm">
                  {step === 'app-registration'
                    ? 'Enter the Application (client) ID first, or pick the app with Fill from my tenant.'
                    : 'The setup has no valid Application (client) ID yet: fill it in step 1.'}
                </p>
              ))}
            {tool === 'create-monitor' && <CreateMonitor target={target} account={account} setupId={setup.id} />}
            {tool === 'create' && (
              <CreateApp target={target} account={account} cloud={values.cloud} setupId={setup.id} fallbackWorkflows={setup.workflows} values={values} onFill={fill} />
            )}
          </div>
        </>
      )}
    </section>
  );
}
