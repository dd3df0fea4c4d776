import { z } from 'zod';
import { handoffStateSchema } from './handoffSchemas';
import { journalEntrySchema } from './noteSchemas';

/** One handoff cycle in the history search. */
export const historyItemSchema = z
  .object({
    handoffId: z.string(),
    cycle: z.number().int(),
    customerId: z.string(),
    customerName: z.string().optional(),
    lineAccountId: z.string().optional(),
    queueId: z.string(),
    firstQueueId: z.string(),
    agentId: z.string().optional(),
    state: handoffStateSchema,
    requestedAt: z.string(),
    closedAt: z.string().optional(),
    closeReason: z.string().optional(),
    wrapUpCode: z.string().optional(),
    rating: z.number().int().optional(),
  })
  .meta({ id: 'HistoryItem' });

/** `GET /api/agent/history`: a page of cycles, newest first. */
export const historyPageSchema = z.object({
  items: z.array(historyItemSchema),
  nextBefore: z.string().optional().describe('the next page’s `before`; absent on the last page'),
  scanLimited: z.boolean().describe('the scan limit was reached before the page filled: older matches may exist past `nextBefore`'),
});

/** A handoff cycle of an exported conversation, with what the agent wrote at its end and the names screens show. */
const exportedCycleSchema = z.object({
  cycle: z.number().int(),
  state: z.string(),
  requestedAt: z.string(),
  assignedAt: z.string().optional(),
  endedAt: z.string().optional(),
  closedAt: z.string().optional(),
  closeReason: z.string().optional(),
  queueId: z.string(),
  queueName: z.string().optional(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  transfers: z.number().int(),
  wrapUpCode: z.string().optional(),
  wrapUpLabel: z.string().optional(),
  wrapUpNote: z.string().optional(),
  rating: z.number().optional(),
  comment: z.string().optional(),
});

/** A line of an exported conversation. */
const exportedMessageSchema = z.object({
  at: z.string().optional(),
  author: z.enum(['customer', 'bot', 'agent']),
  name: z.string().optional().describe('the agent’s name (agent lines)'),
  text: z.string(),
  attachments: z.array(z.object({ contentType: z.string(), name: z.string().optional() })).describe('by kind and name (their content stays on the server)'),
});

/** A whole conversation: its handoff cycles, internal record and messages. */
export const conversationExportSchema = z
  .object({
    handoffId: z.string(),
    channelId: z.string(),
    conversationId: z.string(),
    customer: z.object({ id: z.string(), name: z.string().optional() }),
    exportedAt: z.string(),
    cycles: z.array(exportedCycleSchema),
    notes: z.array(journalEntrySchema.extend({ byName: z.string().optional() })).describe('internal notes, recorded actions and wrap-ups, oldest first (never sent to the customer)'),
    messages: z.array(exportedMessageSchema),
    truncated: z.boolean().describe('the transcript was longer than an export keeps'),
  })
  .meta({ id: 'ConversationExport', description: 'A whole conversation: its handoff cycles (with queue, agent, close reason, wrap-up, survey), internal record and messages.' });
