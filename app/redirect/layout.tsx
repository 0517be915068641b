import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Microsoft sign-in', robots: { index: false } };

/** The sign-in window's landing page: no provider of any kind around it (msal-browser's redirect-bridge rule). */
export default function RedirectLayout({ children }: { children: ReactNode }) {
  return <div className="mx-auto max-w-xl space-y-3 py-6">{children}</div>;
}
