/**
 * The rate limits count in fixed one-minute windows (lib/security/rate-limit.ts): a burst that straddles the
 * turn of a minute is counted in two windows and may never reach its limit. A test starts each burst with
 * enough of its window left (the server runs on this machine's clock).
 */
export async function freshRateWindow(needSeconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}
