import { z } from 'zod';

/** Entra ID's OAuth error body (token and discovery endpoints). */
const entraErrorBodySchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
  timestamp: z.string().optional(),
  trace_id: z.string().optional(),
  correlation_id: z.string().optional(),
  error_uri: z.string().optional(),
  suberror: z.string().optional(),
});

export type EntraError = {
  error: string;
  /** The AADSTS number, from `error_codes[0]` or else the `AADSTSnnnn:` prefix. */
  code?: number;
  /** Microsoft's sentence(s), without the AADSTS prefix and without the Trace ID / Correlation ID / Timestamp trailer. */
  description?: string;
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
  errorUri?: string;
};

/** Parses an Entra error body; undefined when the text is not one (an HTML proxy page, empty body…). */
export function parseEntraError(bodyText: string): EntraError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = entraErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  const raw = body.error_description ?? '';
  const prefixed = raw.match(/^AADSTS(\d+):\s*/);
  const code = body.error_codes?.[0] ?? (prefixed ? Number(prefixed[1]) : undefined);
  // Both layouts: "…\r\nTrace ID: …" (older) and "… Trace ID: …" on one line (newer).
  const description = raw
    .replace(/^AADSTS\d+:\s*/, '')
    .replace(/\s*Trace ID:[\s\S]*$/, '')
    .trim();
  return {
    error: body.error,
    ...(code !== undefined && { code }),
    ...(description && { description }),
    ...(body.trace_id && { traceId: body.trace_id }),
    ...(body.correlation_id && { correlationId: body.correlation_id }),
    ...(body.timestamp && { timestamp: body.timestamp }),
    ...(body.error_uri && { errorUri: body.error_uri }),
  };
}

type AadstsExplanation = {
  /** One line for the check summary. */
  summary: string;
  /** What the admin does, in plain words. */
  fix: string;
};

/**
 * Plain explanations of the AADSTS codes a setup meets (DOMAIN.md §2). Context is what the wizard was
 * doing when the code came back, so the explanation can name the field to correct.
 */
export function explainAadsts(code: number | undefined, ctx: { cloudLabel: string }): AadstsExplanation | undefined {
  switch (code) {
    case 90002:
      return {
        summary: `Entra ID does not know this tenant in the ${ctx.cloudLabel} cloud.`,
        fix: `Check the Directory (tenant) ID: copy it from the app's Overview page. If it is right, the tenant is in another cloud (US Government or China): choose that cloud.`,
      };
    case 900023:
      return {
        summary: 'The tenant identifier is malformed.',
        fix: 'Paste the Directory (tenant) ID GUID, or a verified domain such as contoso.onmicrosoft.com.',
      };
    case 700016:
      return {
        summary: 'No app with this Application (client) ID exists in this tenant.',
        fix: 'Copy the Application (client) ID (not the Object ID) from the app\'s Overview page, and check that the app was registered in this tenant.',
      };
    case 7000215:
      return {
        summary: 'The client secret is wrong.',
        fix: 'Copy the secret\'s Value column (not the Secret ID). If the Value is no longer shown, create a new client secret and copy its Value at once.',
      };
    case 7000222:
      return {
        summary: 'The client secret has expired.',
        fix: 'Create a new client secret in Certificates & secrets, paste its Value here, and update it in Nexthink\'s connector credentials and inbound connector too.',
      };
    case 7000229:
      return {
        summary: 'The app has no service principal (enterprise application) in this tenant.',
        fix: 'Open API permissions and select "Grant admin consent", which creates it; or create it with New-MgServicePrincipal -AppId <client ID>.',
      };
    case 7000112:
      return {
        summary: 'The application is disabled.',
        fix: 'In Enterprise applications, open the app\'s Properties and set "Enabled for users to sign-in?" to Yes.',
      };
    case 7000218:
      return {
        summary: 'The request carried no client secret.',
        fix: 'Paste the client secret Value.',
      };
    case 70011:
    case 1002012:
      return {
        summary: 'The scope is not valid for this token request.',
        fix: 'Use exactly the Scope the wizard shows (the cloud\'s Graph host followed by /.default).',
      };
    case 500011:
      return {
        summary: 'Microsoft Graph of this cloud is not a resource in this tenant.',
        fix: 'The Scope names another cloud\'s Graph. Choose the tenant\'s cloud and use the Scope the wizard shows.',
      };
    case 900382:
      return {
        summary: 'The tenant belongs to another cloud than the one the request went to.',
        fix: 'Choose the tenant\'s cloud (US Government or China) in step 1: sovereign-cloud apps only get tokens from their own cloud.',
      };
    case 650057:
      return {
        summary: 'The permission is not configured on the app.',
        fix: 'Add the Microsoft Graph permission in API permissions, then grant admin consent.',
      };
    case 700027:
    case 700024:
    case 700021:
    case 5002723:
      return {
        summary: 'A certificate credential was rejected.',
        fix: 'Nexthink connector credentials take a client secret only: create a client secret and use its Value.',
      };
    case 50034:
      return {
        summary: 'The user account does not exist in this tenant.',
        fix: 'Sign in with an account of this tenant.',
      };
    case 90055:
    case 50196:
      return {
        summary: 'Entra ID is throttling requests for this tenant.',
        fix: 'Wait a minute and run the check again.',
      };
    default:
      return undefined;
  }
}
