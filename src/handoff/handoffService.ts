import type { AssignmentStore } from './assignmentStore';
import { DeliveryMarks } from './deliveryMarks';
import { HandoffJournal } from './notes/handoffJournal';
import { WrapUpCodes } from './notes/wrapUpCodes';
import type { HandoffConversationRepository } from './handoffConversationRepository';
import { HandoffSweeps } from './handoffSweeps';
import type { AgentMessageDocument, HandoffServiceOptions } from './handoffServiceModel';

export type { AgentMessage, CustomerActivityRouting, HandoffActor, HandoffConversationView, HandoffOverview, HandoffRequestOutcome, HandoffServiceOptions, TransferTarget } from './handoffServiceModel';

/**
 * The handoff from the bot to people and back: takes the bot's requests, routes them to queues, relays the customer's
 * messages to the agent and the agent's to the customer, runs the agents' and supervisors' actions, sends the
 * automated messages, and sweeps what time decides (offers not accepted, wrap-up, inactivity, queue updates).
 *
 * Every change is a conditional update in the store (see {@link AssignmentStore} and
 * {@link HandoffConversationRepository}), made as a row of the transition table (`handoffTransitions.ts`), so any
 * number of instances may share one database.
 *
 * It is built up by concern, one file each: `handoffBase.ts` (dependencies, reads, `move`), `customerNotices.ts`,
 * `handoffSteps.ts` (the transitions actions share), `handoffViews.ts`, `customerSide.ts`, `agentActions.ts`,
 * `supervisorActions.ts` and `handoffSweeps.ts`; this class adds opening it and the fallback queue.
 */
export class HandoffService extends HandoffSweeps {
  /** Creates the service with its collections of sent agent messages and of their delivery marks. */
  static async open(options: HandoffServiceOptions): Promise<HandoffService> {
    const agentMessages = await options.store.collection<AgentMessageDocument>('handoffAgentMessages', [{ keys: { at: 1 }, expireAfterSeconds: 7 * 24 * 60 * 60 }]);
    return new HandoffService(options, agentMessages, await DeliveryMarks.open(options.store), await HandoffJournal.open(options.store), await WrapUpCodes.open(options.store));
  }

  /** Makes sure the fallback queue exists (serving every language, push distribution), so no request is stranded. */
  async ensureFallbackQueue(): Promise<void> {
    const id = this.options.settings.fallbackQueueId;
    if (await this.options.config.queues.get(id)) return;
    try {
      await this.options.config.createQueue({ id, name: 'General', languages: ['en', 'ja', 'th', 'zh-TW'], priority: 0, distribution: 'push' });
      this.log.info({ queueId: id }, 'created the fallback queue');
    } catch (error) {
      // Another instance created it at the same moment.
      if (!(await this.options.config.queues.get(id))) throw error;
    }
  }
}

