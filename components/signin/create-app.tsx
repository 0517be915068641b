'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, TextInput } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSecret } from '@/components/wizard/secret-context';
import { appRegistrationLink, getCloud, type CloudId } from '@/lib/entra/clouds';
import { requiredPermissions, workflows, type RequiredPermission, type WorkflowId } from '@/lib/nexthink/workflows';
import {
  DEFAULT_SECRET_DAYS,
  adminConsentUrl,
  createApplicationRequest,
  createServicePrincipalRequest,
  deleteApplicationRequest,
  getGraphServicePrincipalRequest,
  getServicePrincipalRequest,
  grantAppRoleRequest,
} from '@/lib/signin/graph-requests';
import { expiryDate, type GraphServicePrincipal } from '@/lib/signin/permission-table';
import { scopeExplanations } from '@/lib/signin/scopes';
import type { SetupPatch } from '@/lib/setups/schema';
import { currentWorkflows, formatDate } from './app-reads';
import type { FormValues } from './form-bridge';
import { callGraph, GraphCallError, graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';
import { addSecretWithinPolicy, lifetimeNote, SecretPolicyError } from './policy-reads';
import { SecretOnce } from './secret-once';
import { SecretLifetimeField } from './secret-lifetime-field';
import { ExtLink } from '@/components/ui/ext-link';
import { ApprovalPanel } from '@/components/approvals/approval-panel';

type StepKey = 'app' | 'servicePrincipal' | 'secret' | 'consent';
type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'handoff';
type Steps = Record<StepKey, { status: StepStatus; detail?: string }>;

type Created = {
  displayName: string;
  objectId?: string;
  appId?: string;
  servicePrincipalId?: string;
  secret?: { value: string; endDateTime: string; hint: string; note: string };
  granted: string[];
};

type Phase = 'form' | 'running' | 'done' | 'handoff' | 'stopped' | 'cleaning' | 'cleaned';

const ORDER: StepKey[] = ['app', 'servicePrincipal', 'secret', 'consent'];
const initialSteps = (): Steps => ({ app: { status: 'pending' }, servicePrincipal: { status: 'pending' }, secret: { status: 'pending' }, consent: { status: 'pending' } });

const badge: Record<StepStatus, { status: 'pass' | 'warn' | 'fail' | 'none'; label: string }> = {
  pending: { status: 'none', label: 'Waiting' },
  running: { status: 'none', label: 'Working…' },
  done: { status: 'pass', label: 'Done' },
  failed: { status: 'fail', label: 'Failed' },
  handoff: { status: 'warn', label: 'Needs another admin' },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Entra replicates a new app before its service principal can be made or granted: retry "does not exist" a few times. */
async function withReplicationRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (e) {
      const transient = e instanceof GraphCallError && (e.status === 404 || (e.status === 400 && /does not (exist|reference)/i.test(e.message)));
      if (!transient || attempt >= 4) throw e;
      await sleep(1500 * 2 ** attempt);
    }
  }
}

/** The wizard's own origin may be a Web redirect URI only over https, or on localhost (Entra's rule). */
function consentReturnUri(): string | undefined {
  const { protocol, hostname, origin } = window.location;
  return protocol === 'https:' || hostname === 'localhost' || hostname === '127.0.0.1' ? `${origin}/redirect` : undefined;
}

/**
 * Create it for me: the app registration (single tenant), its service principal, a client secret, and admin
 * consent for the least application permissions of the setup's choices. Each step reports on its own; a stop
 * half-way lists what exists and offers to finish or to delete it.
 */
