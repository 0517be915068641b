import { z } from 'zod';
import { checkStatuses, type CheckResult, type CheckStatus, type CheckTable, type Evidence } from './result';

/** Schemas that read stored check results back (validation runs, analyses); they match the types in result.ts. */
export const checkStatusSchema = z.enum(checkStatuses as [CheckStatus, ...CheckStatus[]]);

export const evidenceSchema = z.object({
  code: z.string().optional(),
  httpStatus: z.number().optional(),
  traceId: z.string().optional(),
  correlationId: z.string().optional(),
  requestId: z.string().optional(),
  timestamp: z.string().optional(),
  message: z.string().optional(),
  retries: z.string().optional(),
}) satisfies z.ZodType<Evidence>;

export const checkTableSchema = z.object({
  caption: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string().nullable())),
}) satisfies z.ZodType<CheckTable>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  summary: z.string(),
  detail: z.string().optional(),
  remediation: z.string().optional(),
  evidence: evidenceSchema.optional(),
  table: checkTableSchema.optional(),
  durationMs: z.number(),
}) satisfies z.ZodType<CheckResult>;
