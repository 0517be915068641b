import { redirect } from 'next/navigation';
import { loadSetupPage } from '@/lib/setups/load';
import { steps } from '@/lib/steps/registry';

/** Opens the first step that has not passed yet. */
export default async function SetupPage({ params }: PageProps<'/setups/[id]'>) {
  const { id } = await params;
  const { latest } = await loadSetupPage(id);
  const next = steps.find((s) => latest[s.id]?.status !== 'pass') ?? steps[steps.length - 1]!;
  redirect(`/setups/${id}/${next.id}`);
}
