import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AgentFileSending } from '../handoff/agentFileSending.js';
import { AssignmentStore } from '../handoff/assignmentStore.js';
import { CustomerMessenger } from '../handoff/customerMessenger.js';
import { CustomerUnsends } from '../handoff/customerUnsends.js';
import { HandoffConversationRepository } from '../handoff/handoffConversationRepository.js';
import { HandoffDistributor } from '../handoff/handoffDistributor.js';
import { HandoffEventBus } from '../handoff/handoffEvents.js';
import { HandoffMiddleware } from '../handoff/handoffMiddleware.js';
import { HandoffService } from '../handoff/handoffService.js';
import { LeaveMessageOffers } from '../handoff/leaveMessageOffers.js';
import { QueuedCustomerReplies } from '../handoff/queuedCustomerReplies.js';
import type { BotModule } from './botModule.js';
import type { LineModule } from './lineModule.js';
import type { StorageModule } from './storageModule.js';

/** What {@link openHandoffModule} needs. */
export interface HandoffModuleOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly storage: StorageModule;
  readonly line: LineModule;
  readonly bot: BotModule;
  /** The server's public base URL, for links to agents' files (known once the HTTP server listens). */
  readonly publicUrl: () => string;
}

/** The handoff to people: assignments, handoff conversations, live events, the service and its turn middleware. */
export interface HandoffModule {
  readonly assignments: AssignmentStore;
  readonly handoffConversations: HandoffConversationRepository;
  readonly handoffEvents: HandoffEventBus;
  readonly handoff: HandoffService;
  /** The middleware that turns a customer's messages into handoff actions while people handle the conversation. */
  readonly middleware: HandoffMiddleware;
  /** Lets running sweeps finish. */
  close(): Promise<void>;
}

/**
 * Builds the handoff service on the store, sending to customers through the LINE and Bot Framework adapters.
 *
 * @example const handoff = await openHandoffModule({ config, logger, storage, line, bot, publicUrl }); await handoff.handoff.sweep();
 */
export async function openHandoffModule(options: HandoffModuleOptions): Promise<HandoffModule> {
  const { config, storage, line, bot } = options;
  const { store, handoffCycles, handoffConfig, changes, clock } = storage;
  const logger = options.logger.child({ component: 'handoff' });
  const assignments = await AssignmentStore.open(store);
  const handoffConversations = await HandoffConversationRepository.open(store, handoffCycles);
  const handoffEvents = new HandoffEventBus(changes);
  const distributor = new HandoffDistributor({
    conversations: handoffConversations,
    assignments,
    config: handoffConfig,
    events: handoffEvents,
    skillMatch: config.handoff.skillMatch,
    acceptTimeoutSeconds: config.handoff.acceptTimeoutSeconds,
    logger,
    clock,
  });
  const handoff = await HandoffService.open({
    store,
    conversations: handoffConversations,
    assignments,
    config: handoffConfig,
    automatedMessages: storage.automatedMessages,
    customers: storage.customers,
    messenger: new CustomerMessenger({ line: line.lineAdapter, botFramework: bot.cloudAdapter, botAppId: config.botFramework.appId ?? '', botLogic: bot.logic }),
    events: handoffEvents,
    distributor,
    agentFiles: new AgentFileSending(storage.agentFiles, options.publicUrl),
    settings: config.handoff,
    logger,
    clock,
    lineAccounts: storage.accounts,
    wrapUps: handoffCycles,
  });
  await handoff.ensureFallbackQueue();
  const middleware = new HandoffMiddleware(handoff, logger, {
    queuedReplies: await QueuedCustomerReplies.open(store, handoffConversations, { intervalSeconds: config.handoff.queuedAckSeconds, clock }),
    unsends: new CustomerUnsends(handoffConversations, handoffEvents, changes, storage.attachments),
    leaveMessage: await LeaveMessageOffers.open(store, handoff, clock),
    transcripts: storage.transcripts,
  });
  return { assignments, handoffConversations, handoffEvents, handoff, middleware, close: () => handoff.sweepsDone() };
}
