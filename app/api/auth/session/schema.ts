import { z } from 'zod';

export const signInBodySchema = z
  .object({ idToken: z.string({ error: 'must be a string' }).min(20, 'is not an ID token').max(16_384, 'is too long for an ID token') })
  .strict();
