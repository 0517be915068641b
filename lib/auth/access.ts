/**
 * Who may do what with a setup (WIZARD_AUTH=entra). Pure, so the rules are tested without a server:
 * - the operator (ADMIN_TOKEN session) reaches every setup;
 * - a signed-in user reaches the setups of their home tenant (`tid`), and nothing of another organisation —
 *   that answers exactly like a setup that does not exist;
 * - app roles of the sign-in app narrow it: Setup.Manage changes, Setup.Read only reads; a token without any
 *   role (the app defines none) manages.
 */

export type Need = 'read' | 'manage';
export type Role = 'manage' | 'read' | 'none';

export const MANAGE_ROLE = 'Setup.Manage';
export const READ_ROLE = 'Setup.Read';

export function roleOf(roles: readonly string[]): Role {
  if (roles.includes(MANAGE_ROLE)) return 'manage';
  if (roles.includes(READ_ROLE)) return 'read';
  return roles.length === 0 ? 'manage' : 'none';
}

export type Viewer = { kind: 'operator' } | { kind: 'user'; tid: string; roles: readonly string[] } | { kind: 'anonymous' };

export type Decision = 'allow' | 'sign-in' | 'not-found' | 'read-only';

/** `owner`: the setup's organisation (null: made without sign-in), undefined when there is no such setup. */
export function decide(viewer: Viewer, owner: string | null | undefined, need: Need): Decision {
  if (owner === undefined) return viewer.kind === 'anonymous' ? 'sign-in' : 'not-found';
  if (viewer.kind === 'operator') return 'allow';
  if (viewer.kind === 'anonymous') return 'sign-in';
  if (owner !== viewer.tid) return 'not-found';
  const role = roleOf(viewer.roles);
  if (role === 'none') return 'not-found';
  if (need === 'manage' && role !== 'manage') return 'read-only';
  return 'allow';
}

/** May this viewer create setups (and so own them for their organisation)? */
export function mayCreate(viewer: Viewer): boolean {
  return viewer.kind === 'user' && roleOf(viewer.roles) === 'manage';
}
