import 'server-only';
import { decide, mayCreate, type Decision, type Need } from '@/lib/auth/access';
import { currentViewer, signInRequired } from '@/lib/auth/session';
import { ApiError } from '@/lib/api/errors';
import { getDb, type Db } from '@/lib/db/connection';
import { getSetupAndOwner } from '@/lib/db/setups';
import { setupIdSchema, type Setup } from './schema';

export type { Need } from '@/lib/auth/access';

const NOT_FOUND = 'No setup with this id.';

/**
 * The one access guard. Without sign-in a setup's id is its key: unknown or malformed → not found. With sign-in
 * (WIZARD_AUTH=entra) it also reads the request's session (next/headers) and decides by organisation and app
 * role: `need` 'manage' (the default: changes, validations, shares, deletion) or 'read' (status, summary,
 * history). Another organisation's setup answers exactly as one that does not exist.
 */
export async function accessSetup(id: string, need: Need): Promise<{ db: Db; setup: Setup } | { refused: Exclude<Decision, 'allow'> }> {
  if (!setupIdSchema.safeParse(id).success) return { refused: signInRequired() && (await currentViewer()).viewer.kind === 'anonymous' ? 'sign-in' : 'not-found' };
  const db = await getDb();
  const found = await getSetupAndOwner(db, id);
  if (signInRequired()) {
    const decision = decide((await currentViewer()).viewer, found?.owner, need);
    if (decision !== 'allow') return { refused: decision };
  }
  return found ? { db, setup: found.setup } : { refused: 'not-found' };
}

/** The setup an API route works on, or the JSON answer every route gives when it may not. */
export async function requireSetup(id: string, { need = 'manage' }: { need?: Need } = {}): Promise<{ db: Db; setup: Setup }> {
  const access = await accessSetup(id, need);
  if ('setup' in access) return access;
  switch (access.refused) {
    case 'sign-in':
      throw new ApiError('unauthorized:session', 'Sign in to the wizard first (Sign in with Microsoft).');
    case 'read-only':
      throw new ApiError('forbidden:role', 'You can view this setup but not change it: your role on the wizard is Setup.Read. Ask for Setup.Manage.');
    case 'not-found':
      throw new ApiError('not_found:setup', NOT_FOUND);
  }
}

/**
 * Who will own a new setup: with sign-in, the creator's home tenant (a user with Setup.Manage, or no roles
 * defined); without sign-in, nobody (null). Throws the API's refusal otherwise.
 */
export async function creatorTenant(): Promise<string | null> {
  if (!signInRequired()) return null;
  const { viewer } = await currentViewer();
  if (viewer.kind === 'anonymous') throw new ApiError('unauthorized:session', 'Sign in to the wizard first (Sign in with Microsoft).');
  if (viewer.kind !== 'user' || !mayCreate(viewer)) {
    throw new ApiError('forbidden:role', 'Creating a setup needs the Setup.Manage role on the wizard (or sign in as a user of an organisation, not as the operator).');
  }
  return viewer.tid;
}
