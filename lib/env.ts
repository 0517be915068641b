import 'server-only';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://login.microsoftonline.com' })
      .transform((s) => s.replace(/\/+$/, ''))
      .optional(),
  )
  .optional();

const signinClientId = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s.toLowerCase()))
  .pipe(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be the Application (client) ID (a GUID) of the sign-in app').optional())
  .optional();

const envSchema = z
  .object({
    /**
     * `entra`: "Sign in with Microsoft" to the wizard itself; setups belong to the signer's organisation.
     * `none`: no sign-in, a setup's address is its key (needed explicitly to listen beyond this machine).
     * Unset: no sign-in, and `npm start` listens on 127.0.0.1 only.
     */
    WIZARD_AUTH: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s.toLowerCase()))
      .pipe(z.enum(['none', 'entra'], { error: 'must be entra (sign in with Microsoft) or none (no sign-in)' }).optional())
      .optional(),
    /** The cloud of the organisation that signs in to the wizard (WIZARD_AUTH=entra): its sign-in app is used. */
    WIZARD_AUTH_CLOUD: z
      .string()
      .optional()
      .transform((s) => (s === undefined || s.trim() === '' ? 'global' : s.trim().toLowerCase()))
      .pipe(z.enum(['global', 'usgov', 'china'], { error: 'must be global, usgov (US Government: GCC High and DoD) or china (21Vianet)' })),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_PATH: z.string().trim().min(1).default('./data/wizard.db'),
    /** postgres://user:password@host:5432/db switches the store to PostgreSQL (several instances share it); unset, SQLite at DATABASE_PATH. */
    DATABASE_URL: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s))
      .pipe(z.string().regex(/^postgres(?:ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://wizard:password@db:5432/wizard').optional())
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** How long a SIGTERM waits for in-flight requests (validations) before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
    /** `off` stops every notification (nothing is queued or sent; the status page says so). */
    NOTIFICATIONS: z.enum(['on', 'off']).default('on'),
    /** How long an instance holds a notice it is sending; if it dies, another sends it after this. Keep it above the slowest send (15 s). */
    NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    /** The mail server for email notifications: smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465. */
    SMTP_URL: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s))
      .pipe(z.string().regex(/^smtps?:\/\/\S+$/, 'must be an SMTP URL such as smtp://user:password@mail.example.com:587').optional())
      .optional(),
    /** The From: address of email notifications. */
    SMTP_FROM: z.string().trim().default('Entra Setup Wizard <wizard@localhost>'),
    /**
     * Hosts that notification webhooks may reach, comma-separated: exact hosts, `*.suffix` wildcards, `*` for
     * any public host, IP addresses (a host or address listed exactly is allowed even when private; a wildcard
     * never reaches a private address). Replaces the default list.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .trim()
      .default('*.logic.azure.com,*.api.powerplatform.com,hooks.slack.com')
      .transform((s) =>
        s
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** The wizard's address as admins reach it behind a reverse proxy: share links and the CSRF origin check. */
    PUBLIC_URL: optionalUrl,
    ENTRA_LOGIN_URL: optionalUrl,
    GRAPH_API_URL: optionalUrl,
    /** Replace the US Government and China clouds' login host for the server's calls likewise (an emulator, a relay). */
    ENTRA_LOGIN_URL_USGOV: optionalUrl,
    ENTRA_LOGIN_URL_CHINA: optionalUrl,
    /** Replaces every https://*.nexthink.cloud host (emulator, relay): the public host becomes the first path segment. */
    NEXTHINK_API_URL: optionalUrl,
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    UPSTREAM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    UPSTREAM_RETRY_AFTER_CAP_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    /** Unlocks the operator's view of every setup; long enough that guessing it is hopeless. */
    ADMIN_TOKEN: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s))
      .pipe(z.string().min(32, 'must be at least 32 characters (make one with: openssl rand -base64 32), or unset').optional())
      .optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** The sign-in app (an SPA registration, multi-tenant) for "Sign in with Microsoft" in the Global cloud; unset, no sign-in there. */
    ENTRA_SIGNIN_CLIENT_ID: signinClientId,
    /** The sign-in app registered in the US Government cloud (GCC High and DoD), which cannot use a Global cloud app. */
    ENTRA_SIGNIN_CLIENT_ID_USGOV: signinClientId,
    /** The sign-in app registered in the China (21Vianet) cloud. */
    ENTRA_SIGNIN_CLIENT_ID_CHINA: signinClientId,
    /** Replaces the Global cloud's login host for the browser's sign-in (emulator); https only, as msal-browser requires. */
    ENTRA_SIGNIN_AUTHORITY_URL: optionalUrl.refine((s) => s === undefined || s.startsWith('https://'), 'must be an https URL: msal-browser refuses http authorities'),
    /** Replaces the Global cloud's Graph host for the browser's delegated calls (emulator). */
    ENTRA_SIGNIN_GRAPH_URL: optionalUrl,
  })
  .superRefine((e, ctx) => {
    const appVariable = { global: 'ENTRA_SIGNIN_CLIENT_ID', usgov: 'ENTRA_SIGNIN_CLIENT_ID_USGOV', china: 'ENTRA_SIGNIN_CLIENT_ID_CHINA' } as const;
    const variable = appVariable[e.WIZARD_AUTH_CLOUD];
    if (e.WIZARD_AUTH === 'entra' && !e[variable]) {
      ctx.addIssue({
        code: 'custom',
        path: ['WIZARD_AUTH'],
        message: `is entra, which needs the sign-in app${e.WIZARD_AUTH_CLOUD === 'global' ? '' : ` of the ${e.WIZARD_AUTH_CLOUD} cloud (WIZARD_AUTH_CLOUD)`}: set ${variable} to its Application (client) ID (README, "Who can see a setup"), or set WIZARD_AUTH=none to run without sign-in`,
      });
    }
  });

export type ServerEnv = z.infer<typeof envSchema>;

/** Parses configuration from an environment object; throws one readable message listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}\nSee .env.example and the README's Configuration section.`);
  }
  return result.data;
}

let cached: ServerEnv | undefined;

export function env(): ServerEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
