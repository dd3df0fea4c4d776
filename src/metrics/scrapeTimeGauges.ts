import type { DocumentStore, StoredDocument } from '../storage/engine/documentStore';
import type { AppMetrics } from './appMetrics';
import { meterMonthOf, type LineUsageRepository } from './lineUsageRepository';

/** Most handoff queues read per scrape (each costs two indexed reads). */
const MAX_QUEUES = 200;

/** Handoff conversation states that are open. */
const OPEN_STATES = ['queued', 'assigned', 'waiting', 'wrapUp'] as const;

/** Agent presences. */
const PRESENCES = ['available', 'busy', 'away', 'offline'] as const;

/** What the store-backed gauges are read from. */
export interface ScrapeSources {
  readonly store: DocumentStore;
  /** LINE work queue events per state. */
  readonly lineQueueCounts: () => Promise<Record<string, number>>;
  /** The handoff queues' ids. */
  readonly queueIds: () => Promise<string[]>;
  readonly usage: LineUsageRepository;
  /** Open live event streams of this process. */
  readonly eventStreams: () => number;
  readonly now?: () => Date;
}

/**
 * Fills the gauges that describe the whole cluster from the store, with bounded, indexed reads (counts per state, the
 * oldest waiting item per queue, this month's push meter). Called once per scrape.
 *
 * @example await readScrapeTimeGauges(metrics, sources); const text = await metrics.registry.metrics();
 */
export async function readScrapeTimeGauges(metrics: AppMetrics, sources: ScrapeSources): Promise<void> {
  const now = sources.now?.() ?? new Date();
  metrics.sseClients.set(sources.eventStreams());
  const [work, agents, conversations] = await Promise.all([
    sources.store.collection<StoredDocument>('handoffWork'),
    sources.store.collection<StoredDocument>('handoffAgents'),
    sources.store.collection<StoredDocument>('handoffConversations'),
  ]);
  const [queueCounts, queueIds, agentCounts, conversationCounts, month] = await Promise.all([
    sources.lineQueueCounts(),
    sources.queueIds(),
    Promise.all(PRESENCES.map((presence) => agents.countDocuments({ presence }))),
    Promise.all(OPEN_STATES.map((state) => conversations.countDocuments({ state }))),
    sources.usage.month(meterMonthOf(now)),
  ]);
  for (const [state, count] of Object.entries(queueCounts)) metrics.lineQueue.set({ state }, count);
  PRESENCES.forEach((presence, index) => metrics.agents.set({ presence }, agentCounts[index] ?? 0));
  OPEN_STATES.forEach((state, index) => metrics.conversations.set({ state }, conversationCounts[index] ?? 0));
  metrics.queueDepth.reset();
  metrics.queueLongestWait.reset();
  await Promise.all(
    queueIds.slice(0, MAX_QUEUES).map(async (queue) => {
      const [depth, oldest] = await Promise.all([work.countDocuments({ queueId: queue, state: 'queued' }), work.findOne({ queueId: queue, state: 'queued' }, { sort: { queueId: 1, state: 1, enqueuedAt: 1 } })]);
      metrics.queueDepth.set({ queue }, depth);
      const enqueuedAt = oldest?.enqueuedAt instanceof Date ? oldest.enqueuedAt : typeof oldest?.enqueuedAt === 'string' ? new Date(oldest.enqueuedAt) : undefined;
      metrics.queueLongestWait.set({ queue }, enqueuedAt ? Math.max(0, (now.getTime() - enqueuedAt.getTime()) / 1000) : 0);
    }),
  );
  for (const account of month) {
    metrics.monthMessages.set({ account: account.accountId, kind: 'reply' }, account.replyMessages);
    metrics.monthMessages.set({ account: account.accountId, kind: 'push' }, account.pushMessages);
    if (account.quota?.limit !== undefined) metrics.quota.set({ account: account.accountId }, account.quota.limit);
    if (account.quota) metrics.quotaConsumption.set({ account: account.accountId }, account.quota.consumption);
  }
}
