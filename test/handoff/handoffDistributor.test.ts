import assert from 'node:assert/strict';
import { createLogger } from '../../src/logger';
import { AssignmentStore } from '../../src/handoff/assignmentStore';
import { HandoffConfigRepository } from '../../src/handoff/config/handoffConfigRepository';
import { HandoffConversationRepository } from '../../src/handoff/handoffConversationRepository';
import { HandoffDistributor } from '../../src/handoff/handoffDistributor';
import { HandoffEventBus, type HandoffEvent } from '../../src/handoff/handoffEvents';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';

const T0 = new Date('2026-03-02T01:00:00Z');

describeEachBackend('HandoffDistributor', (backend) => {
  let store: DocumentStore;
  let config: HandoffConfigRepository;

  beforeEach(async () => {
    store = await backend.open();
    config = await HandoffConfigRepository.open(store);
    await config.createQueue({ id: 'ja-support', name: 'Support', languages: ['ja'], priority: 1, distribution: 'push' });
    await config.createQueue({ id: 'en-desk', name: 'Desk', languages: ['en'], priority: 1, distribution: 'pick' });
  });
  afterEach(async () => store.close());

  /** One server instance's distributor, with its own repositories over the shared store. */
  async function instance(events = new HandoffEventBus(), clock = () => T0): Promise<{ distributor: HandoffDistributor; conversations: HandoffConversationRepository; assignments: AssignmentStore }> {
    const conversations = await HandoffConversationRepository.open(store);
    const assignments = await AssignmentStore.open(store);
    const distributor = new HandoffDistributor({
      conversations,
      assignments,
      config: await HandoffConfigRepository.open(store),
      events,
      skillMatch: 'exact',
      acceptTimeoutSeconds: 30,
      logger: createLogger('silent'),
      clock,
    });
    return { distributor, conversations, assignments };
  }

  async function queueConversation(target: { conversations: HandoffConversationRepository; assignments: AssignmentStore }, n: number, queueId = 'ja-support', language: 'ja' | 'en' = 'ja'): Promise<string> {
    const id = `c${n.toString().padStart(4, '0')}`;
    const at = new Date(T0.getTime() - (1000 - n) * 1000);
    await target.conversations.startCycle({
      id,
      channelId: 'line',
      conversationId: `default:user:U${n}`,
      customerId: `line:U${n}`,
      lineAccountId: 'default',
      reference: {},
      language,
      skill: 'general',
      topic: undefined,
      reason: 'customerAsked',
      summary: '',
      workstreamId: 'default',
      queueId,
      requiredSkills: [],
      priority: 1,
      ruleId: undefined,
      units: 1,
      requestedAt: at,
      queuedAt: at,
      lastMessageAt: at,
    });
    await target.assignments.enqueue({ conversationKey: id, queueId, units: 1, at });
    return id;
  }

  it('three instances distributing at once never offer a conversation twice nor overload an agent', async () => {
    const instances = await Promise.all([instance(), instance(), instance()]);
    const first = instances[0];
    assert.ok(first);
    const capacities = [1, 2, 3, 1, 2];
    for (const [index, capacity] of capacities.entries()) {
      await config.createAgent({ id: `agent-${index}`, displayName: `Agent ${index}`, languages: ['ja'], skills: [], capacity, queueIds: ['ja-support'] });
      await first.assignments.upsertAgent({ id: `agent-${index}`, capacity, presence: 'available' });
    }
    for (let n = 0; n < 20; n += 1) await queueConversation(first, n);

    await Promise.all(instances.flatMap((each) => [each.distributor.distribute(), each.distributor.distribute()]));

    const offered = await first.conversations.find({ state: 'queued', offeredAgentId: { $exists: true } });
    const totalCapacity = capacities.reduce((sum, capacity) => sum + capacity, 0);
    assert.equal(offered.length, totalCapacity, 'every unit of capacity is used, once');
    for (const record of offered) {
      const item = await first.assignments.get(record.id);
      assert.equal(item?.state, 'offered');
      assert.equal(item?.agentId, record.offeredAgentId, 'the record and the work item name the same agent');
    }
    for (const [index, capacity] of capacities.entries()) {
      const agent = await first.assignments.agent(`agent-${index}`);
      assert.equal(agent?.free, 0, `agent-${index} is full, not over`);
      assert.equal(offered.filter((record) => record.offeredAgentId === `agent-${index}`).length, capacity);
    }
  });

  it('offers the longest-waiting conversations first', async () => {
    const { distributor, conversations, assignments } = await instance();
    await config.createAgent({ id: 'solo', displayName: 'Solo', languages: ['ja'], skills: [], capacity: 3, queueIds: ['ja-support'] });
    await assignments.upsertAgent({ id: 'solo', capacity: 3, presence: 'available' });
    for (const n of [4, 1, 3, 0, 2]) await queueConversation({ conversations, assignments }, n);
    await distributor.distribute();
    const offered = (await conversations.find({ offeredAgentId: 'solo' })).map((record) => record.id).sort();
    assert.deepEqual(offered, ['c0000', 'c0001', 'c0002']);
  });

  it('leaves pick-mode queues to the agents and skips agents without the language', async () => {
    const { distributor, conversations, assignments } = await instance();
    await config.createAgent({ id: 'en-only', displayName: 'En', languages: ['en'], skills: [], capacity: 5, queueIds: ['ja-support', 'en-desk'] });
    await assignments.upsertAgent({ id: 'en-only', capacity: 5, presence: 'available' });
    const japanese = await queueConversation({ conversations, assignments }, 1);
    const english = await queueConversation({ conversations, assignments }, 2, 'en-desk', 'en');
    await distributor.distribute();
    assert.equal((await conversations.get(japanese))?.offeredAgentId, undefined, 'no agent speaks Japanese');
    assert.equal((await conversations.get(english))?.offeredAgentId, undefined, 'pick queues are not offered');
  });

  it('expires an offer after the accept timeout, passes the agent over, and tells the screens', async () => {
    let now = T0;
    const events: HandoffEvent[] = [];
    const bus = new HandoffEventBus();
    bus.subscribe((event) => events.push(event));
    const { distributor, conversations, assignments } = await instance(bus, () => now);
    for (const id of ['a', 'b']) {
      await config.createAgent({ id, displayName: id, languages: ['ja'], skills: [], capacity: 1, queueIds: ['ja-support'] });
      await assignments.upsertAgent({ id, capacity: 1, presence: 'available' });
    }
    const conversation = await queueConversation({ conversations, assignments }, 1);
    await distributor.distribute();
    const firstAgent = (await conversations.get(conversation))?.offeredAgentId;
    assert.ok(firstAgent);
    now = new Date(T0.getTime() + 29_000);
    assert.equal(await distributor.expireOffers(now), 0);
    now = new Date(T0.getTime() + 31_000);
    assert.equal(await distributor.expireOffers(now), 1);
    const after = await conversations.get(conversation);
    assert.equal(after?.offeredAgentId, undefined);
    assert.deepEqual(after?.declined.map((decline) => decline.agentId), [firstAgent]);
    assert.equal((await assignments.agent(firstAgent))?.free, 1, 'capacity back');
    assert.ok(events.some((event) => event.type === 'offerEnded' && event.reason === 'expired' && event.agentId === firstAgent));
    await distributor.distribute();
    const secondAgent = (await conversations.get(conversation))?.offeredAgentId;
    assert.ok(secondAgent !== undefined && secondAgent !== firstAgent, 'the next agent gets it');
  });
});
