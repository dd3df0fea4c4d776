import { z } from 'zod';
import { journalEntrySchema } from './noteSchemas';
import { handoffStateSchema, presenceSchema } from './handoffSchemas';
import { lineDeliverySchema, transcriptAttachmentSchema } from './transcriptSchemas';

/** A message of a conversation with people, either way, as live screens get it. */
export const relayedMessageSchema = z
  .object({
    id: z.string().optional(),
    author: z.enum(['customer', 'agent', 'bot']),
    agentId: z.string().optional().describe('for agent messages'),
    agentName: z.string().optional().describe('for agent messages'),
    clientMessageId: z.string().optional().describe('the id the sending screen gave the message (agent messages): how a screen knows its own message’s echo'),
    text: z.string().optional().describe('for a tapped button, the label the customer saw'),
    attachments: z.array(transcriptAttachmentSchema).describe('as the transcript has them: stickers carry `content` and `thumbnailUrl`, media `content.lineMessageId`'),
    at: z.string(),
    payload: z.string().optional().describe('the payload of a tapped button (the bot got it as the text)'),
    unsent: z.boolean().optional().describe('the customer unsent it; text and attachments are gone'),
    delivery: lineDeliverySchema.optional().describe('how an agent’s message went on LINE (`reply` free, `push` paid)'),
    quickReplies: z.array(z.string()).optional().describe('the buttons the agent’s message offered'),
  })
  .meta({ id: 'RelayedMessage' });

/** The `data` of one event of `GET /api/handoff/events`; the SSE `event` field repeats `type`. */
export const handoffEventSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('conversation'),
      conversationId: z.string(),
      state: handoffStateSchema,
      queueId: z.string(),
      agentId: z.string().optional(),
      offeredAgentId: z.string().optional(),
      change: z.string().describe('e.g. queued, offered, assigned, transferred, waiting, ended, closed'),
    }).describe('a conversation changed state, queue or agent'),
    z.object({ type: z.literal('offer'), conversationId: z.string(), queueId: z.string(), agentId: z.string(), deadline: z.string() }).describe('a conversation is offered to the agent, who must accept before `deadline`'),
    z.object({ type: z.literal('offerEnded'), conversationId: z.string(), queueId: z.string(), agentId: z.string(), reason: z.enum(['declined', 'expired', 'accepted', 'withdrawn']) }).describe('an offer ended'),
    z.object({ type: z.literal('message'), conversationId: z.string(), queueId: z.string(), agentId: z.string().optional().describe('the agent serving or offered the conversation; absent while nobody is'), message: relayedMessageSchema }).describe('a message of a conversation with people, either way'),
    z.object({ type: z.literal('presence'), agentId: z.string(), presence: presenceSchema }).describe('an agent’s presence changed'),
    z.object({ type: z.literal('messageUnsent'), conversationId: z.string(), queueId: z.string(), agentId: z.string().optional(), messageId: z.string() }).describe('the customer unsent a message: screens replace it by a "message unsent" marker'),
    z.object({ type: z.literal('note'), conversationId: z.string(), queueId: z.string(), agentId: z.string().optional(), entry: journalEntrySchema }).describe('an internal note or a recorded action was added to the conversation’s record (agents and supervisors only; never sent to the customer)'),
  ])
  .meta({ id: 'HandoffEvent', description: 'The `data` of one Server-Sent Event of `GET /api/handoff/events`; the SSE `event` field repeats `type`.' });
