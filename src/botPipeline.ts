import type { Logger } from 'pino';
import type { LineAdapter, TurnLogic } from '../adapters/line/lineAdapter';
import type { RetryPolicy } from '../shared/retry';
import type { AttachmentDownloadMiddleware } from './attachments/attachmentDownloadMiddleware';
import type { AgentFileRepository } from './attachments/agentFileRepository';
import type { AttachmentRepository } from './attachments/attachmentRepository';
import type { BotStateStorage } from './bot/botStateStorage';
import type { SurveyRepository } from './bot/surveyRepository';
import type { BotFrameworkCloudAdapter } from './botFramework/botFrameworkCloudAdapter';
import type { ChannelAccountRepository } from './channels/channelAccountRepository';
import { openBotModule } from './composition/botModule';
import { Closers } from './composition/closers';
import { openHandoffModule } from './composition/handoffModule';
import { openLineModule } from './composition/lineModule';
import { openStorageModule } from './composition/storageModule';
import type { Config } from './config';
import type { LiveSelfServiceContent } from './content/liveSelfServiceContent';
import type { CustomerRepository } from './customers/customerRepository';
import type { CustomerTrackingMiddleware } from './customers/customerTrackingMiddleware';
import type { AssignmentStore } from './handoff/assignmentStore';
import type { AutomatedMessageRepository } from './handoff/automatedMessageRepository';
import type { HandoffConfigRepository } from './handoff/config/handoffConfigRepository';
import type { HandoffConversationRepository } from './handoff/handoffConversationRepository';
import type { HandoffEventBus } from './handoff/handoffEvents';
import type { HandoffService } from './handoff/handoffService';
import type { LineEventInboxRepository } from './inbox/lineEventInboxRepository';
import type { AppMetrics } from './metrics/appMetrics';
import type { LineUsageMeter } from './metrics/lineUsageMeter';
import type { LineUsageRepository } from './metrics/lineUsageRepository';
import { TurnTimingMiddleware } from './metrics/turnTimingMiddleware';
import { turnObserver } from './metrics/metricsWiring';
import type { HandoffCycleRepository } from './reports/handoffCycleRepository';
import type { ChangeFeed } from './storage/changeFeed';
import type { DocumentStore } from './storage/engine/documentStore';
import type { resolveSecretsKey } from './storage/secretBox';
import type { TranscriptMessageTexts } from './transcripts/transcriptMessageTexts';
import type { TranscriptTermRepository } from './transcripts/transcriptTermRepository';
import type { TranscriptRepository } from './transcripts/transcriptRepository';
import type { TranscriptLoggingMiddleware } from './transcripts/transcriptLoggingMiddleware';

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
export interface BotPipeline {
  readonly store: DocumentStore;
  readonly secrets: Awaited<ReturnType<typeof resolveSecretsKey>>;
  readonly changes: ChangeFeed;
  readonly clock: () => Date;
  readonly conversationCache: { readonly idleMs: number; readonly max: number; readonly now: () => number };
  readonly accounts: ChannelAccountRepository;
  readonly customers: CustomerRepository;
  readonly transcripts: TranscriptRepository;
  /** The transcript text index (words and character pairs per conversation and day), written with the transcripts. */
  readonly transcriptTerms: TranscriptTermRepository;
  /** The message texts of transcripts, which confirm a text search's candidates. */
  readonly messageTexts: TranscriptMessageTexts;
  readonly attachments: AttachmentRepository;
  readonly inbox: LineEventInboxRepository;
  readonly botStorage: BotStateStorage;
  readonly surveys: SurveyRepository;
  readonly handoffCycles: HandoffCycleRepository;
  readonly automatedMessages: AutomatedMessageRepository;
  readonly handoffConfig: HandoffConfigRepository;
  readonly lineUsage: LineUsageRepository;
  /** Counts this thread's LINE deliveries into the stored push meter. */
  readonly meter: LineUsageMeter;
  readonly transcriptLogger: TranscriptLoggingMiddleware;
  readonly customerTracker: CustomerTrackingMiddleware;
  readonly attachmentDownloads: AttachmentDownloadMiddleware;
  readonly lineAdapter: LineAdapter;
  readonly cloudAdapter: BotFrameworkCloudAdapter;
  readonly selfServiceContent: LiveSelfServiceContent;
  /** The bot's turn logic. */
  readonly logic: TurnLogic;
  readonly agentFiles: AgentFileRepository;
  readonly assignments: AssignmentStore;
  readonly handoffConversations: HandoffConversationRepository;
  readonly handoffEvents: HandoffEventBus;
  readonly handoff: HandoffService;
  /** Resolves when every running LINE turn and the writes it started (transcript, customer, media) are done. */
  whenTurnsIdle(): Promise<void>;
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
