import { ApiError } from '@/lib/api/errors';
import { handle } from '@/lib/api/http';

/**
 * Any /api path no route claims: a JSON 404 naming it, with the API's security headers (Next.js's own 404
 * would be an HTML page without them). Mutating methods still meet the CSRF check first.
 */
const notFound = handle(async (request: Request) => {
  const { pathname } = new URL(request.url);
  throw new ApiError('not_found:route', `No API endpoint ${request.method} ${pathname}. The endpoints are listed in the README (API).`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
