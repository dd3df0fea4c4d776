import type { z } from 'zod';
import type { Role } from '../auth/roles';
import type { ConfigItemCollection } from '../handoff/config/configItemCollection';
import { HandoffConfigNotFoundError, type HandoffConfigKind } from '../handoff/config/handoffConfigErrors';
import type { HandoffConfigRepository } from '../handoff/config/handoffConfigRepository';
import { apiContract, type ApiAccess } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { RequestValidationError } from './api/requestErrors';
import {
  agentProfileApiSchemas,
  cannedResponseApiSchemas,
  configItemParamsSchema,
  queueApiSchemas,
  queueInUseSchema,
  routingRuleApiSchemas,
  workstreamApiSchemas,
  type ConfigItemSchemas,
} from './schemas/handoffConfigApiSchemas';

/** An item's schemas, loosely typed: the repository checks what it stores, the router what goes in and out. */
type AnySchemas = ConfigItemSchemas<z.ZodObject, z.ZodObject, z.ZodObject>;

/** How one kind of configuration is served under `/api/admin/<path>`. */
interface ConfigResource {
  readonly path: string;
  readonly kind: HandoffConfigKind;
  /** The plural the summaries use. */
  readonly what: string;
  readonly schemas: AnySchemas;
  readonly collection: ConfigItemCollection<{ readonly id: string }>;
  create(item: never): Promise<{ readonly id: string }>;
  replace(item: never): Promise<{ readonly id: string }>;
  delete(id: string): Promise<void>;
  /** Roles that may read; only admins write. */
  readonly readRoles: readonly Role[];
}

/**
 * The five contracts of one kind of configuration: `POST /api/admin/<path>` (201), `GET` (the list), and
 * `GET`/`PUT`/`DELETE /api/admin/<path>/:id`.
 *
 * @example configItemContracts('queues', 'queues', queueApiSchemas, ['admin', 'supervisor']).list.path // '/api/admin/queues'
 */
export function configItemContracts(path: string, what: string, schemas: AnySchemas, readRoles: readonly Role[], deleteRefusal?: { readonly description: string; readonly schema?: z.ZodType }) {
  const base = `/api/admin/${path}`;
  const writers: ApiAccess = { roles: ['admin'] };
  const readers: ApiAccess = { roles: readRoles };
  const tags = ['admin', 'routing'];
  const notFound = { description: 'no such item' };
  return {
    create: apiContract({
      method: 'post', path: base, tags, access: writers, summary: `Add one of the ${what}`, body: schemas.create,
      responses: { 201: { description: 'created', schema: schemas.item }, 409: { description: 'an item has this id (`code`: exists)' } },
    }),
    list: apiContract({ method: 'get', path: base, tags, access: readers, summary: `List the ${what}`, responses: { 200: { description: 'every item', schema: schemas.list } } }),
    read: apiContract({ method: 'get', path: `${base}/:id`, tags, access: readers, summary: `Read one of the ${what}`, params: configItemParamsSchema, responses: { 200: { description: 'the item', schema: schemas.item }, 404: notFound } }),
    replace: apiContract({
      method: 'put', path: `${base}/:id`, tags, access: writers, summary: `Replace one of the ${what} (the body’s id, if given, must be the path’s)`,
      params: configItemParamsSchema, body: schemas.replacement,
      responses: { 200: { description: 'the stored item', schema: schemas.item }, 404: notFound },
    }),
    delete: apiContract({
      method: 'delete', path: `${base}/:id`, tags, access: writers, summary: `Delete one of the ${what}`, params: configItemParamsSchema,
      responses: { 204: { description: 'deleted' }, 404: notFound, ...(deleteRefusal ? { 409: deleteRefusal } : {}) },
    }),
  };
}

/**
 * The admin API for what routing is configured with: `/api/admin/queues`, `/api/admin/routing-rules`,
 * `/api/admin/agents`, `/api/admin/workstreams`, `/api/admin/canned-responses`, each with POST (201), GET, and GET/PUT/DELETE `/:id`.
 * Admins only, except that supervisors may read queues, agents and canned responses. Answers 400 naming the field,
 * 404, and 409 for an id that is taken or a queue still in use (with `usedBy`).
 *
 * @example registerAdminHandoffConfigRoutes(api, await HandoffConfigRepository.open(store));
 */
export function registerAdminHandoffConfigRoutes(api: ApiRouter, config: HandoffConfigRepository): void {
  const resources: ConfigResource[] = [
    { path: 'queues', kind: 'queue', what: 'queues', schemas: queueApiSchemas, collection: config.queues, create: (item) => config.createQueue(item), replace: (item) => config.replaceQueue(item), delete: (id) => config.deleteQueue(id), readRoles: ['admin', 'supervisor'] },
    { path: 'routing-rules', kind: 'routing rule', what: 'routing rules (in `order`)', schemas: routingRuleApiSchemas, collection: config.rules, create: (item) => config.createRule(item), replace: (item) => config.replaceRule(item), delete: (id) => config.rules.delete(id), readRoles: ['admin'] },
    { path: 'agents', kind: 'agent profile', what: 'agent profiles', schemas: agentProfileApiSchemas, collection: config.agents, create: (item) => config.createAgent(item), replace: (item) => config.replaceAgent(item), delete: (id) => config.agents.delete(id), readRoles: ['admin', 'supervisor'] },
    { path: 'workstreams', kind: 'workstream', what: 'workstreams', schemas: workstreamApiSchemas, collection: config.workstreams, create: (item) => config.workstreams.create(item), replace: (item) => config.workstreams.replace(item), delete: (id) => config.workstreams.delete(id), readRoles: ['admin'] },
    { path: 'canned-responses', kind: 'canned response', what: 'canned responses (agents read them at /api/agent/canned-responses)', schemas: cannedResponseApiSchemas, collection: config.cannedResponses, create: (item) => config.cannedResponses.create(item), replace: (item) => config.cannedResponses.replace(item), delete: (id) => config.cannedResponses.delete(id), readRoles: ['admin', 'supervisor'] },
  ] as ConfigResource[];
  for (const resource of resources) registerResource(api, resource);
}

function registerResource(api: ApiRouter, resource: ConfigResource): void {
  const inUse = resource.kind === 'queue' ? { description: 'routing rules or agent profiles still name the queue (`usedBy` lists them)', schema: queueInUseSchema } : undefined;
  const contracts = configItemContracts(resource.path, resource.what, resource.schemas, resource.readRoles, inUse);

  api.route(contracts.create, async ({ body }) => ({ status: 201, body: await resource.create(body as never) }));

  api.route(contracts.list, async () => ({ status: 200, body: { items: await resource.collection.list() } }));

  api.route(contracts.read, async ({ params }) => {
    const item = await resource.collection.get(params.id);
    if (!item) throw new HandoffConfigNotFoundError(resource.kind, params.id);
    return { status: 200, body: item };
  });

  api.route(contracts.replace, async ({ params, body }) => {
    const given = (body as { readonly id?: string | undefined }).id;
    if (given !== undefined && given !== params.id) throw new RequestValidationError(`id: must be '${params.id}', as in the path; an id cannot change`, 'id');
    return { status: 200, body: await resource.replace({ ...body, id: params.id } as never) };
  });

  api.route(contracts.delete, async ({ params }) => {
    await resource.delete(params.id);
    return { status: 204 };
  });
}
