import { texts } from './i18n/current';
import type { ConversationView, Directory, Distribution, Presence } from './types';

/** How presence reads on the agent's desk, in the supervisor's overview and in the transfer dialog, in the dashboard language. */
export function presenceLabel(presence: Presence): string {
  const t = texts();
  return { available: t.presenceAvailable, busy: t.presenceBusy, away: t.presenceAway, offline: t.presenceOffline }[presence];
}

/** What the agent's desk knows of queues and agents (`GET /api/agent/directory`), for transfers and pick queues. */
export interface AgentDirectory {
  /** `undefined` until read (or when it cannot be read: the user has no agent profile). */
  readonly directory: Directory | undefined;
  readonly error: string | undefined;
  /** Reads it again (presence changes): when the transfer dialog opens. */
  readonly refresh: () => void;
}

/** Whether waiting conversations of the queue are picked by agents (`pick`) rather than offered (`push`). */
export function distributionOf(item: ConversationView, directory: Directory | undefined): Distribution | undefined {
  return item.queue.distribution ?? directory?.queues.find((queue) => queue.id === item.queue.id)?.distribution;
}
