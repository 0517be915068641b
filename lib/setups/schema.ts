import { z } from 'zod';
import { SETUP_ID } from './id';
import { cloudIds } from '@/lib/entra/clouds';
import type { Mapping } from '@/lib/nexthink/mapping';
import { mappingSchema } from '@/lib/nexthink/mapping-schema';
import { normalizeWorkflows, workflowIds, type WorkflowId } from '@/lib/nexthink/workflows';

export const cloudIdSchema = z.enum(cloudIds);

export const setupIdSchema = z.string().regex(SETUP_ID);

const noControlChars = (s: string) => !/[\u0000-\u001F\u007F]/.test(s);
const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .max(max, `at most ${max} characters`)
    .refine(noControlChars, 'must not contain control characters or line breaks');

const isoDate = z
  .string({ error: 'must be a date (YYYY-MM-DD) or null' })
  .trim()
  .transform((s) => s.slice(0, 10))
  .pipe(z.iso.date({ error: 'must be a date as YYYY-MM-DD' }));

/**
 * What the admin may change. Values are saved as typed (a half-typed GUID included) so that nothing
 * is lost on reload; their meaning is checked by the validation run, not here.
 */
export const setupPatchSchema = z
  .object({
    name: text(120),
    tenant: text(256),
    clientId: text(256),
    cloud: cloudIdSchema,
    secretExpiresOn: isoDate.nullable(),
    sampleUpn: text(320),
    mapping: mappingSchema,
    workflows: z
      .array(z.enum(workflowIds, { error: `must be one of: ${workflowIds.join(', ')}` }), { error: 'must be a list of workflow ids' })
      .max(workflowIds.length * 2)
      .transform(normalizeWorkflows),
  })
  .partial()
  .strict();

export type SetupPatch = z.infer<typeof setupPatchSchema>;

export type Setup = {
  id: string;
  name: string;
  tenant: string;
  /** The tenant GUID, from the input when it is one, else resolved by discovery. */
  tenantId: string | null;
  cloud: z.infer<typeof cloudIdSchema>;
  clientId: string;
  secretExpiresOn: string | null;
  sampleUpn: string;
  mapping: Mapping;
  /** What the admin will run with this app; decides the Graph permissions it needs. */
  workflows: WorkflowId[];
  createdAt: string;
  updatedAt: string;
};
