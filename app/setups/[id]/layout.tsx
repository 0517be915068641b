import type { ReactNode } from 'react';
import { SecretProvider } from '@/components/wizard/secret-context';

/** Keeps the client secret in memory while the admin moves between this setup's pages. */
export default async function SetupLayout({ children }: { children: ReactNode }) {
  return <SecretProvider>{children}</SecretProvider>;
}
