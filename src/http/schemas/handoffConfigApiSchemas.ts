import { z } from 'zod';
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
} from '../../handoff/config/handoffConfigSchemas';

/**
 * One kind of routing configuration on the wire: the body that creates an item, the body of a `PUT` (the id may be left
 * out), and the item as answered (unknown keys dropped).
 */
export interface ConfigItemSchemas<New extends z.ZodObject, Replacement extends z.ZodObject, Item extends z.ZodObject> {
  readonly create: New;
  readonly replacement: Replacement;
  readonly item: Item;
  readonly list: z.ZodObject<{ items: z.ZodArray<Item> }>;
}

function itemSchemas<New extends z.ZodObject, Replacement extends z.ZodObject>(name: string, create: New, replacement: Replacement): ConfigItemSchemas<New, Replacement, z.ZodObject<New['shape']>> {
  const item = z.object(create.shape).meta({ id: name }) as z.ZodObject<New['shape']>;
  return { create: create.meta({ id: `New${name}` }), replacement: replacement.meta({ id: `${name}Replacement` }), item, list: z.object({ items: z.array(item) }) };
}

/** `/api/admin/queues`. */
export const queueApiSchemas = itemSchemas('HandoffQueue', queueSchema, queueReplacementSchema);
/** `/api/admin/routing-rules`. */
export const routingRuleApiSchemas = itemSchemas('RoutingRule', routingRuleSchema, routingRuleReplacementSchema);
/** `/api/admin/agents`. */
export const agentProfileApiSchemas = itemSchemas('AgentProfile', agentProfileSchema, agentProfileReplacementSchema);
/** `/api/admin/workstreams`. */
export const workstreamApiSchemas = itemSchemas('Workstream', workstreamSchema, workstreamReplacementSchema);
/** `/api/admin/canned-responses`. */
export const cannedResponseApiSchemas = itemSchemas('CannedResponse', cannedResponseSchema, cannedResponseReplacementSchema);

/** The `:id` of a configuration item's routes. */
export const configItemParamsSchema = z.object({ id: z.string() });

/** The 409 of deleting a queue still in use: what uses it. */
export const queueInUseSchema = z.object({
  message: z.string(),
  code: z.literal('queue_in_use'),
  usedBy: z.object({ routingRules: z.array(z.string()), agents: z.array(z.string()) }),
});
