import type { Logger } from 'pino';
import { meterMonthOf, type LineUsageCounter, type LineUsageRepository } from './lineUsageRepository';

/** How often counts gathered in memory are written (one upsert per account and month each time). */
const DEFAULT_FLUSH_MS = 1000;

/**
 * Gathers delivery counts in memory and adds them to the stored push meter about once a second, so a busy bot costs
 * one store write per account per second rather than one per message. Counts that fail to be written are kept for
 * the next flush; what is still in memory when the process is killed is lost (at most a second's worth).
 *
 * @example
 * const meter = new LineUsageMeter(usage, logger);
 * adapter.deliveryStats.subscribe((accountId, counter, amount) => meter.count(accountId, counter, amount));
 */
export class LineUsageMeter {
  private pending = new Map<string, { accountId: string; month: string; counts: Partial<Record<LineUsageCounter, number>> }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly usage: LineUsageRepository,
    private readonly logger: Logger,
    private readonly options: { readonly flushMs?: number; readonly now?: () => Date } = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? DEFAULT_FLUSH_MS);
    this.timer.unref();
  }

  /** Counts `amount` of `counter` for the account in the current month. */
  count(accountId: string, counter: LineUsageCounter, amount: number): void {
    this.merge(accountId, meterMonthOf(this.options.now?.() ?? new Date()), { [counter]: amount });
  }

  /** Writes what was counted so far; resolves when it is stored (or kept for the next try). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Stops the periodic flush and writes what remains. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    for (const entry of batch.values()) {
      try {
        await this.usage.add(entry.accountId, entry.month, entry.counts);
      } catch (error) {
        this.logger.warn({ err: error, accountId: entry.accountId }, 'could not store the LINE push meter; will try again');
        this.merge(entry.accountId, entry.month, entry.counts);
      }
    }
  }

  private merge(accountId: string, month: string, counts: Partial<Record<LineUsageCounter, number>>): void {
    const key = `${accountId}:${month}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { accountId, month, counts: {} };
      this.pending.set(key, entry);
    }
    for (const [counter, amount] of Object.entries(counts) as [LineUsageCounter, number][]) entry.counts[counter] = (entry.counts[counter] ?? 0) + amount;
  }
}
