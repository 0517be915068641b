import { z } from 'zod';

export const severities = ['info', 'warning', 'critical', 'resolved'] as const;

/**
 * Something a setup's people should hear about. `key` de-duplicates: the same key is never sent twice to a
 * channel (a secret's 30-day notice, one run's failure). Without a key every call is a new notice.
 */
export const notifyEventSchema = z.object({
  kind: z.string().min(1).max(80),
  severity: z.enum(severities),
  title: z.string().min(1).max(200),
  cause: z.string().max(2000),
  fix: z.string().max(2000),
  step: z.string().max(80).optional(),
  check: z.string().max(120).optional(),
  key: z.string().min(1).max(200).optional(),
  /** Which of the setup's pages the message links to (its button): the status page unless the fix is elsewhere. */
  page: z.enum(['status', 'rotate']).optional(),
});

export type NotifyEvent = z.infer<typeof notifyEventSchema>;
export type Severity = NotifyEvent['severity'];
