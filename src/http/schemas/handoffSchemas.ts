import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';

/** An agent's presence. */
export const presenceSchema = z.enum(['available', 'busy', 'away', 'offline']);

/** Where a handoff stands. */
export const handoffStateSchema = z.enum(['queued', 'assigned', 'waiting', 'wrapUp', 'closed']);

/** How a queue hands conversations out: offered to one agent (`push`) or picked by any (`pick`). */
export const distributionSchema = z.enum(['push', 'pick']);

/** Body of `PUT /api/agent/presence` and `PUT /api/supervisor/agents/:id/presence`. */
export const presenceChangeSchema = z.strictObject({ presence: presenceSchema }).meta({ id: 'PresenceChange' });

/** An agent's presence and load: `offline` and idle when never set. */
export const presenceAnswerSchema = z
  .object({ presence: presenceSchema, capacity: z.number().int(), load: z.number().int().describe('capacity units in use') })
  .meta({ id: 'AgentPresence', description: 'An agent’s presence and load: `offline` and idle when never set.' });

/** Body of the transfer routes: another queue, a named agent, or both. */
export const transferSchema = z
  .strictObject({
    queueId: z.string().trim().min(1).max(63).optional(),
    agentId: z.string().trim().min(1).max(128).optional(),
    note: z.string().max(2000).optional().describe('for whoever takes it; kept in `notes`'),
  })
  .meta({ id: 'HandoffTransfer', description: 'Where a conversation goes: another queue, a named agent, or both (the agent gets it first). At least one of `queueId` and `agentId`.' });

/** Body of `POST /api/supervisor/conversations/:id/assign`. */
export const assignSchema = z.strictObject({ agentId: z.string().trim().min(1).max(128) });

/** The handoff id in a path: the record's id, from the conversation list, the overview or the event stream. */
export const handoffIdParamsSchema = z.object({ id: z.string().describe('the handoff id') });

/** A conversation handed to people, as screens show it. */
export const conversationViewSchema = z
  .object({
    id: z.string().describe('the handoff id, the same on every server instance'),
    channelId: z.string(),
    conversationId: z.string(),
    state: handoffStateSchema,
    cycle: z.number().int().min(1).describe('1 for the first handoff of the conversation, +1 for each later one'),
    customer: z.object({ id: z.string(), name: z.string().optional(), pictureUrl: z.string().optional(), language: z.string().optional(), contactId: z.string().optional() }),
    lineAccountId: z.string().optional().describe('the LINE channel account (LINE conversations only)'),
    language: z.string(),
    skill: z.string(),
    topic: z.string().optional(),
    reason: z.string().describe('why the customer was handed over: `customerAsked`, `notHelpful` or `notUnderstood`'),
    summary: z.string().describe('the bot’s summary: the customer’s last texts'),
    workstreamId: z.string(),
    queue: z.object({ id: z.string(), name: z.string(), distribution: distributionSchema.optional().describe('absent when the queue was deleted since') }),
    requiredSkills: z.array(z.string()),
    priority: z.number(),
    agentId: z.string().optional().describe('the agent serving it (assigned, waiting, wrapUp) or who served it last (closed)'),
    offeredAgentId: z.string().optional().describe('the agent it is offered to and not yet accepted by (queued only)'),
    offerDeadline: z.string().optional().describe('ISO time by which the offered agent must accept'),
    requestedAt: z.string(),
    queuedAt: z.string().describe('when it entered its current queue; the wait counts from here'),
    assignedAt: z.string().optional(),
    endedAt: z.string().optional(),
    closedAt: z.string().optional(),
    closeReason: z.enum(['agent', 'customerCancelled', 'outOfHours', 'inactivity', 'supervisor', 'customerLeft', 'accountRemoved']).optional(),
    lastMessageAt: z.string(),
    waitSeconds: z.number().int().min(0).optional().describe('seconds waited so far in the queue (queued only)'),
    unread: z.number().int().min(0).describe('customer messages the serving agent has not read'),
    notes: z.array(z.object({ at: z.string(), byUserId: z.string(), text: z.string() })),
  })
  .meta({
    id: 'HandoffConversationView',
    description:
      'A conversation handed to people, as screens show it. States: `queued` (waiting for an agent, possibly offered to one), `assigned`, `waiting` (the agent stepped away; queued again for them when the customer writes), `wrapUp` (ended; the agent finishes notes), `closed`. Times are ISO 8601; fields without a value are left out.',
  });

/** `GET /api/agent/conversations`. */
export const conversationListSchema = z.object({ items: z.array(conversationViewSchema) });

/** The supervisor's real-time overview. */
export const overviewSchema = z
  .object({
    at: z.string(),
    queues: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        distribution: distributionSchema,
        open: z.boolean().describe('within operating hours now'),
        waiting: z.number().int().describe('queued conversations, offered or not'),
        offered: z.number().int(),
        assigned: z.number().int(),
        longestWaitSeconds: z.number().int(),
        serviceLevel: z.number().min(0).max(1).nullable().describe('share of the last day’s assignments made within 60 seconds of queueing; null without assignments'),
      }),
    ),
    agents: z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        presence: presenceSchema,
        capacity: z.number().int(),
        load: z.number().int().describe('capacity units in use (offers, assignments, wrap-ups); may exceed capacity after a supervisor’s assignment'),
        queueIds: z.array(z.string()),
        conversations: z.number().int().describe('open conversations the agent serves'),
      }),
    ),
    conversations: z.array(conversationViewSchema),
  })
  .meta({ id: 'HandoffOverview', description: 'The supervisor’s real-time overview: every queue, every agent with a profile, every open (not closed) conversation.' });

/** `GET /api/agent/directory`: every queue and agent, the targets of a transfer. */
export const directorySchema = z.object({
  queues: z.array(z.object({ id: z.string(), name: z.string(), distribution: distributionSchema, languages: z.array(z.string()) })),
  agents: z.array(z.object({ id: z.string(), displayName: z.string(), presence: presenceSchema, languages: z.array(z.string()), queueIds: z.array(z.string()) })),
});

/** A canned response as an agent gets it; for a conversation, `text` is filled in and `template` is as written. */
export const agentCannedResponseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    text: z.string(),
    template: z.string().optional().describe('the text as written, with its `{CustomerName}`, `{AgentName}`, `{QueueName}` (for a conversation only)'),
    language: z.enum(SUPPORTED_LANGUAGES).optional(),
    tags: z.array(z.string()),
  })
  .meta({ id: 'AgentCannedResponse' });

/** The canned-response searches' answer. */
export const cannedResponseListSchema = z.object({ items: z.array(agentCannedResponseSchema) });

/** `q` of the searches: words (lower-cased; `#tag` counts as `tag`). */
export const searchQuerySchema = z.object({ q: z.string().optional().describe('every word must match; `#tag` matches a tag') });

/** Query of `GET /api/agent/canned-responses`. */
export const cannedResponseQuerySchema = searchQuerySchema.extend({ language: z.string().optional().describe('responses without a language always match') });
