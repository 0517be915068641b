'use client';

import { useEffect, useState } from 'react';

let started = false;

/**
 * msal-browser v5's redirect bridge: the page Microsoft's sign-in window returns to. It hands the answer (in the URL
 * fragment, never sent to the server) to the wizard's tab over a BroadcastChannel and closes the window. Only the
 * small bridge module loads here, not msal-browser itself.
 */
export function RedirectBridge() {
  const [state, setState] = useState<'working' | 'done' | 'error'>('working');
  useEffect(() => {
    if (started) return;
    started = true;
    import('@azure/msal-browser/redirect-bridge')
      .then(({ broadcastResponseToMainFrame }) => broadcastResponseToMainFrame())
      .then(
        () => setState('done'),
        () => setState('error'),
      );
  }, []);
  return (
    <p role="status" className="text-sm">
      {state === 'working' && 'Finishing the sign-in… This window closes by itself.'}
      {state === 'done' && 'Signed in. You can close this window.'}
      {state === 'error' && 'This window could not hand Microsoft’s answer back to the wizard. Close it and start again from the wizard.'}
    </p>
  );
}
