import type { ReactNode } from 'react';
import {
  EntraApiPermissionsIllustration,
  EntraAppOverviewIllustration,
  EntraCertificatesSecretsIllustration,
  EntraRegisterAppIllustration,
  NexthinkConnectorCredentialsIllustration,
  NexthinkFieldMappingIllustration,
  NexthinkInboundGeneralIllustration,
} from '@/components/illustrations';
import { LazySigninPanel as SigninPanel } from '@/components/lazy-islands';
import { Callout } from '@/components/ui/callout';
import { appRegistrationLink, appRegistrationsListLink, getCloud, graphScope, graphUrlAddress } from '@/lib/entra/clouds';
import { parseClientIdInput } from '@/lib/entra/identifiers';
import {
  CONNECTOR_CREDENTIALS_MENU,
  INBOUND_CONNECTOR_MENU,
  THIRD_PARTY_CREDENTIALS_MENU,
  connectorCredentialRows,
  inboundGeneralRows,
} from '@/lib/nexthink/credentials';
import { nexthinkUserFields } from '@/lib/nexthink/mapping';
import { permissionRowsFor, workflowChoices } from '@/lib/nexthink/picker';
import type { Setup } from '@/lib/setups/schema';
import type { SigninConfig } from '@/lib/signin/config';
import type { StepId } from '@/lib/steps/registry';
import { ValuesTable } from './values-table';
import { WorkflowPicker } from './workflow-picker';
import { ExtLink } from '@/components/ui/ext-link';

function Steps({ children }: { children: ReactNode }) {
  return <ol className="list-decimal space-y-3 pl-5 text-sm leading-relaxed marker:font-semibold">{children}</ol>;
}

type StepContentProps = { setup: Setup; signin?: SigninConfig | undefined };

function AppRegistration({ setup, signin }: StepContentProps) {
  const cloud = getCloud(setup.cloud);
  const rows = permissionRowsFor(setup.workflows);
  const client = parseClientIdInput(setup.clientId);
  return (
    <div className="space-y-5">
      {signin && <SigninPanel setup={setup} config={signin} step="app-registration" />}
      <Steps>
        <li className="space-y-3">
          <p>
            In the {cloud.label} admin center open <ExtLink href={appRegistrationsListLink(cloud)}>App registrations</ExtLink> and select <strong>New registration</strong>.
            Name it (e.g. “Nexthink connector”), choose <strong>Accounts in this organizational directory only (Single tenant)</strong>, and under Redirect URI pick the
            platform <strong>Web</strong> (the URL can stay empty). Select <strong>Register</strong>.
          </p>
          <EntraRegisterAppIllustration />
        </li>
        <li className="space-y-3">
          <p>
            On the app&apos;s <strong>Overview</strong>, copy <strong>Application (client) ID</strong> and <strong>Directory (tenant) ID</strong> into <em>Your values</em>. The{' '}
            <strong>Object ID</strong> just below is a different value: don&apos;t use it.
          </p>
          <EntraAppOverviewIllustration {...(client.ok && { clientId: client.value })} {...(setup.tenantId && { tenantId: setup.tenantId })} />
        </li>
        <li className="space-y-3">
          <p>
            Open {client.ok ? <ExtLink href={appRegistrationLink(cloud, client.value, 'CallAnAPI')}>API permissions</ExtLink> : <strong>API permissions</strong>} and add
            the Microsoft Graph <strong>Application permissions</strong> for what you will run — the list below. The inbound connector always needs{' '}
            <strong>User.Read.All</strong>.
          </p>
          <Callout tone="warning" title="Application, not Delegated">
            <p>
              As a <em>Delegated</em> permission User.Read.All looks the same in the list, but the connector then imports nothing, silently. The checks after step 2 read the
              permissions Entra ID really grants.
            </p>
          </Callout>
          <WorkflowPicker setupId={setup.id} choices={workflowChoices()} initial={setup.workflows} rows={rows} />
          <EntraApiPermissionsIllustration permissions={rows.map((r) => ({ name: r.permission, type: 'Application', granted: true }))} highlight="add-permission" />
        </li>
        <li className="space-y-3">
          <p>
            Select <strong>Grant admin consent for &lt;your tenant&gt;</strong>. The Status column must read “Granted for …”. Only a Privileged Role Administrator or Global
            Administrator can consent to Microsoft Graph application permissions.
          </p>
          <EntraApiPermissionsIllustration permissions={[{ name: 'User.Read.All', type: 'Application', granted: false }]} highlight="grant-consent" />
        </li>
      </Steps>
    </div>
  );
}

