import 'server-only';
import { z } from 'zod';

const perMinute = (d: number) => z.coerce.number().int().min(1).max(1_000_000).default(d);

const limitsSchema = z.object({
  RATE_LIMIT_VALIDATIONS_PER_IP: perMinute(60),
  RATE_LIMIT_VALIDATIONS_PER_SETUP: perMinute(30),
  RATE_LIMIT_VALIDATIONS_TOTAL: perMinute(1200),
  RATE_LIMIT_SETUPS_PER_IP: perMinute(30),
  RATE_LIMIT_SETUPS_TOTAL: perMinute(300),
  RATE_LIMIT_SHARE_LOOKUPS_PER_IP: perMinute(60),
  RATE_LIMIT_ADMIN_LOGINS_PER_IP: perMinute(10),
  RATE_LIMIT_ADMIN_LOGINS_TOTAL: perMinute(30),
  /** Reverse proxies in front of the wizard that append to X-Forwarded-For (0: none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
});

export type Limits = z.infer<typeof limitsSchema>;

let cached: Limits | undefined;

/** Abuse limits per minute (see README, "Security"). Read once; a bad value stops the start like any setting. */
export function limits(): Limits {
  if (!cached) {
    const parsed = limitsSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid rate limit configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    }
    cached = parsed.data;
  }
  return cached;
}
