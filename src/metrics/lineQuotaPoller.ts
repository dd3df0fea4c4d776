import type { Logger } from 'pino';
import type { LineApiClient } from '../../adapters/line/lineApiClient';
import { meterMonthOf, type LineUsageRepository } from './lineUsageRepository';

/** What {@link LineQuotaPoller} needs. */
export interface LineQuotaPollerOptions {
  /** The LINE accounts to read (the enabled ones). */
  readonly accountIds: () => Promise<string[]>;
  /** A Messaging API client of an account. */
  readonly clientOf: (accountId: string) => Promise<LineApiClient>;
  readonly usage: LineUsageRepository;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/**
 * Reads each LINE account's monthly quota (`GET /v2/bot/message/quota`) and LINE's count against it
 * (`GET /v2/bot/message/quota/consumption`) every `intervalMs`, and stores them beside the push meter. The first read
 * comes when someone looks (the admin API reads when a reading is missing or older than `intervalMs`) or after the
 * first interval, so a start makes no call to LINE.
 *
 * @example const poller = new LineQuotaPoller({ accountIds, clientOf, usage, intervalMs: 900_000, logger }); poller.start();
 */
export class LineQuotaPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: LineQuotaPollerOptions) {}

  /** Reads every `intervalMs` from now on. */
  start(): void {
    this.timer = setInterval(() => void this.pollOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Reads every account once now; resolves when the readings are stored. A failing account is logged and skipped. */
  pollOnce(): Promise<void> {
    this.running = this.running.then(() => this.readAll());
    return this.running;
  }

  /** Stops polling and waits for a read under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async readAll(): Promise<void> {
    let accountIds: string[];
    try {
      accountIds = await this.options.accountIds();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not list LINE accounts to read their quota');
      return;
    }
    for (const accountId of accountIds) {
      try {
        const client = await this.options.clientOf(accountId);
        const [quota, consumption] = await Promise.all([client.getMessageQuota(), client.getQuotaConsumption()]);
        const readAt = this.options.now?.() ?? new Date();
        await this.options.usage.recordQuota(accountId, meterMonthOf(readAt), { limit: quota.type === 'limited' ? quota.value : undefined, consumption, readAt });
      } catch (error) {
        this.options.logger.warn({ err: error, accountId }, 'could not read the LINE message quota');
      }
    }
  }
}
