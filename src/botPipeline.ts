import type { Logger } from 'pino';
import type { RetryPolicy } from '../shared/retry';
import { openBotModule, type BotModule } from './composition/botModule';
import { Closers } from './composition/closers';
import { openHandoffModule, type HandoffModule } from './composition/handoffModule';
import { openLineModule, type LineModule } from './composition/lineModule';
import { openStorageModule, type StorageModule } from './composition/storageModule';
import type { Config } from './config';
import type { AppMetrics } from './metrics/appMetrics';
import { TurnTimingMiddleware } from './metrics/turnTimingMiddleware';
import { turnObserver } from './metrics/metricsWiring';
import type { DocumentStore } from './storage/engine/documentStore';

/** What {@link openBotPipeline} needs. */
export interface BotPipelineOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Where store, LINE API and turn metrics go. */
  readonly metrics: AppMetrics;
  /** A store to use instead of opening the configured one (tests inject failing stores). */
  readonly store?: DocumentStore;
  readonly clock?: () => Date;
  readonly lineRetryPolicy?: RetryPolicy;
  /** The server's public base URL, for links to agents' files (known once the HTTP server listens). */
  readonly publicUrl: () => string;
  /** When set, the LINE adapter only admits events and hands their conversations here (see `LineAdapterOptions`). */
  readonly turnsElsewhere?: (conversation: string) => void;
  /** Where the storage, bot, LINE and handoff modules add their closers (the app's one list); a list of its own otherwise. */
  readonly closers?: Closers;
}

/**
 * Everything a turn needs, wired together on one store handle: the store and change feed, the repositories, the LINE
 * and Bot Framework adapters with their middleware (transcript, customer tracking, attachments, handoff), the bot and
 * the handoff service. The HTTP server builds on it (`app.ts`), and so does a turn worker thread (`turns/`).
 */
export interface BotPipeline extends Omit<StorageModule, 'close'>, Omit<BotModule, 'close'>, Omit<LineModule, 'close'>, Omit<HandoffModule, 'close'> {
  /** Runs the closers (the given list, which may hold more): the handoff, the LINE adapter after its running turns, the bot, the store. */
  close(): Promise<void>;
}

/**
 * Opens the storage, bot, LINE and handoff modules, in that order, and puts every turn of both adapters through the
 * same middleware: timing, transcript, customer tracking, (LINE) attachment downloads, handoff.
 *
 * @example
 * const pipeline = await openBotPipeline({ config, logger, metrics: new AppMetrics(), publicUrl: () => url });
 * pipeline.lineAdapter.start(pipeline.logic);
 */
export async function openBotPipeline(options: BotPipelineOptions): Promise<BotPipeline> {
  const { config, logger, metrics } = options;
  const closers = options.closers ?? new Closers();
  const storage = await openStorageModule({ config, logger, metrics, ...(options.store ? { store: options.store } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  closers.add({ name: 'storage', close: () => storage.close() });
  const bot = await openBotModule({ config, logger, storage });
  closers.add({ name: 'bot', close: () => bot.close() });
  const line = openLineModule({
    config, logger, metrics, storage,
    ...(options.lineRetryPolicy ? { lineRetryPolicy: options.lineRetryPolicy } : {}),
    ...(options.turnsElsewhere ? { turnsElsewhere: options.turnsElsewhere } : {}),
  });
  closers.add({ name: 'line', close: () => line.close() });
  const handoff = await openHandoffModule({ config, logger, storage, line, bot, publicUrl: options.publicUrl });
  closers.add({ name: 'handoff', close: () => handoff.close() });

  const turnTiming = new TurnTimingMiddleware(turnObserver(metrics));
  line.lineAdapter.use(turnTiming, line.transcriptLogger, line.customerTracker, line.attachmentDownloads, handoff.middleware);
  bot.cloudAdapter.use(turnTiming, line.transcriptLogger, line.customerTracker, handoff.middleware);

  return {
    ...storage, ...bot, ...line, ...handoff,
    close: () => closers.closeAll(),
  };
}
