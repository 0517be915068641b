import { RedirectBridge } from '@/components/signin/redirect-bridge';

/**
 * Where Microsoft's windows return: the sign-in popup (answer in the fragment, handled by the bridge) and the
 * tenant-wide admin-consent link a Privileged Role Administrator follows (answer in the query).
 */
export default async function RedirectPage({ searchParams }: PageProps<'/redirect'>) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const consent = one(q.admin_consent);
  const error = one(q.error);
  if (consent !== undefined || (error !== undefined && one(q.state) === undefined)) {
    const granted = consent?.toLowerCase() === 'true';
    return (
      <>
        <h1 className="text-2xl font-bold">{granted ? 'Admin consent granted' : 'Admin consent not granted'}</h1>
        <p className="text-sm">
          {granted
            ? `Microsoft Graph permissions are granted for tenant ${one(q.tenant) ?? ''}. Tell the admin doing the setup: step 2’s validation will see them (it can take a few minutes).`
            : `Microsoft answered: ${one(q.error_description) ?? error ?? 'no consent'}.`}
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold">Signing in</h1>
      <RedirectBridge />
    </>
  );
}
