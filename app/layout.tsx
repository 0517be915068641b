import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccessBanner } from '@/components/access/access-banner';
import { SignOutButton } from '@/components/access/sign-out-button';
import { currentViewer, signInRequired } from '@/lib/auth/session';
import { env } from '@/lib/env';
import './globals.css';

// Every page is rendered per request: the Content-Security-Policy nonce (proxy.ts) is new each time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Entra Setup Wizard', template: '%s · Entra Setup Wizard' },
  description: 'Connect Nexthink to Microsoft Entra ID step by step, and prove each step works on your tenant.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = signInRequired() ? (await currentViewer()).session : undefined;
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          Skip to content
        </a>
        <header className="no-print border-b border-slate-200 dark:border-slate-800">
          <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
            <Link href="/" className="text-base font-semibold text-slate-900 no-underline hover:underline dark:text-slate-100">
              Entra Setup Wizard
            </Link>
            <nav aria-label="Main" className="flex items-center gap-4">
              <Link href="/setups" className="text-sm font-medium text-slate-900 underline-offset-2 hover:underline dark:text-slate-100">
                Your setups
              </Link>
              {session && (
                <>
                  <span className="text-sm text-slate-800 dark:text-slate-200">
                    Signed in as {session.name}
                    {session.upn && session.upn !== session.name ? ` (${session.upn})` : ''}
                  </span>
                  <SignOutButton />
                </>
              )}
            </nav>
          </div>
        </header>
        <AccessBanner auth={env().WIZARD_AUTH} />
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
