import { z } from 'zod';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { openApiFromContracts } from './api/openApiGenerator';
import { legacyOpenApiDocument } from './openApiDocument';

/** `GET /api/openapi.json`. */
export const openApiDescription = apiContract({
  method: 'get', path: '/api/openapi.json', tags: ['meta'], access: 'public',
  summary: 'This description (OpenAPI 3.1), generated from the routes’ own schemas',
  responses: { 200: { description: 'the OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
});

/**
 * Serves the OpenAPI document of every route registered on `api`, generated when first asked (all routes are
 * registered by then).
 *
 * @example registerOpenApiRoute(api, () => publicUrl);
 */
export function registerOpenApiRoute(api: ApiRouter, publicUrl: () => string): void {
  let document: Record<string, unknown> | undefined;
  api.route(openApiDescription, async () => {
    document ??= openApiDocument(api, publicUrl());
    return { status: 200, body: document };
  });
}

function openApiDocument(api: ApiRouter, serverUrl: string): Record<string, unknown> {
  const generated = openApiFromContracts(api.contracts, {
    title: 'line-omnichannel',
    version: '0.1.0',
    description: 'Customer service for LINE on Bot Framework: webhooks, Bot Framework endpoint, administration, handoff to people (agent and supervisor API, live events).',
    publicUrl: serverUrl,
  }) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
  const legacy = legacyOpenApiDocument(serverUrl);
  const paths: Record<string, Record<string, unknown>> = { ...legacy.paths };
  for (const [path, operations] of Object.entries(generated.paths)) {
    // A route declared by its contract must not keep a hand-written description that could say otherwise.
    const stale = Object.keys(operations).filter((method) => paths[path]?.[method] !== undefined);
    if (stale.length > 0) throw new Error(`${stale.join(', ')} ${path} is declared by a contract and still described in openApiDocument.ts`);
    paths[path] = { ...paths[path], ...operations };
  }
  return {
    ...generated,
    components: {
      securitySchemes: { ...legacy.components.securitySchemes, ...generated.components.securitySchemes },
      schemas: { ...legacy.components.schemas, ...generated.components.schemas },
    },
    paths,
  };
}
