/**
 * The wizard's spine: its steps, in order. Pages, navigation, the validation route, the status view
 * and the summary all read this list; the server's checks (lib/steps/checks.ts) and the step pages
 * (components/wizard/step-content.tsx) are keyed by the same StepId, so adding a step is a compile error
 * until every place knows it.
 */
export const steps = [
  {
    id: 'app-registration',
    number: 1,
    title: 'Register the app',
    navTitle: 'App registration',
    needsSecret: false,
    fields: ['tenant', 'clientId', 'cloud'],
  },
  {
    id: 'certificates-secrets',
    number: 2,
    title: 'Create a client secret',
    navTitle: 'Certificates & secrets',
    needsSecret: true,
    fields: ['secretExpiresOn'],
  },
  {
    id: 'tenant-id',
    number: 3,
    title: 'Enter the credentials in Nexthink',
    navTitle: 'Tenant ID & token URL',
    needsSecret: true,
    fields: ['sampleUpn'],
  },
  {
    id: 'field-mapping',
    number: 4,
    title: 'Map the user fields',
    navTitle: 'Field mapping',
    needsSecret: true,
    fields: ['mapping'],
  },
] as const;

export type Step = (typeof steps)[number];
export type StepId = Step['id'];
export const stepIds = steps.map((s) => s.id) as [StepId, ...StepId[]];

export function isStepId(value: string): value is StepId {
  return (stepIds as readonly string[]).includes(value);
}

export function getStep(id: StepId): Step {
  return steps.find((s) => s.id === id)!;
}

export function nextStep(id: StepId): Step | undefined {
  const i = steps.findIndex((s) => s.id === id);
  return steps[i + 1];
}

export function previousStep(id: StepId): Step | undefined {
  const i = steps.findIndex((s) => s.id === id);
  return i > 0 ? steps[i - 1] : undefined;
}
