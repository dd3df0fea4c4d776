import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import type { Role } from '../auth/roles';
import type { ConfigItemCollection } from '../handoff/config/configItemCollection';
import { HandoffConfigExistsError, HandoffConfigNotFoundError, QueueInUseError, UnknownQueueError, type HandoffConfigKind } from '../handoff/config/handoffConfigErrors';
import type { CannedResponse } from '../handoff/config/handoffConfigModel';
import type { HandoffConfigRepository } from '../handoff/config/handoffConfigRepository';
import {
  agentProfileReplacementSchema,
  agentProfileSchema,
  cannedResponseReplacementSchema,
  cannedResponseSchema,
  queueReplacementSchema,
  queueSchema,
  routingRuleReplacementSchema,
  routingRuleSchema,
  workstreamReplacementSchema,
  workstreamSchema,
} from '../handoff/config/handoffConfigSchemas';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** How one kind of configuration is served under `/api/admin/<path>`. */
interface ConfigResource<T extends { readonly id: string }> {
  readonly path: string;
  readonly kind: HandoffConfigKind;
  readonly collection: ConfigItemCollection<T>;
  readonly newSchema: z.ZodType<T>;
  readonly replacementSchema: z.ZodType<Omit<T, 'id'> & { readonly id?: string | undefined }>;
  /** The item a `PUT` to `/:id` stores. */
  withId(id: string, body: Omit<T, 'id'>): T;
  create(item: T): Promise<T>;
  replace(item: T): Promise<T>;
  delete(id: string): Promise<void>;
  /** Roles that may read; only admins write. */
  readonly readRoles: readonly Role[];
}

/**
 * The admin API for what routing is configured with: `/api/admin/queues`, `/api/admin/routing-rules`,
 * `/api/admin/agents`, `/api/admin/workstreams`, `/api/admin/canned-responses`, each with POST (201), GET, and GET/PUT/DELETE `/:id`.
 * Admins only, except that supervisors may read queues and agents. Answers 400 naming the field,
 * 404, and 409 for an id that is taken or a queue still in use.
 *
 * @example registerAdminHandoffConfigRoutes(server, await HandoffConfigRepository.open(store), authorizer);
 */
export function registerAdminHandoffConfigRoutes(server: Server, config: HandoffConfigRepository, authorizer: RequestAuthorizer): void {
  registerResource(server, authorizer, {
    path: 'queues',
    kind: 'queue',
    collection: config.queues,
    newSchema: queueSchema,
    replacementSchema: queueReplacementSchema,
    withId: (id, body) => ({ ...body, id }),
    create: (item) => config.createQueue(item),
    replace: (item) => config.replaceQueue(item),
    delete: (id) => config.deleteQueue(id),
    readRoles: ['admin', 'supervisor'],
  });
  registerResource(server, authorizer, {
    path: 'routing-rules',
    kind: 'routing rule',
    collection: config.rules,
    newSchema: routingRuleSchema,
    replacementSchema: routingRuleReplacementSchema,
    withId: (id, body) => ({ ...body, id }),
    create: (item) => config.createRule(item),
    replace: (item) => config.replaceRule(item),
    delete: (id) => config.rules.delete(id),
    readRoles: ['admin'],
  });
  registerResource(server, authorizer, {
    path: 'agents',
    kind: 'agent profile',
    collection: config.agents,
    newSchema: agentProfileSchema,
    replacementSchema: agentProfileReplacementSchema,
    withId: (id, body) => ({ ...body, id }),
    create: (item) => config.createAgent(item),
    replace: (item) => config.replaceAgent(item),
    delete: (id) => config.agents.delete(id),
    readRoles: ['admin', 'supervisor'],
  });
  registerResource(server, authorizer, {
    path: 'workstreams',
    kind: 'workstream',
    collection: config.workstreams,
    newSchema: workstreamSchema,
    replacementSchema: workstreamReplacementSchema,
    withId: (id, body) => ({ ...body, id }),
    create: (item) => config.workstreams.create(item),
    replace: (item) => config.workstreams.replace(item),
    delete: (id) => config.workstreams.delete(id),
    readRoles: ['admin'],
  });
  registerResource(server, authorizer, {
    path: 'canned-responses',
    kind: 'canned response',
    collection: config.cannedResponses,
    newSchema: cannedResponseSchema as z.ZodType<CannedResponse>,
    replacementSchema: cannedResponseReplacementSchema as z.ZodType<Omit<CannedResponse, 'id'> & { readonly id?: string | undefined }>,
    withId: (id, body) => ({ ...body, id }),
    create: (item) => config.cannedResponses.create(item),
    replace: (item) => config.cannedResponses.replace(item),
    delete: (id) => config.cannedResponses.delete(id),
    readRoles: ['admin', 'supervisor'],
  });
}

function registerResource<T extends { readonly id: string }>(server: Server, authorizer: RequestAuthorizer, resource: ConfigResource<T>): void {
  const base = `/api/admin/${resource.path}`;
  const guard = (roles: readonly Role[], handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await authorizer.authorize(req, roles);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    try {
      await handler(req, res);
    } catch (error) {
      sendConfigError(res, error);
    }
  };
  const idOf = (req: Request): string => String(req.params.id);

  server.post(base, guard(['admin'], async (req, res) => {
    const item = await readValidJson(req, res, resource.newSchema);
    if (!item) return;
    res.send(201, await resource.create(item));
  }));

  server.get(base, guard(resource.readRoles, async (_req, res) => {
    res.send(200, { items: await resource.collection.list() });
  }));

  server.get(`${base}/:id`, guard(resource.readRoles, async (req, res) => {
    const item = await resource.collection.get(idOf(req));
    if (!item) throw new HandoffConfigNotFoundError(resource.kind, idOf(req));
    res.send(200, item);
  }));

  server.put(`${base}/:id`, guard(['admin'], async (req, res) => {
    const body = await readValidJson(req, res, resource.replacementSchema);
    if (!body) return;
    const id = idOf(req);
    if (body.id !== undefined && body.id !== id) return void res.send(400, { message: `id: must be '${id}', as in the path; an id cannot change`, field: 'id' });
    res.send(200, await resource.replace(resource.withId(id, body)));
  }));

  server.del(`${base}/:id`, guard(['admin'], async (req, res) => {
    await resource.delete(idOf(req));
    res.send(204);
  }));
}

function sendConfigError(res: Response, error: unknown): void {
  if (error instanceof UnknownQueueError) {
    res.send(400, { message: `${error.field}: ${error.message}`, field: error.field });
  } else if (error instanceof HandoffConfigNotFoundError) {
    res.send(404, { message: error.message });
  } else if (error instanceof HandoffConfigExistsError) {
    res.send(409, { message: error.message, code: error.code });
  } else if (error instanceof QueueInUseError) {
    res.send(409, { message: error.message, code: error.code, usedBy: { routingRules: error.routingRuleIds, agents: error.agentIds } });
  } else {
    throw error;
  }
}