function CertificatesSecrets({ setup, signin }: StepContentProps) {
  const cloud = getCloud(setup.cloud);
  const client = parseClientIdInput(setup.clientId);
  return (
    <div className="space-y-5">
      {signin && <SigninPanel setup={setup} config={signin} step="certificates-secrets" />}
      <Steps>
        <li className="space-y-3">
          <p>
            Open{' '}
            {client.ok ? <ExtLink href={appRegistrationLink(cloud, client.value, 'Credentials')}>Certificates &amp; secrets</ExtLink> : <strong>Certificates &amp; secrets</strong>}{' '}
            &gt; <strong>Client secrets</strong> &gt; <strong>New client secret</strong>. Describe it (e.g. “Nexthink”) and pick an expiry: <strong>180 days</strong> is a
            good choice; Microsoft recommends less than 12 months.
          </p>
          <EntraCertificatesSecretsIllustration highlight="new-secret" />
        </li>
        <li className="space-y-3">
          <p>
            Copy the <strong>Value</strong> at once — the portal shows it only now. The <strong>Secret ID</strong> beside it is a GUID and is <em>not</em> the secret. Paste
            the Value into <em>Your values</em>, with the date from the <strong>Expires</strong> column.
          </p>
          <EntraCertificatesSecretsIllustration highlight="value" />
        </li>
        <li>
          <p>Put a reminder in your calendar a few weeks before that date: the workflows and the connector stop when the secret expires.</p>
        </li>
      </Steps>
      <Callout title="Why not a certificate?">
        <p>
          Entra ID prefers certificates, but Nexthink&apos;s connector credentials take only a client secret (OAuth 2.0 - Client Credentials has no certificate option), so a
          certificate cannot be used here.
        </p>
      </Callout>
    </div>
  );
}

function TenantId({ setup }: { setup: Setup }) {
  const cloud = getCloud(setup.cloud);
  const rows = connectorCredentialRows(setup);
  const token = rows.find((r) => r.label === 'Access token URL')?.value;
  const client = parseClientIdInput(setup.clientId);
  return (
    <div className="space-y-5">
      <Steps>
        <li>
          In Nexthink open <strong>{CONNECTOR_CREDENTIALS_MENU}</strong>. In newer releases it is <strong>{THIRD_PARTY_CREDENTIALS_MENU}</strong>; if neither shows, ask
          Nexthink Support to enable it.
        </li>
        <li>Fill in the form with the values below, in this order, then save. Nexthink has no “test connection” button: the validation of this step is that test.</li>
        <li>
          After installing a workflow from the Library, open it in the Designer and set the <strong>Credentials</strong> drop-down of every Service/API thinklet to this
          credential: it is blank after installation.
        </li>
      </Steps>
      <div className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
        <ValuesTable caption="Connector credentials entry" rows={rows} />
      </div>
      <NexthinkConnectorCredentialsIllustration
        values={{
          name: rows[0]?.value ?? '',
          urlAddress: graphUrlAddress(cloud),
          accessTokenUrl: token ?? `${cloud.loginUrl}/<tenant GUID>/oauth2/v2.0/token`,
          clientId: client.ok ? client.value : '<Application (client) ID>',
          scope: graphScope(cloud),
        }}
        highlight="all"
      />
    </div>
  );
}

function FieldMapping({ setup }: { setup: Setup }) {
  return (
    <div className="space-y-5">
      <Steps>
        <li>
          In Nexthink open <strong>{INBOUND_CONNECTOR_MENU}</strong> and fill in the <strong>General</strong> tab with the values below.
        </li>
        <li>
          On the <strong>Field mapping</strong> tab, under <strong>Common</strong>, type the Entra ID property for each Nexthink field — exactly as written, Nexthink does not
          preview or correct it. Username must get <code className="font-mono">userPrincipalName</code>.
        </li>
        <li>Save. Users appear in Nexthink after the connector&apos;s next run.</li>
      </Steps>
      <Callout title="user.ad.name or user.ad.username?">
        <p>
          Nexthink&apos;s Library documentation calls the field <code className="font-mono">user.ad.name</code>; NQL and the data dictionary call it{' '}
          <code className="font-mono">user.ad.username</code> (“AD username”). It is the same field: the user&apos;s UPN, which workflows pass to Microsoft Graph.
        </p>
        <p>Devices that are hybrid-joined also need Microsoft Entra Connect syncing their users to Entra ID.</p>
      </Callout>
      <div className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
        <ValuesTable caption="Inbound connector, General tab" rows={inboundGeneralRows(setup)} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <NexthinkInboundGeneralIllustration />
        <NexthinkFieldMappingIllustration
          rows={nexthinkUserFields.map((f) => ({ label: f.label, nexthinkField: f.nqlField, entraProperty: (setup.mapping[f.key] ?? '') || null }))}
        />
      </div>
    </div>
  );
}

/** The UI half of the step registry: each step's instructions and pictures. */
export const stepContent = {
  'app-registration': AppRegistration,
  'certificates-secrets': CertificatesSecrets,
  'tenant-id': TenantId,
  'field-mapping': FieldMapping,
} satisfies Record<StepId, (props: StepContentProps) => ReactNode>;