export function CreateApp({
  target,
  account,
  cloud,
  setupId,
  fallbackWorkflows,
  values,
  onFill,
}: {
  target: SigninTarget;
  account: SignedInAccount;
  cloud: CloudId;
  setupId: string;
  fallbackWorkflows: WorkflowId[];
  values: FormValues;
  onFill(patch: SetupPatch): void;
}) {
  const { setSecret } = useSecret();
  const [name, setName] = useState('Nexthink connector');
  const [days, setDays] = useState<number>(DEFAULT_SECRET_DAYS);
  const [phase, setPhase] = useState<Phase>('form');
  const [steps, setSteps] = useState<Steps>(initialSteps);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');
  const [waiting, setWaiting] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [permissions, setPermissions] = useState<RequiredPermission[]>(() => requiredPermissions(fallbackWorkflows));
  const before = useRef<Pick<FormValues, 'tenant' | 'clientId' | 'secretExpiresOn'> | null>(null);
  const chosenNow = useQuery({ queryKey: ['signin', 'workflows', setupId], queryFn: () => currentWorkflows(setupId, fallbackWorkflows), staleTime: 0 });
  const preview = useMemo(() => requiredPermissions(chosenNow.data ?? fallbackWorkflows), [chosenNow.data, fallbackWorkflows]);
  const nameError = name.trim() === '' ? 'Name the app registration.' : name.trim().length > 120 ? 'At most 120 characters.' : undefined;

  function mark(key: StepKey, status: StepStatus, detail?: string) {
    setSteps((s) => ({ ...s, [key]: { status, ...(detail !== undefined && { detail }) } }));
    if (detail) setAnnouncement(detail);
  }

  async function run(resume: Created | null) {
    setError('');
    let token: string;
    setWaiting(true);
    try {
      token = await graphToken(target, account, 'create');
    } catch (e) {
      setError(signinErrorMessage(e));
      return;
    } finally {
      setWaiting(false);
    }
    setPhase('running');
    const chosen = resume ? permissions : requiredPermissions(await currentWorkflows(setupId, fallbackWorkflows));
    setPermissions(chosen);
    const c: Created = resume ?? { displayName: name.trim(), granted: [] };
    if (!resume) {
      before.current = { tenant: values.tenant, clientId: values.clientId, secretExpiresOn: values.secretExpiresOn };
      setSteps(initialSteps());
    }
    const save = () => setCreated({ ...c, granted: [...c.granted] });
    let step: StepKey = 'app';
    try {
      step = 'app';
      if (!c.objectId || !c.appId) {
        mark('app', 'running', `Creating the app registration “${c.displayName}”…`);
        const app = await callGraph<{ id: string; appId: string }>(
          target.graphUrl,
          token,
          createApplicationRequest({ displayName: c.displayName, appRoleIds: chosen.map((p) => p.appRoleId), ...(consentReturnUri() && { redirectUri: consentReturnUri() }) }),
        );
        c.objectId = app.id;
        c.appId = app.appId;
        save();
      }
      mark('app', 'done', `Created the app registration “${c.displayName}” (Application (client) ID ${c.appId}), single tenant, with ${chosen.length} application permission${chosen.length === 1 ? '' : 's'} configured.`);

      step = 'servicePrincipal';
      if (!c.servicePrincipalId) {
        mark('servicePrincipal', 'running', 'Creating its service principal (enterprise application)…');
        const appId = c.appId;
        try {
          c.servicePrincipalId = (await withReplicationRetry(() => callGraph<{ id: string }>(target.graphUrl, token, createServicePrincipalRequest(appId)))).id;
        } catch (e) {
          if (!(e instanceof GraphCallError && e.status === 409)) throw e;
          c.servicePrincipalId = (await callGraph<{ id: string }>(target.graphUrl, token, getServicePrincipalRequest(appId))).id;
        }
        save();
      }
      mark('servicePrincipal', 'done', 'Created its service principal (enterprise application).');

      step = 'secret';
      if (!c.secret) {
        mark('secret', 'running', 'Adding a client secret…');
        const objectId = c.objectId;
        const res = await addSecretWithinPolicy(target.graphUrl, token, { id: objectId }, objectId, { displayName: 'Nexthink', days });
        c.secret = { value: res.secretText, endDateTime: res.endDateTime, hint: res.hint, note: lifetimeNote(res, days) };
        setSecret(res.secretText);
        onFill({ tenant: account.tenantId, clientId: c.appId, secretExpiresOn: expiryDate(res.endDateTime) });
        save();
      }
      mark('secret', 'done', `Added a client secret, valid until ${formatDate(c.secret.endDateTime)}; its value is in the Client secret value field (this tab’s memory only).${c.secret.note}`);

      step = 'consent';
      mark('consent', 'running', `Granting admin consent for ${chosen.map((p) => p.permission).join(', ')}…`);
      const graphSp = await callGraph<GraphServicePrincipal>(target.graphUrl, token, getGraphServicePrincipalRequest());
      for (const p of chosen) {
        if (c.granted.includes(p.permission)) continue;
        const spId = c.servicePrincipalId;
        try {
          await withReplicationRetry(() =>
            callGraph(target.graphUrl, token, grantAppRoleRequest({ graphServicePrincipalId: graphSp.id, servicePrincipalId: spId, appRoleId: p.appRoleId })),
          );
        } catch (e) {
          if (!(e instanceof GraphCallError && e.status === 400 && /already exists/i.test(e.message))) throw e;
        }
        c.granted.push(p.permission);
        save();
      }
      mark('consent', 'done', `Granted admin consent for ${chosen.map((p) => p.permission).join(', ')}. Created, granted and filled in: validate step 1, then step 2.`);
      setPhase('done');
    } catch (e) {
      save();
      if (step === 'consent' && e instanceof GraphCallError && e.status === 403) {
        mark('consent', 'handoff', 'Your role cannot grant admin consent for Microsoft Graph application permissions (Authorization_RequestDenied). The app and its secret exist and are filled in.');
        setPhase('handoff');
        return;
      }
      mark(step, 'failed', e instanceof SecretPolicyError ? `Failed: ${e.message}` : `Failed: ${graphErrorText(e)}`);
      setPhase('stopped');
    }
  }

  async function cleanUp() {
    if (!created?.objectId) return;
    setPhase('cleaning');
    setAnnouncement(`Deleting the app registration “${created.displayName}”…`);
    try {
      const token = await graphToken(target, account, 'create');
      await callGraph(target.graphUrl, token, deleteApplicationRequest(created.objectId));
      if (created.secret) setSecret('');
      if (before.current && created.secret) onFill(before.current);
      setAnnouncement(`Deleted the app registration “${created.displayName}”${created.servicePrincipalId ? ' and its service principal' : ''}. Nothing that Create made remains.`);
      setCreated(null);
      setPhase('cleaned');
    } catch (e) {
      setAnnouncement(`Could not delete it: ${e instanceof GraphCallError ? graphErrorText(e) : signinErrorMessage(e)}. Delete “${created.displayName}” in the admin center.`);
      setPhase('stopped');
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (nameError) return;
    void run(null);
  }

  const cloudInfo = getCloud(cloud);
  const busy = phase === 'running' || phase === 'cleaning';
  const consentUrl = created?.appId ? adminConsentUrl(target.authorityOrigin, account.tenantId, created.appId, consentReturnUri()) : '';
  const shownPermissions = phase === 'form' ? preview : permissions;

  return (
    <div className="space-y-4">
      {(phase === 'form' || phase === 'cleaned') && (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <Field id="signin-create-name" label="Name of the app registration" hint="Shown in the admin center’s App registrations list." error={nameError}>
            {(aria) => <TextInput {...aria} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <SecretLifetimeField id="signin-create-days" label="Client secret expires after" hint="Microsoft recommends less than 12 months; the maximum is 24 months." days={days} onChange={setDays} />
          <div className="text-sm">
            <p className="font-semibold">Application permissions it gets (from your choices below), with admin consent:</p>
            <ul className="list-disc pl-5">
              {shownPermissions.map((p) => (
                <li key={p.permission}>
                  <span className="font-mono">{p.permission}</span> — {p.neededBy.map((id) => workflows.find((w) => w.id === id)?.label ?? id).join('; ')}
                </li>
              ))}
            </ul>
          </div>
          <Callout title="Before the Microsoft window opens">
            <p>Creating asks you to allow the wizard, once, to:</p>
            <ul className="list-disc pl-5">
              {scopeExplanations('create').map((s) => (
                <li key={s.scope}>
                  <span className="font-mono">{s.scope}</span> — {s.reason}
                </li>
              ))}
            </ul>
            <p>
              Creating needs Application Administrator, Cloud Application Administrator or Global Administrator. Granting consent to Microsoft Graph application
              permissions needs Global Administrator or Privileged Role Administrator: with another role, the app and its secret are still created and this page says who
              must consent.
            </p>
          </Callout>
          <Button type="submit" disabled={!!nameError || waiting}>
            Create the app registration
          </Button>
          {waiting && (
            <p role="status" className="text-sm">
              Waiting for your answer in the Microsoft window…
            </p>
          )}
          {error && (
            <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
              {error}
            </p>
          )}
        </form>
      )}

      {phase !== 'form' && phase !== 'cleaned' && (
        <ol aria-label="Create steps" className="space-y-2">
          {ORDER.map((key, i) => (
            <li key={key} className="flex items-start gap-2 text-sm">
              <StatusBadge {...badge[steps[key].status]} />
              <div>
                <p className="font-medium">
                  {i + 1}.{' '}
                  {key === 'app'
                    ? `Create the app registration “${created?.displayName ?? name.trim()}”`
                    : key === 'servicePrincipal'
                      ? 'Create its service principal'
                      : key === 'secret'
                        ? 'Add a client secret'
                        : `Grant admin consent (${permissions.map((p) => p.permission).join(', ')})`}
                </p>
                {steps[key].detail && <p className="text-slate-800 dark:text-slate-200">{steps[key].detail}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {phase === 'handoff' && created?.appId && (
        <Callout tone="warning" title="Admin consent is still needed">
          <p>
            Ask a <strong>Privileged Role Administrator</strong> or <strong>Global Administrator</strong> of your tenant to grant admin consent. Send them this link, which
            grants every permission configured on “{created.displayName}” for the whole tenant:
          </p>
          <p className="flex flex-wrap items-center gap-2">
            <ExtLink href={consentUrl} className="break-all font-mono text-xs">
              {consentUrl}
            </ExtLink>
            <CopyButton value={consentUrl} label="admin-consent link" />
          </p>
          <p>
            Or they open{' '}
            <ExtLink href={appRegistrationLink(cloudInfo, created.appId, 'CallAnAPI')}>
              API permissions of “{created.displayName}”
            </ExtLink>{' '}
            and select <strong>Grant admin consent</strong>. Then validate step 2: its Wait for consent button follows the grant.
          </p>
        </Callout>
      )}
      {phase === 'handoff' && created?.appId && (
        <ApprovalPanel setupId={setupId} observed={{ signInAudience: 'AzureADMyOrg', configuredPermissions: permissions.map((p) => p.permission) }} />
      )}

      {phase === 'stopped' && created && (
        <div className="space-y-2 rounded-md border border-red-700 p-3 text-sm">
          <p className="font-semibold">Create stopped. What exists now in your tenant:</p>
          <ul className="list-disc pl-5">
            {created.appId ? (
              <li>
                App registration “{created.displayName}”, Application (client) ID <span className="font-mono">{created.appId}</span>
              </li>
            ) : (
              <li>Nothing: the app registration was not created.</li>
            )}
            {created.servicePrincipalId && <li>Its service principal (enterprise application)</li>}
            {created.secret && (
              <li>
                A client secret starting with <span className="font-mono">{created.secret.hint}</span>, expiring {formatDate(created.secret.endDateTime)}
              </li>
            )}
            {created.granted.length > 0 && <li>Admin consent for {created.granted.join(', ')}</li>}
          </ul>
          {created.appId && (
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => void run(created)} disabled={busy}>
                Finish the remaining steps
              </Button>
              <Button variant="danger" onClick={() => void cleanUp()} disabled={busy}>
                Delete what was created
              </Button>
            </div>
          )}
          {!created.appId && (
            <Button onClick={() => setPhase('form')} variant="secondary">
              Back to the form
            </Button>
          )}
        </div>
      )}

      {phase === 'cleaned' && <p className="text-sm">{announcement}</p>}

      {(phase === 'done' || phase === 'handoff' || phase === 'stopped') && created?.secret && <SecretOnce id="signin-created-secret" value={created.secret.value} />}
    </div>
  );
}
