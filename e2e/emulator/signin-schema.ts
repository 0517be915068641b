import { z } from 'zod';
import { DIRECTORY_ROLE_NAMES } from './graph-permissions';
import { GUID_RE } from './ids';

/** Scenario parts for the interactive sign-in (authorize.ts) and the delegated Graph calls (delegated-graph.ts). */

const guid = z
  .string()
  .regex(GUID_RE, 'must be a GUID')
  .transform((s) => s.toLowerCase());

/** A public client (SPA) registration that any tenant's admin may sign in to, such as the wizard's sign-in app. */
export const signinClientSchema = z.strictObject({
  clientId: guid,
  displayName: z.string().min(1).default('Entra Setup Wizard'),
  /** Single-page-application redirect URIs, compared exactly. */
  redirectUris: z.array(z.url()).min(1),
});
export type SigninClient = z.infer<typeof signinClientSchema>;

/** A user of the tenant who can sign in interactively, with built-in directory roles. */
export const adminSchema = z.strictObject({
  id: guid.optional(),
  userPrincipalName: z.string().min(3).regex(/@/, 'must contain @'),
  displayName: z.string().min(1).optional(),
  roles: z.array(z.enum(DIRECTORY_ROLE_NAMES)).default([]),
  /** App roles of the sign-in app assigned to this user (e.g. Setup.Read): the ID token's `roles` claim, absent when none. */
  appRoles: z.array(z.string().min(1)).default([]),
});
export type Admin = z.infer<typeof adminSchema>;

/** Tenant-wide app management policy: the longest client secret lifetime allowed (addPassword refuses longer). */
export const passwordLifetimeSchema = z.number().int().min(1).max(3650).optional();
