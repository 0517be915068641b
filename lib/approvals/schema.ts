import { z } from 'zod';

export const APPROVAL_EXPIRY_DAYS = [1, 7, 30] as const;

export const createApprovalSchema = z
  .object({
    requestedBy: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'is required: the approver sees who asks')
      .max(120, 'at most 120 characters')
      .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters'),
    expiresInDays: z.literal(APPROVAL_EXPIRY_DAYS, { error: 'must be 1, 7 or 30 (days)' }).default(7),
    observed: z
      .object({
        signInAudience: z.enum(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']).optional(),
        configuredPermissions: z.array(z.string().regex(/^[A-Za-z.]{3,80}$/, 'must be a permission name')).max(100).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
