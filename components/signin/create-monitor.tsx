'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, patch } from '@/components/api';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { ExtLink } from '@/components/ui/ext-link';
import { graphAppPermission } from '@/lib/nexthink/permissions';
import {
  addCertificateRequest,
  adminConsentUrl,
  createApplicationRequest,
  createServicePrincipalRequest,
  getGraphServicePrincipalRequest,
  grantAppRoleRequest,
} from '@/lib/signin/graph-requests';
import type { GraphServicePrincipal } from '@/lib/signin/permission-table';
import { callGraph, GraphCallError, graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';

const MONITOR_APP_NAME = 'Nexthink setup monitor (read-only)';
const OPTIONAL = [
  { name: 'AuditLog.Read.All', adds: 'when Nexthink last used its secret (Entra ID P1, Global cloud only)' },
  { name: 'User.Read.All', adds: 'the mapped properties re-checked' },
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const transient = e instanceof GraphCallError && (e.status === 404 || (e.status === 400 && /does not (exist|reference)/i.test(e.message)));
      if (!transient || attempt >= 4) throw e;
      await sleep(1500 * 2 ** attempt);
    }
  }
}

/**
 * "Create the monitor for me": the read-only monitoring app, its certificate (the public part the server made),
 * its service principal and admin consent for Application.Read.All and the optional reads — in the admin's own
 * browser with their rights. When their role cannot grant consent, it says who can and gives the consent link.
 */
export function CreateMonitor({ target, account, setupId }: { target: SigninTarget; account: SignedInAccount; setupId: string }) {
  const router = useRouter();
  const [optional, setOptional] = useState<Record<string, boolean>>({ 'AuditLog.Read.All': true, 'User.Read.All': true });
  const [log, setLog] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [handoff, setHandoff] = useState<string | null>(null);
  const [error, setError] = useState('');

  async function run() {
    setBusy(true);
    setError('');
    setHandoff(null);
    setLog([]);
    const say = (line: string) => setLog((l) => [...l, line]);
    try {
      const token = await graphToken(target, account, 'create');
      const pemRes = await fetch(`/api/setups/${setupId}/monitor/certificate?format=pem`);
      // Never an error page uploaded as a certificate.
      if (!pemRes.ok) throw new Error(`The monitoring certificate could not be read (HTTP ${pemRes.status}); reload the page and try again.`);
      const pem = await pemRes.text();
      const derBase64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      const permissions = ['Application.Read.All', ...OPTIONAL.filter((o) => optional[o.name]).map((o) => o.name)] as const;
      const app = await callGraph<{ id: string; appId: string }>(
        target.graphUrl,
        token,
        createApplicationRequest({ displayName: MONITOR_APP_NAME, appRoleIds: permissions.map((p) => graphAppPermission(p).appRoleId) }),
      );
      say(`Created the app registration “${MONITOR_APP_NAME}” (${app.appId}), single tenant, with ${permissions.join(', ')} configured.`);
      await retried(() => callGraph(target.graphUrl, token, addCertificateRequest(app.id, { derBase64, displayName: 'Nexthink setup monitor' })));
      say('Uploaded the certificate (its public part; the private key stays on the wizard’s server).');
      const sp = await retried(() => callGraph<{ id: string }>(target.graphUrl, token, createServicePrincipalRequest(app.appId)));
      say('Created its service principal.');
      await api(`/api/setups/${setupId}/monitor`, patch({ clientId: app.appId })).catch((err: unknown) => {
        throw new Error(`The wizard could not save the monitoring app’s client ID: ${err instanceof Error ? err.message : String(err)}`);
      });
      say('Saved its client ID in the wizard.');
      const graphSp = await callGraph<GraphServicePrincipal>(target.graphUrl, token, getGraphServicePrincipalRequest());
      try {
        for (const p of permissions) {
          await retried(() => callGraph(target.graphUrl, token, grantAppRoleRequest({ graphServicePrincipalId: graphSp.id, servicePrincipalId: sp.id, appRoleId: graphAppPermission(p).appRoleId })));
        }
        say(`Granted admin consent for ${permissions.join(', ')}. Validate the monitoring identity next.`);
      } catch (e) {
        if (!(e instanceof GraphCallError && e.status === 403)) throw e;
        setHandoff(adminConsentUrl(target.authorityOrigin, account.tenantId, app.appId));
      }
      router.refresh();
    } catch (e) {
      setError(e instanceof GraphCallError ? graphErrorText(e) : signinErrorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3 text-sm">
      <p>Creates “{MONITOR_APP_NAME}” in your tenant with the certificate above and only read permissions:</p>
      <ul className="space-y-1">
        <li>Application.Read.All (required): reads the Nexthink app, its grants and its secrets’ dates and hints.</li>
        {OPTIONAL.map((o) => (
          <li key={o.name}>
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" className="h-4 w-4" checked={optional[o.name] ?? false} onChange={(e) => setOptional((s) => ({ ...s, [o.name]: e.target.checked }))} />
              {o.name} (optional): {o.adds}
            </label>
          </li>
        ))}
      </ul>
      <Button onClick={() => void run()} disabled={busy}>
        {busy ? 'Creating…' : 'Create the monitoring app'}
      </Button>
      <ol className="list-decimal space-y-1 pl-5" aria-live="polite">
        {log.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ol>
      {handoff && (
        <Callout tone="warning" title="Admin consent needs another administrator">
          <p>
            Your role cannot grant Microsoft Graph application permissions. A Global Administrator or Privileged Role Administrator must consent:
            send them this link, then validate the monitoring identity.
          </p>
          <p className="break-all">
            <ExtLink href={handoff}>{handoff}</ExtLink>
          </p>
        </Callout>
      )}
      {error && (
        <Callout tone="danger" alert>
          {error}
        </Callout>
      )}
    </div>
  );
}
