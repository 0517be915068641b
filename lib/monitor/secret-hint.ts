/**
 * The first three characters of a client secret: the same `hint` Entra shows any directory reader on the app's
 * passwordCredentials, enough for the monitor to tell which of the app's secrets Nexthink uses. Never more.
 * Undefined for a value too short to have one.
 */
export function secretHintOf(clientSecret: string): string | undefined {
  const hint = clientSecret.trim().slice(0, 3);
  return hint.length === 3 ? hint : undefined;
}
