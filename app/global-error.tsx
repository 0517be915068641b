'use client';

import { ServiceUnavailable } from '@/components/ui/service-unavailable';
import './globals.css';

/** Replaces the root layout when it fails to render. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <title>Service unavailable · Entra Setup Wizard</title>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          <ServiceUnavailable retry={retry} />
        </main>
      </body>
    </html>
  );
}
