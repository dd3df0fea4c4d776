import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';

/** One entry of a conversation's internal record (a note, a recorded action, a wrap-up); never sent to the customer. */
export const journalEntrySchema = z
  .object({
    id: z.string(),
    handoffId: z.string(),
    cycle: z.number().int(),
    kind: z.enum(['note', 'action', 'wrapUp']),
    at: dateTimeSchema,
    byUserId: z.string().describe('`api-key` when ADMIN_API_KEY acted'),
    byRole: z.enum(['agent', 'supervisor']),
    text: z.string().optional().describe('the note, the wrap-up note, or a transfer’s note'),
    action: z.enum(['assign', 'transfer', 'close']).optional(),
    toQueueId: z.string().optional(),
    toAgentId: z.string().optional(),
    code: z.string().optional().describe('the wrap-up code (wrap-up entries)'),
  })
  .meta({ id: 'JournalEntry', description: 'An entry of a conversation’s internal record; never sent to the customer.' });

/** `GET /api/agent/conversations/:id/notes`. */
export const notesAnswerSchema = z.object({
  cycle: z.number().int().describe('the current handoff cycle'),
  codeRequired: z.boolean().describe('whether the workstream requires a wrap-up code before the wrap-up closes'),
  wrapUp: journalEntrySchema.nullable().describe('the current cycle’s wrap-up, if written'),
  entries: z.array(journalEntrySchema),
});

/** A wrap-up code agents choose when they finish a conversation. */
export const wrapUpCodeSchema = z.object({ id: z.string(), label: z.string() }).meta({ id: 'WrapUpCode' });

/** Whether a workstream's agents must choose a wrap-up code before closing a wrap-up. */
export const wrapUpSettingSchema = z.object({ workstreamId: z.string(), codeRequired: z.boolean() });

/** `GET /api/agent/wrap-up-codes`. */
export const wrapUpCodeListSchema = z.object({ codes: z.array(wrapUpCodeSchema) });

/** `GET /api/admin/wrap-up-settings`. */
export const wrapUpSettingListSchema = z.object({ settings: z.array(wrapUpSettingSchema) });

/** `GET /api/admin/wrap-up-codes`. */
export const wrapUpAdminListSchema = z.object({ codes: z.array(wrapUpCodeSchema), settings: z.array(wrapUpSettingSchema) });
