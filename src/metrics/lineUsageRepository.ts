import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';

/** The collection of the push meter: one document per LINE account and month. */
export const LINE_USAGE_COLLECTION = 'lineUsage';

/** What is counted per account and month. */
export const LINE_USAGE_COUNTERS = ['replyRequests', 'replyMessages', 'pushRequests', 'pushMessages', 'replyFallbacks', 'failures'] as const;

/** One counter of {@link LINE_USAGE_COUNTERS}. */
export type LineUsageCounter = (typeof LINE_USAGE_COUNTERS)[number];

/** LINE's own view of an account's month, as last read. */
export interface LineQuotaReading {
  /** Messages a month; `undefined` when the account's quota is unlimited. */
  readonly limit: number | undefined;
  /** Messages LINE counts against the quota this month. */
  readonly consumption: number;
  readonly readAt: Date;
}

/** The push meter of one account and month. */
export interface LineMonthUsage extends Record<LineUsageCounter, number> {
  readonly accountId: string;
  /** `YYYY-MM`, in Japan time (UTC+9). */
  readonly month: string;
  readonly quota: LineQuotaReading | undefined;
}

type UsageDocument = { _id: string; accountId: string; month: string; quota?: { limit: number | null; consumption: number; readAt: Date } } & Partial<Record<LineUsageCounter, number>>;

/** Japan time's offset: months of the meter begin at midnight in Japan. */
const MONTH_ZONE_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * The month (`YYYY-MM`, Japan time) a moment falls in.
 *
 * @example meterMonthOf(new Date('2026-01-31T16:00:00Z')) // '2026-02'
 */
export function meterMonthOf(at: Date): string {
  return new Date(at.getTime() + MONTH_ZONE_OFFSET_MS).toISOString().slice(0, 7);
}

/**
 * The push meter in the store: replies vs pushes per LINE account and month, kept as `$inc` upserts so that every
 * instance's counts add up and survive restarts, and LINE's quota and consumption as last read.
 */
export class LineUsageRepository {
  private constructor(private readonly usage: DocumentCollection<UsageDocument>) {}

  /** Opens the collection. */
  static async open(store: DocumentStore): Promise<LineUsageRepository> {
    return new LineUsageRepository(await store.collection<UsageDocument>(LINE_USAGE_COLLECTION, [{ keys: { month: 1, accountId: 1 } }]));
  }

  /** Adds `increments` to an account's month (one upsert). */
  async add(accountId: string, month: string, increments: Partial<Record<LineUsageCounter, number>>): Promise<void> {
    const inc = Object.fromEntries(Object.entries(increments).filter(([, amount]) => amount !== undefined && amount !== 0)) as Record<string, number>;
    if (Object.keys(inc).length === 0) return;
    await this.usage.updateOne({ _id: keyOf(accountId, month) }, { $inc: inc, $setOnInsert: { accountId, month } }, { upsert: true });
  }

  /** Records what LINE said of the account's quota and consumption this month. */
  async recordQuota(accountId: string, month: string, reading: LineQuotaReading): Promise<void> {
    await this.usage.updateOne({ _id: keyOf(accountId, month) }, { $set: { quota: { limit: reading.limit ?? null, consumption: reading.consumption, readAt: reading.readAt } }, $setOnInsert: { accountId, month } }, { upsert: true });
  }

  /** Every account's meter of `month` (accounts with nothing counted are absent). */
  async month(month: string): Promise<LineMonthUsage[]> {
    const documents = await this.usage.find({ month }, { sort: { month: 1, accountId: 1 }, limit: 1000 });
    return documents.map((document) => ({
      accountId: document.accountId,
      month: document.month,
      ...(Object.fromEntries(LINE_USAGE_COUNTERS.map((counter) => [counter, document[counter] ?? 0])) as Record<LineUsageCounter, number>),
      quota: document.quota ? { limit: document.quota.limit ?? undefined, consumption: document.quota.consumption, readAt: new Date(document.quota.readAt) } : undefined,
    }));
  }
}

function keyOf(accountId: string, month: string): string {
  return `${accountId}:${month}`;
}
