import type { Logger } from 'pino';
import { AgentFileRepository } from '../attachments/agentFileRepository.js';
import { AttachmentRepository } from '../attachments/attachmentRepository.js';
import { BotStateStorage } from '../bot/botStateStorage.js';
import { SurveyRepository } from '../bot/surveyRepository.js';
import { ChannelAccountRepository } from '../channels/channelAccountRepository.js';
import type { Config } from '../config.js';
import { CustomerRepository } from '../customers/customerRepository.js';
import { AutomatedMessageRepository } from '../handoff/automatedMessageRepository.js';
import { HandoffConfigRepository } from '../handoff/config/handoffConfigRepository.js';
import { LineChatSignalRepository } from '../inbox/lineChatSignalRepository.js';
import { LineEventInboxRepository } from '../inbox/lineEventInboxRepository.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import { LineUsageRepository } from '../metrics/lineUsageRepository.js';
import { meteredDocumentStore } from '../metrics/meteredDocumentStore.js';
import { storeObserver } from '../metrics/metricsWiring.js';
import { HandoffCycleRepository } from '../reports/handoffCycleRepository.js';
import { ChangeFeed } from '../storage/changeFeed.js';
import type { DocumentStore } from '../storage/engine/documentStore.js';
import { openDocumentStore } from '../storage/engine/openDocumentStore.js';
import { resolveSecretsKey } from '../storage/secretBox.js';
import { TranscriptMessageTexts } from '../transcripts/transcriptMessageTexts.js';
import { TranscriptRepository } from '../transcripts/transcriptRepository.js';
import { TranscriptTermRepository } from '../transcripts/transcriptTermRepository.js';

/** What {@link openStorageModule} needs. */
export interface StorageModuleOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Where the store's operation metrics go. */
  readonly metrics: AppMetrics;
  /** A store to use instead of opening the configured one (tests inject failing stores). */
  readonly store?: DocumentStore;
  readonly clock?: () => Date;
}

/** The store, the change feed and the repositories on them. */
export interface StorageModule {
  readonly store: DocumentStore;
  readonly secrets: Awaited<ReturnType<typeof resolveSecretsKey>>;
  readonly changes: ChangeFeed;
  readonly clock: () => Date;
  /** How long and how many conversations and customers are remembered in memory. */
  readonly conversationCache: { readonly idleMs: number; readonly max: number; readonly now: () => number };
  readonly accounts: ChannelAccountRepository;
  readonly customers: CustomerRepository;
  readonly transcripts: TranscriptRepository;
  /** The transcript text index (words and character pairs per conversation and day), written with the transcripts. */
  readonly transcriptTerms: TranscriptTermRepository;
  /** The message texts of transcripts, which confirm a text search's candidates. */
  readonly messageTexts: TranscriptMessageTexts;
  readonly attachments: AttachmentRepository;
  readonly agentFiles: AgentFileRepository;
  readonly inbox: LineEventInboxRepository;
  readonly chatSignals: LineChatSignalRepository;
  readonly botStorage: BotStateStorage;
  readonly surveys: SurveyRepository;
  readonly handoffCycles: HandoffCycleRepository;
  readonly automatedMessages: AutomatedMessageRepository;
  readonly handoffConfig: HandoffConfigRepository;
  /** The stored LINE push meter and quota reads. */
  readonly lineUsage: LineUsageRepository;
  /** Stops the change feed and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store (unless given), starts the change feed and opens the repositories on them.
 *
 * @example
 * const storage = await openStorageModule({ config, logger, metrics });
 * const customer = await storage.customers.get('line:U4af…');
 * await storage.close();
 */
export async function openStorageModule(options: StorageModuleOptions): Promise<StorageModule> {
  const { config, logger, metrics } = options;
  const store = meteredDocumentStore(options.store ?? (await openDocumentStore({ ...(config.storage.mongodbUri ? { mongodbUri: config.storage.mongodbUri } : {}), mongodbLimits: config.storage.mongodb, dataDir: config.storage.dataDir, durability: config.storage.durability, ...(config.storage.checkpointIntervalMs > 0 ? { checkpointIntervalMs: config.storage.checkpointIntervalMs } : {}), logger: logger.child({ component: 'storage' }) })), storeObserver(metrics));
  const secrets = await resolveSecretsKey({ secretsKey: config.storage.secretsKey, env: config.env, dataDir: config.storage.dataDir, logger });
  // Other instances sharing the store learn of live events and cached configuration changes through it.
  const changes = new ChangeFeed({ store, logger: logger.child({ component: 'change-feed' }), pollIntervalMs: config.storage.changeFeedPollMs, gapWaitMs: config.storage.changeFeedGapWaitMs });
  await changes.start();
  const clock = options.clock ?? (() => new Date());
  const conversationCache = { idleMs: config.limits.conversationCacheIdleSeconds * 1000, max: config.limits.conversationCacheMax, now: () => clock().getTime() };
  // TRANSCRIPT_RETENTION_DAYS and NON_LINE_DATA_TTL_HOURS are applied by the retention sweep, by age at sweep time, so
  // a changed setting reaches old data: nothing is stamped with an expiry when written.
  const customers = new CustomerRepository(store);
  const transcriptTerms = await TranscriptTermRepository.open(store);
  return {
    store, secrets, changes, clock, conversationCache, customers, transcriptTerms,
    accounts: new ChannelAccountRepository(store, secrets, { changes }),
    transcripts: await TranscriptRepository.open(store, { termIndex: transcriptTerms, conversationCache, resolveContactId: (customerId) => customers.contactIdOf(customerId) }),
    messageTexts: await TranscriptMessageTexts.open(store),
    attachments: new AttachmentRepository(store, { maxBytes: config.storage.attachmentMaxBytes }),
    agentFiles: new AgentFileRepository(store),
    inbox: await LineEventInboxRepository.open(store),
    chatSignals: await LineChatSignalRepository.open(store),
    botStorage: await BotStateStorage.open(store),
    surveys: await SurveyRepository.open(store),
    handoffCycles: await HandoffCycleRepository.open(store, logger.child({ component: 'reports' })),
    automatedMessages: await AutomatedMessageRepository.open(store),
    handoffConfig: await HandoffConfigRepository.open(store),
    lineUsage: await LineUsageRepository.open(store),
    async close() {
      await changes.stop();
      await store.close();
    },
  };
}
