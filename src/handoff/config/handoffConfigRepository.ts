import type { z } from 'zod';
import type { DocumentStore } from '../../storage/engine/documentStore';
import type { Queue } from '../routing/routingModel';
import { ConfigItemCollection } from './configItemCollection';
import { QueueInUseError, UnknownQueueError } from './handoffConfigErrors';
import type { AgentProfile, CannedResponse, RoutingRuleConfig, Workstream } from './handoffConfigModel';
import { agentProfileSchema, cannedResponseSchema, queueSchema, routingRuleSchema, workstreamSchema } from './handoffConfigSchemas';

/** Collection of queues. */
export const HANDOFF_QUEUES_COLLECTION = 'handoffQueues';
/** Collection of routing rules. */
export const ROUTING_RULES_COLLECTION = 'routingRules';
/** Collection of agent profiles. */
export const AGENT_PROFILES_COLLECTION = 'agentProfiles';
/** Collection of workstreams. */
export const WORKSTREAMS_COLLECTION = 'workstreams';
/** Collection of canned responses. */
export const CANNED_RESPONSES_COLLECTION = 'cannedResponses';

/**
 * What routing is configured with — queues, routing rules, agent profiles, workstreams — kept
 * consistent: a rule or profile names only existing queues, and a queue still named is not deleted.
 *
 * The checks read before they write, so a queue deleted at the very moment a rule naming it is
 * saved can leave that rule dangling; the router refuses unknown queues loudly
 * (`RoutingConfigurationError`), and administrators edit rarely and one at a time.
 *
 * @example
 * const config = await HandoffConfigRepository.open(store);
 * await config.createQueue({ id: 'ja-billing', name: 'Billing (ja)', languages: ['ja'], priority: 5, distribution: 'push' });
 * await config.createRule({ id: 'ja', name: 'Japanese', order: 1, when: { languages: ['ja'] }, queueId: 'ja-billing', requiredSkills: [] });
 * await config.deleteQueue('ja-billing'); // throws QueueInUseError naming rule 'ja'
 */
export class HandoffConfigRepository {
  private constructor(
    /** Queues by id. */
    readonly queues: ConfigItemCollection<Queue>,
    /** Routing rules, listed in `order`. */
    readonly rules: ConfigItemCollection<RoutingRuleConfig>,
    /** Agent profiles by id. */
    readonly agents: ConfigItemCollection<AgentProfile>,
    /** Workstreams by id. */
    readonly workstreams: ConfigItemCollection<Workstream>,
    /** Canned responses by title. */
    readonly cannedResponses: ConfigItemCollection<CannedResponse>,
  ) {}

  /** Opens the collections of `store`. */
  static async open(store: DocumentStore): Promise<HandoffConfigRepository> {
    return new HandoffConfigRepository(
      await ConfigItemCollection.open<Queue>(store, HANDOFF_QUEUES_COLLECTION, 'queue', queueSchema, { _id: 1 }),
      await ConfigItemCollection.open<RoutingRuleConfig>(store, ROUTING_RULES_COLLECTION, 'routing rule', routingRuleSchema, { order: 1, _id: 1 }),
      await ConfigItemCollection.open<AgentProfile>(store, AGENT_PROFILES_COLLECTION, 'agent profile', agentProfileSchema, { _id: 1 }),
      await ConfigItemCollection.open<Workstream>(store, WORKSTREAMS_COLLECTION, 'workstream', workstreamSchema, { _id: 1 }, [{ keys: { language: 1, _id: 1 } }, { keys: { lineAccountId: 1, _id: 1 } }]),
      await ConfigItemCollection.open<CannedResponse>(store, CANNED_RESPONSES_COLLECTION, 'canned response', cannedResponseSchema as z.ZodType<CannedResponse>, { title: 1, _id: 1 }),
    );
  }

  /** @throws {HandoffConfigExistsError} when a queue has this id. */
  createQueue(queue: Queue): Promise<Queue> {
    return this.queues.create(queue);
  }

  /** @throws {HandoffConfigNotFoundError} when no queue has `queue.id`. */
  replaceQueue(queue: Queue): Promise<Queue> {
    return this.queues.replace(queue);
  }

  /**
   * Deletes a queue no rule or agent profile names.
   *
   * @throws {QueueInUseError} listing the rules and profiles that name it.
   * @throws {HandoffConfigNotFoundError} when no queue has `id`.
   */
  async deleteQueue(id: string): Promise<void> {
    const [rules, agents] = await Promise.all([this.rules.list({ queueId: id }), this.agents.list({ queueIds: id })]);
    if (rules.length > 0 || agents.length > 0) throw new QueueInUseError(id, rules.map((rule) => rule.id), agents.map((agent) => agent.id));
    await this.queues.delete(id);
  }

  /**
   * @throws {UnknownQueueError} when the target queue does not exist.
   * @throws {HandoffConfigExistsError} when a rule has this id.
   */
  async createRule(rule: RoutingRuleConfig): Promise<RoutingRuleConfig> {
    await this.assertQueuesExist([rule.queueId], () => 'queueId');
    return this.rules.create(rule);
  }

  /**
   * @throws {UnknownQueueError} when the target queue does not exist.
   * @throws {HandoffConfigNotFoundError} when no rule has `rule.id`.
   */
  async replaceRule(rule: RoutingRuleConfig): Promise<RoutingRuleConfig> {
    await this.assertQueuesExist([rule.queueId], () => 'queueId');
    return this.rules.replace(rule);
  }

  /**
   * @throws {UnknownQueueError} naming the first of `queueIds` that does not exist.
   * @throws {HandoffConfigExistsError} when a profile has this id.
   */
  async createAgent(agent: AgentProfile): Promise<AgentProfile> {
    await this.assertQueuesExist(agent.queueIds, (index) => `queueIds.${index}`);
    return this.agents.create(agent);
  }

  /**
   * @throws {UnknownQueueError} naming the first of `queueIds` that does not exist.
   * @throws {HandoffConfigNotFoundError} when no profile has `agent.id`.
   */
  async replaceAgent(agent: AgentProfile): Promise<AgentProfile> {
    await this.assertQueuesExist(agent.queueIds, (index) => `queueIds.${index}`);
    return this.agents.replace(agent);
  }

  private async assertQueuesExist(queueIds: readonly string[], fieldOf: (index: number) => string): Promise<void> {
    if (queueIds.length === 0) return;
    const known = new Set((await this.queues.list({ _id: { $in: queueIds } })).map((queue) => queue.id));
    const missing = queueIds.findIndex((queueId) => !known.has(queueId));
    if (missing >= 0) throw new UnknownQueueError(queueIds[missing] ?? '', fieldOf(missing));
  }
}
