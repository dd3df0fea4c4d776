import type { journalEntrySchema, notesAnswerSchema, wrapUpAdminListSchema, wrapUpCodeSchema } from '../../src/http/schemas/noteSchemas';
import type { WireOf } from './apiWire';
import type { Directory } from './types';

/** One entry of a conversation's internal record (`GET …/conversations/:id/notes`). */
export type JournalEntry = WireOf<typeof journalEntrySchema>;

/** The answer of `GET …/conversations/:id/notes`. */
export type NotesAnswer = WireOf<typeof notesAnswerSchema>;

/** A wrap-up code admins defined. */
export type WrapUpCode = WireOf<typeof wrapUpCodeSchema>;

/** `GET /api/admin/wrap-up-codes`: the codes and, per workstream, whether one is required. */
export type WrapUpAdminList = WireOf<typeof wrapUpAdminListSchema>;

/** The name of a user (an agent's display name), or their id when the directory does not know them. */
export function userName(directory: Directory | undefined, userId: string): string {
  if (userId === 'api-key') return 'API';
  return directory?.agents.find((agent) => agent.id === userId)?.displayName ?? userId;
}

/** The name of a queue, or its id. */
export function queueName(directory: Directory | undefined, queueId: string): string {
  return directory?.queues.find((queue) => queue.id === queueId)?.name ?? queueId;
}
