import { z } from 'zod';
import type { ApiContract, ApiResponseSpec, RawBodySpec } from './apiContract';
import { errorBodySchema } from './commonSchemas';

type JsonSchema = Record<string, unknown>;

/** Statuses every authorized route may answer besides its own, with what they mean. */
const SHARED_REFUSALS: Readonly<Record<number, string>> = { 401: 'missing, invalid or expired token', 403: 'the caller lacks the role' };

/** What the generated document says about the API as a whole. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  /** The server's public address, the document's only `servers` entry. */
  readonly publicUrl: string;
}

/**
 * The OpenAPI 3.1 document of the registered routes, generated from their contracts — the same zod schemas that
 * validate requests and serialise answers — so the document cannot drift from what the server does. Schemas given an
 * `id` (`schema.meta({ id: 'User' })`) become named components; the rest are inline.
 *
 * @example openApiFromContracts(api.contracts, { title: 'LINE customer service', version: '1', description: '…', publicUrl });
 */
export function openApiFromContracts(contracts: readonly ApiContract[], info: OpenApiInfo): JsonSchema {
  const components = new ComponentSchemas();
  const errorRef = components.add(errorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const contract of contracts) {
    const path = contract.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operations = (paths[path] ??= {});
    if (operations[contract.method]) throw new Error(`two routes declare ${contract.method.toUpperCase()} ${path}`);
    operations[contract.method] = operationOf(contract, components, errorRef);
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.publicUrl }],
    components: {
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', description: 'a login token from POST /api/auth/login' },
        adminApiKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY: every role' },
      },
      schemas: components.all(),
    },
    paths,
  };
}

function operationOf(contract: ApiContract, components: ComponentSchemas, errorRef: JsonSchema): JsonSchema {
  const authorized = contract.access !== 'public';
  const roles = contract.access === 'public' ? 'Public.' : `Roles: ${contract.access.roles.join(', ')}${contract.access.usersOnly ? ' (a logged-in user; not the API key)' : ''}.`;
  const declared = parametersOf(contract.params, 'path', components);
  const parameters = [...declared, ...undeclaredPathParameters(contract.path, declared), ...parametersOf(contract.query, 'query', components)];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(contract.responses) as [string, ApiResponseSpec][]) responses[status] = responseOf(spec, components);
  const errorContent = { 'application/json': { schema: errorRef } };
  if (contract.params || contract.query || (contract.body && !isRaw(contract.body))) responses['400'] ??= { description: 'a field is invalid (`field` names it)', content: errorContent };
  if (authorized) for (const [status, description] of Object.entries(SHARED_REFUSALS)) responses[status] ??= { description, content: errorContent };
  return {
    summary: contract.summary,
    description: [contract.description, roles].filter(Boolean).join('\n\n'),
    tags: [...contract.tags],
    ...(contract.access === 'public' ? {} : { security: [{ sessionToken: [] }, ...(contract.access.usersOnly ? [] : [{ adminApiKey: [] }])] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body ? { requestBody: requestBodyOf(contract.body, components) } : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', components: ComponentSchemas): JsonSchema[] {
  if (!schema) return [];
  const json = components.inline(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** Path parameters a route reads itself without a schema (a raw-body route that must stay lean): plain strings. */
function undeclaredPathParameters(path: string, declared: readonly JsonSchema[]): JsonSchema[] {
  const names = new Set(declared.map((parameter) => parameter.name));
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '').filter((name) => !names.has(name)).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function requestBodyOf(body: z.ZodType | RawBodySpec, components: ComponentSchemas): JsonSchema {
  if (isRaw(body)) return { required: true, description: body.description, content: Object.fromEntries(body.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) };
  return { required: true, content: { 'application/json': { schema: components.inline(body, 'input') } } };
}

function responseOf(spec: ApiResponseSpec, components: ComponentSchemas): JsonSchema {
  const headers = spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  const eventData = spec.eventDataSchema ? { 'x-event-data': components.inline(spec.eventDataSchema, 'output') } : {};
  const content = spec.schema ? { 'application/json': { schema: components.inline(spec.schema, 'output') } } : spec.contentType ? { [spec.contentType]: { schema: { type: 'string' }, ...eventData } } : undefined;
  return { description: spec.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

function isRaw(body: z.ZodType | RawBodySpec): body is RawBodySpec {
  return (body as RawBodySpec).raw === true;
}

/**
 * JSON Schemas of zod schemas, with every schema that has an `id` moved to `components.schemas` and referred to. The
 * input and output forms of a schema can differ (defaults make a field optional in input); a differing input form is
 * named `<id>Input`.
 */
class ComponentSchemas {
  private readonly named = new Map<string, JsonSchema>();

  inline(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', override: describeDates }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    const renamed = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) renamed.set(id, this.store(id, def, io));
    // A schema with an `id` comes back as a `$ref` to its own definition, which is now a component.
    return rewriteRefs(json, renamed) as JsonSchema;
  }

  add(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    return this.inline(schema, io);
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.named.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private store(id: string, json: JsonSchema, io: 'input' | 'output'): string {
    const existing = this.named.get(id);
    if (existing === undefined || sameJson(existing, json)) {
      this.named.set(id, json);
      return id;
    }
    const alternative = io === 'input' ? `${id}Input` : `${id}Output`;
    const other = this.named.get(alternative);
    if (other !== undefined && !sameJson(other, json)) throw new Error(`two different schemas are named ${id}`);
    this.named.set(alternative, json);
    return alternative;
  }
}

function rewriteRefs(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renamed));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
        const id = item.slice('#/$defs/'.length);
        return [key, `#/components/schemas/${renamed.get(id) ?? id}`];
      }
      return [key, rewriteRefs(item, renamed)];
    }),
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Dates travel as ISO strings. */
function describeDates(context: { zodSchema: { _zod: { def: { type: string } } }; jsonSchema: Record<string, unknown> }): void {
  if (context.zodSchema._zod.def.type === 'date') {
    context.jsonSchema.type = 'string';
    context.jsonSchema.format = 'date-time';
  }
}
