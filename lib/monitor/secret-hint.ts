import 'server-only';
import type { Db } from '@/lib/db/connection';

/**
 * Keeps the first three characters of a secret that validated: the same `hint` Entra shows any directory
 * reader, enough for the monitor to tell which of the app's secrets Nexthink uses. Never more.
 */
export async function rememberSecretHint(db: Db, setupId: string, clientSecret: string): Promise<void> {
  const hint = clientSecret.trim().slice(0, 3);
  if (hint.length < 3) return;
  // Written only when it changes: every validation with a secret calls this, and an unchanged row costs no write.
  await db
    .updateTable('setups')
    .set({ secret_hint: hint })
    .where('id', '=', setupId)
    .where((eb) => eb.or([eb('secret_hint', 'is', null), eb('secret_hint', '!=', hint)]))
    .execute();
}
