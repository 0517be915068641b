import { TEST_WORKFLOW } from '@/lib/nexthink/workflow-run';
import { CheckboxMark, FakeButton, FakeField, FormRow, Highlight, NexthinkPage, ScreenFrame } from './screen-frame';

/** Workflows > New: the General tab, with the NQL ID, "Targets users" and the API trigger ticked. */
export function NexthinkTestWorkflowGeneralIllustration() {
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={['Workflows', 'Manage workflows', 'New workflow']}
      label={`Picture of Nexthink's new workflow, General tab: Name ${TEST_WORKFLOW.name}, NQL ID ${TEST_WORKFLOW.nqlId}, dependency User, trigger API ticked (1).`}
      caption={
        <>
          Name it <strong>{TEST_WORKFLOW.name}</strong> (the NQL ID follows the name: {TEST_WORKFLOW.nqlId}), target <strong>User</strong>, and tick <strong>API</strong> (1) under the
          triggers: without it Nexthink refuses to trigger the workflow from its API.
        </>
      }
    >
      <NexthinkPage title={TEST_WORKFLOW.name} tabs={['General', 'Designer']} activeTab="General">
        <div className="px-2">
          <FormRow label="Name" required>
            <FakeField value={TEST_WORKFLOW.name} />
          </FormRow>
          <FormRow label="NQL ID">
            <FakeField value={TEST_WORKFLOW.nqlId} mono />
          </FormRow>
          <FormRow label="Dependency">
            <FakeField value="User" dropdown />
          </FormRow>
        </div>
        <Highlight n={1} label="Tick API" className="my-2">
          <div className="px-2">
            <FormRow label="Triggers">
              <span className="inline-flex items-center gap-1.5">
                <CheckboxMark /> API
              </span>
            </FormRow>
          </div>
        </Highlight>
      </NexthinkPage>
    </ScreenFrame>
  );
}

function Block({ kind, title, lines }: { kind: string; title: string; lines: readonly string[] }) {
  return (
    <span className="block w-56 max-w-full rounded border border-slate-500 bg-white px-2 py-1.5">
      <span className="block text-[10px] font-semibold uppercase tracking-wide text-indigo-800">{kind}</span>
      <span className="block font-semibold text-slate-900">{title}</span>
      {lines.map((l) => (
        <span key={l} className="block break-all text-[11px] text-slate-700">
          {l}
        </span>
      ))}
    </span>
  );
}

const Arrow = () => (
  <span className="block pl-24 text-slate-600" aria-hidden="true">
    ↓
  </span>
);

/** The Designer: API trigger → Service/API thinklet → Condition → End (success) / End (failure). */
export function NexthinkTestWorkflowDesignerIllustration({ credentialName }: { credentialName: string }) {
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={['Workflows', 'Manage workflows', TEST_WORKFLOW.name, 'Designer']}
      label={`Picture of the Designer: Trigger, then the Service/API thinklet "${TEST_WORKFLOW.thinklet}" with credential ${credentialName} (1), then a Condition on the status code 200 ending in Success or Failure.`}
      caption={
        <>
          One Service/API thinklet between the trigger and two End thinklets. Its <strong>Credentials</strong> drop-down (1) must name the credential of step 3 — it is blank after a workflow
          is imported.
        </>
      }
    >
      <NexthinkPage title={TEST_WORKFLOW.name} tabs={['General', 'Designer']} activeTab="Designer">
        <div className="space-y-1 px-2 py-1">
          <Block kind="Trigger" title="API" lines={['Targets: user']} />
          <Arrow />
          <Highlight n={1} label={`Credentials: ${credentialName}`}>
            <Block kind="Service/API" title={TEST_WORKFLOW.thinklet} lines={['GET', TEST_WORKFLOW.path]} />
          </Highlight>
          <Arrow />
          <Block kind="Condition" title="Status code is 200" lines={['{{Get user from Entra ID.statusCode}} == 200']} />
          <Arrow />
          <span className="flex flex-wrap gap-2">
            <Block kind="End · yes" title="Outcome: Success" lines={['Details: Entra ID returned {{displayName}}']} />
            <Block kind="End · no" title="Outcome: Failure" lines={['Details: HTTP {{statusCode}} {{body}}']} />
          </span>
        </div>
      </NexthinkPage>
    </ScreenFrame>
  );
}

/** The Service/API thinklet's settings, with the mapped username as the {{upn}} input. */
export function NexthinkTestThinkletIllustration({ credentialName }: { credentialName: string }) {
  return (
    <ScreenFrame
      product="nexthink"
      breadcrumb={['Workflows', TEST_WORKFLOW.name, 'Designer', TEST_WORKFLOW.thinklet]}
      label={`Picture of the Service/API thinklet settings: Credentials ${credentialName} (1), Method GET, URL ${TEST_WORKFLOW.path} (2), input upn from user.ad.username (3).`}
      caption={
        <>
          Credentials (1), method <strong>GET</strong> and the relative URL (2); the input <code>upn</code> takes the user&apos;s <strong>user.ad.username</strong> (3) — the field the
          inbound connector fills and the Library&apos;s Entra ID thinklets use (their documentation calls it user.ad.name). Save, then activate the version.
        </>
      }
    >
      <NexthinkPage title={TEST_WORKFLOW.thinklet} subtitle="Service/API thinklet">
        <Highlight n={1} label="The credential of step 3" className="my-2">
          <div className="px-2">
            <FormRow label="Credentials" required>
              <FakeField value={credentialName} dropdown />
            </FormRow>
          </div>
        </Highlight>
        <div className="px-2">
          <FormRow label="Method">
            <FakeField value="GET" dropdown />
          </FormRow>
        </div>
        <Highlight n={2} label="Relative URL" className="my-2">
          <div className="px-2">
            <FormRow label="URL">
              <FakeField value={TEST_WORKFLOW.path} mono />
            </FormRow>
          </div>
        </Highlight>
        <Highlight n={3} label="Input from user.ad.username" className="my-2">
          <div className="px-2">
            <FormRow label="Input: upn">
              <FakeField value="User › user.ad.username" dropdown />
            </FormRow>
          </div>
        </Highlight>
        <div className="flex justify-end gap-2 border-t border-slate-200 px-2 pt-2">
          <FakeButton>Cancel</FakeButton>
          <FakeButton variant="primary">Save</FakeButton>
        </div>
      </NexthinkPage>
    </ScreenFrame>
  );
}
