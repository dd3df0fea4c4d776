import type { Directory } from './types';

/** One entry of a conversation's internal record (`GET …/conversations/:id/notes`). */
export interface JournalEntry {
  readonly id: string;
  readonly cycle: number;
  readonly kind: 'note' | 'action' | 'wrapUp';
  readonly at: string;
  readonly byUserId: string;
  readonly byRole: 'agent' | 'supervisor';
  readonly text?: string;
  readonly action?: 'assign' | 'transfer' | 'close';
  readonly toQueueId?: string;
  readonly toAgentId?: string;
  readonly code?: string;
}

/** The answer of `GET …/conversations/:id/notes`. */
export interface NotesAnswer {
  readonly cycle: number;
  readonly codeRequired: boolean;
  readonly wrapUp: JournalEntry | null;
  readonly entries: readonly JournalEntry[];
}

/** A wrap-up code admins defined. */
export interface WrapUpCode {
  readonly id: string;
  readonly label: string;
}

/** The name of a user (an agent's display name), or their id when the directory does not know them. */
export function userName(directory: Directory | undefined, userId: string): string {
  if (userId === 'api-key') return 'API';
  return directory?.agents.find((agent) => agent.id === userId)?.displayName ?? userId;
}

/** The name of a queue, or its id. */
export function queueName(directory: Directory | undefined, queueId: string): string {
  return directory?.queues.find((queue) => queue.id === queueId)?.name ?? queueId;
}
