import { z } from 'zod';

const graphErrorBodySchema = z.object({
  error: z
    .object({
      code: z.string(),
      message: z.string().optional(),
      innerError: z
        .object({
          date: z.string().optional(),
          'request-id': z.string().optional(),
          'client-request-id': z.string().optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
});

export type GraphError = {
  code: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
};

/** Parses Graph's `{error:{code,message,innerError:{date,request-id,client-request-id?}}}` envelope. */
export function parseGraphError(bodyText: string): GraphError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = graphErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  const inner = e.innerError;
  return {
    code: e.code,
    ...(e.message && { message: e.message }),
    ...(inner?.['request-id'] && { requestId: inner['request-id'] }),
    ...(inner?.['client-request-id'] && { clientRequestId: inner['client-request-id'] }),
    ...(inner?.date && { date: inner.date }),
  };
}

/** Plain words and a fix for the Graph errors a setup meets. */
export function explainGraphError(status: number, error: GraphError | undefined): { summary: string; fix: string } {
  const code = error?.code ?? '';
  if (status === 403 || code === 'Authorization_RequestDenied') {
    return {
      summary: 'Microsoft Graph refused the call: the app lacks the permission for it ("Insufficient privileges").',
      fix: 'Add the Microsoft Graph permission as an Application permission, then select "Grant admin consent" on the API permissions page.',
    };
  }
  if (status === 401 || code === 'InvalidAuthenticationToken') {
    return {
      summary: 'Microsoft Graph did not accept the access token.',
      fix: 'Check that the Scope and the cloud match (the token must be for this cloud\'s Graph), then run the check again.',
    };
  }
  if (status === 404 || code === 'Request_ResourceNotFound') {
    return { summary: 'Microsoft Graph found no such object.', fix: 'Check the value you entered.' };
  }
  if (status === 429) {
    return { summary: 'Microsoft Graph is throttling this app (HTTP 429).', fix: 'Wait a minute and run the check again.' };
  }
  if (status >= 500) {
    return {
      summary: `Microsoft Graph had a problem (HTTP ${status}).`,
      fix: 'This is on Microsoft\'s side or the network\'s. Run the check again in a few minutes; see the Microsoft 365 service health page if it persists.',
    };
  }
  return { summary: `Microsoft Graph refused the request (HTTP ${status}${code ? `, ${code}` : ''}).`, fix: 'See Microsoft\'s message below.' };
}
