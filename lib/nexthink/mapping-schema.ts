import { z } from 'zod';
import { nexthinkFieldKeys, type NexthinkFieldKey } from './mapping';

/** A Graph property name as the admin types it: letters, digits and underscores (extension_… included); empty = not mapped. */
export const graphPropertyNameSchema = z
  .string()
  .max(120, 'at most 120 characters')
  .regex(/^[A-Za-z0-9_]*$/, 'an Entra ID property name has only letters, digits and underscores (e.g. userPrincipalName)');

/** A strict object rather than a record: a record silently drops a "__proto__" key instead of refusing it. */
export const mappingSchema = z
  .object(Object.fromEntries(nexthinkFieldKeys.map((k) => [k, graphPropertyNameSchema.optional()])) as Record<NexthinkFieldKey, z.ZodOptional<typeof graphPropertyNameSchema>>)
  .strict();
