import type { CloudAdapter, Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LineAdapter } from '../../adapters/line/lineAdapter.js';
import type { RetryPolicy } from '../../shared/retry.js';
import type { AttachmentRepository } from '../attachments/attachmentRepository.js';
import type { FirstAdminSetup } from '../auth/firstAdminSetup.js';
import type { UserRepository } from '../auth/userRepository.js';
import type { SurveyRepository } from '../bot/surveyRepository.js';
import type { ChannelAccountRepository } from '../channels/channelAccountRepository.js';
import type { Config } from '../config.js';
import type { LiveSelfServiceContent } from '../content/liveSelfServiceContent.js';
import type { CustomerRepository } from '../customers/customerRepository.js';
import type { AssignmentStore } from '../handoff/assignmentStore.js';
import type { AutomatedMessageRepository } from '../handoff/automatedMessageRepository.js';
import type { HandoffConfigRepository } from '../handoff/config/handoffConfigRepository.js';
import type { HandoffEventBus } from '../handoff/handoffEvents.js';
import type { HandoffService } from '../handoff/handoffService.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import type { OperationsMetrics } from '../metrics/metricsWiring.js';
import type { RetentionSweep } from '../retention/retentionSweep.js';
import type { FakeLineApi } from '../simulator/fakeLineApi.js';
import type { ChangeFeed } from '../storage/changeFeed.js';
import type { DocumentStore } from '../storage/engine/documentStore.js';
import type { TranscriptRepository } from '../transcripts/transcriptRepository.js';
import type { TurnWorkerThread } from '../turns/turnWorkerThread.js';

/** Overrides for tests and benchmarks. */
export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly lineRetryPolicy?: RetryPolicy;
  /** A store to use instead of opening the configured one (tests inject failing stores). Not with `LINE_TURN_RUNNER=thread`, whose thread opens the configured store. */
  readonly store?: DocumentStore;
  /**
   * The clock of the handoff, the login limits and in-memory caches (tests move time on to expire offers, wrap-ups,
   * idle conversations and login waits). A turn worker thread (`LINE_TURN_RUNNER=thread`) keeps the real clock.
   */
  readonly clock?: () => Date;
}

/** A started server and the parts a caller (tests, shutdown) may need. */
export interface RunningApp {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3978`. */
  readonly url: string;
  readonly server: Server;
  readonly store: DocumentStore;
  readonly lineAdapter: LineAdapter;
  readonly cloudAdapter: CloudAdapter;
  readonly accounts: ChannelAccountRepository;
  readonly transcripts: TranscriptRepository;
  readonly customers: CustomerRepository;
  readonly attachments: AttachmentRepository;
  readonly surveys: SurveyRepository;
  /** The automated messages the handoff sends, per workstream and language (defaults plus admin overrides). */
  readonly automatedMessages: AutomatedMessageRepository;
  /** The users who log in to the management API. */
  readonly users: UserRepository;
  /** The browser setup of the first admin (its code is in the log at start while no admin exists). */
  readonly firstAdminSetup: FirstAdminSetup;
  /** Queues, routing rules, agent profiles and workstreams, as administrators configure them. */
  readonly handoffConfig: HandoffConfigRepository;
  /** The bot's self-service content: the file's, or what admins saved (refreshed from the store periodically). */
  readonly selfServiceContent: LiveSelfServiceContent;
  /** The handoff to people: requests, queues, agents' actions, sweeps. */
  readonly handoff: HandoffService;
  /** Deletes personal data older than its retention setting, judged when it runs (the sweep leader runs it). */
  readonly retention: RetentionSweep;
  /** Live handoff events of every instance (through the change feed). */
  readonly handoffEvents: HandoffEventBus;
  /** The change feed shared by every instance through the store (live events, cache invalidation). */
  readonly changes: ChangeFeed;
  /** Atomic assignment of conversations to agents' capacity. */
  readonly assignments: AssignmentStore;
  /** Bot state (ConversationState, UserState) with eTag concurrency. */
  readonly botStorage: Storage;
  /** The built-in simulator's fake Messaging API, when the simulator runs. */
  readonly simulator: { readonly accountId: string; readonly fakeApi: FakeLineApi } | undefined;
  /** What is held in memory per conversation and per customer (forgotten when idle; see `CONVERSATION_CACHE_*`). */
  readonly conversationMemory: {
    /** Conversations whose facts the transcript store remembers. */
    readonly conversations: () => number;
    /** Customers the customer tracking remembers. */
    readonly customers: () => number;
    /** Forgets what has been idle long enough now (it also happens periodically). */
    readonly forgetIdle: () => void;
  };
  /** The Prometheus metrics `/metrics` serves. */
  readonly metrics: AppMetrics;
  /** The push meter (stored) and the LINE quota reads. */
  readonly operations: OperationsMetrics;
  /** The turn worker thread (`LINE_TURN_RUNNER=thread`), when it runs. */
  readonly turnThread: TurnWorkerThread | undefined;
  /** Resolves when every running turn and the writes it started (transcript, customer, media) are done. */
  whenIdle(): Promise<void>;
  /** Stops accepting requests, lets running turns and writes finish, and closes the store. */
  close(): Promise<void>;
}
