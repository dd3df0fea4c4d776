import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';
import { handoffStateSchema } from './handoffSchemas';

/** How a message went on LINE: `reply` by a reply token (free), `push` (counts against the monthly quota), or `failed`. */
export const lineDeliverySchema = z.enum(['reply', 'push', 'failed']);

/** An attachment of an activity, as the transcript has it: stickers carry `content`, media `content.lineMessageId`. */
export const transcriptAttachmentSchema = z.looseObject({
  contentType: z.string(),
  contentUrl: z.string().optional(),
  thumbnailUrl: z.string().optional(),
  name: z.string().optional(),
  content: z.unknown().optional(),
});

/**
 * A transcript activity (Bot Framework) with every field it was stored with; the fields screens read are described.
 * On LINE, those agents and notices sent carry `delivery`.
 */
export const transcriptActivitySchema = z
  .looseObject({
    id: z.string().optional(),
    type: z.string(),
    name: z.string().optional(),
    text: z.string().optional(),
    timestamp: dateTimeSchema.optional(),
    from: z.looseObject({ id: z.string().optional(), name: z.string().optional(), role: z.string().optional() }).optional(),
    attachments: z.array(transcriptAttachmentSchema).optional(),
    entities: z.array(z.looseObject({ type: z.string() })).optional(),
    suggestedActions: z.looseObject({ actions: z.array(z.looseObject({ title: z.string().optional(), value: z.unknown().optional() })).optional() }).optional(),
    value: z.unknown().optional(),
    delivery: lineDeliverySchema.optional().describe('how the message went on LINE (agents’ messages and notices)'),
  })
  .meta({ id: 'TranscriptActivity' });

/** What agents and notices sent on LINE in a conversation: `free` by reply token, `paid` by push. */
export const deliveryTotalsSchema = z
  .object({ free: z.number().int(), paid: z.number().int(), agentFree: z.number().int(), agentPaid: z.number().int() })
  .describe('what agents and notices sent on LINE: `free` by reply, `paid` by push (`agentFree`/`agentPaid`: the agents’ share)');

/** `GET /api/agent/conversations/:id/transcript`. */
export const agentTranscriptSchema = z.object({
  items: z.array(transcriptActivitySchema),
  truncated: z.boolean().describe('more activities exist than were returned'),
  delivery: deliveryTotalsSchema,
});

/** `GET /api/transcripts/:channelId/:conversationId`: one page of activities. */
export const transcriptPageSchema = z.object({
  items: z.array(transcriptActivitySchema),
  continuationToken: z.string().nullable().describe('pass it back for the next page; null on the last'),
});

/** One handoff cycle of a past conversation. */
const pastCycleSchema = z.object({
  cycle: z.number().int(),
  state: handoffStateSchema,
  requestedAt: dateTimeSchema,
  closedAt: dateTimeSchema.optional(),
  closeReason: z.string().optional(),
  agentId: z.string().optional(),
  queueId: z.string(),
  wrapUpCode: z.string().optional(),
  rating: z.number().optional(),
});

/** One of the customer's conversations, with its handoff when it had one. */
export const pastConversationSchema = z.object({
  channelId: z.string(),
  conversationId: z.string(),
  customerId: z.string().optional(),
  contactId: z.string().optional(),
  firstActivityAt: dateTimeSchema,
  lastActivityAt: dateTimeSchema,
  activityCount: z.number().int(),
  current: z.boolean().describe('the conversation the history was asked from'),
  handoff: z
    .object({
      id: z.string(),
      state: handoffStateSchema,
      cycles: z.number().int(),
      lastAgentId: z.string().optional(),
      closedAt: dateTimeSchema.optional(),
      closeReason: z.string().optional(),
      cycleList: z.array(pastCycleSchema).describe('each handoff cycle, latest first'),
    })
    .optional(),
});

/** `GET /api/agent/conversations/:id/history`. */
export const pastConversationListSchema = z.object({ items: z.array(pastConversationSchema) });
