/**
 * Without sign-in a setup's address is its only key, which is fine for one admin on their own computer. Listening
 * on any address other machines can reach needs a choice said out loud: WIZARD_AUTH=entra (Sign in with
 * Microsoft) or WIZARD_AUTH=none. Returns the refusal to print, or undefined when the start may go on.
 */
export function bindRefusal(bind, wizardAuth) {
  const auth = (wizardAuth ?? '').trim().toLowerCase();
  if (auth === 'none' || auth === 'entra') return undefined;
  if (isLoopback(bind)) return undefined;
  return (
    `HOSTNAME_BIND=${bind} lets other machines reach the wizard, and without sign-in anyone who can reach it may open ` +
    'any setup whose address they know. Set WIZARD_AUTH=entra (with ENTRA_SIGNIN_CLIENT_ID, the sign-in app) to require ' +
    '"Sign in with Microsoft", or WIZARD_AUTH=none to run without sign-in anyway (every page then says so). See the README, "Who can see a setup".'
  );
}

export function isLoopback(host) {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
