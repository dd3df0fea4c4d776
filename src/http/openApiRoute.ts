import { z } from 'zod';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { openApiFromContracts } from './api/openApiGenerator';

/** `GET /api/openapi.json`. */
export const openApiDescription = apiContract({
  method: 'get', path: '/api/openapi.json', tags: ['meta'], access: 'public',
  summary: 'This description (OpenAPI 3.1), generated from the routes’ own schemas',
  responses: { 200: { description: 'the OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
});

/**
 * Serves the OpenAPI document of every route registered on `api`, generated from their contracts when first asked
 * (every route is registered by then). Nothing of it is written by hand, so it cannot say other than the routes do.
 *
 * @example registerOpenApiRoute(api, () => publicUrl);
 */
export function registerOpenApiRoute(api: ApiRouter, publicUrl: () => string): void {
  let document: Record<string, unknown> | undefined;
  api.route(openApiDescription, async () => {
    document ??= openApiFromContracts(api.contracts, {
      title: 'line-omnichannel',
      version: '0.1.0',
      description: 'Customer service for LINE on Bot Framework: webhooks, Bot Framework endpoint, administration, handoff to people (agent and supervisor API, live events).',
      publicUrl: publicUrl(),
    });
    return { status: 200, body: document };
  });
}
