import assert from 'node:assert/strict';
import { HandoffConfigExistsError, HandoffConfigNotFoundError, QueueInUseError, UnknownQueueError } from '../../../src/handoff/config/handoffConfigErrors.js';
import type { AgentProfile, RoutingRuleConfig, Workstream } from '../../../src/handoff/config/handoffConfigModel.js';
import { HandoffConfigRepository } from '../../../src/handoff/config/handoffConfigRepository.js';
import type { Queue } from '../../../src/handoff/routing/routingModel.js';
import type { DocumentStore } from '../../../src/storage/engine/documentStore.js';
import { describeEachBackend } from '../../storage/engine/storageBackends.js';

const tokyoBilling: Queue = {
  id: 'ja-billing',
  name: 'Billing (ja)',
  languages: ['ja'],
  priority: 5,
  distribution: 'push',
  hours: { timeZone: 'Asia/Tokyo', weekly: [{ day: 1, opens: '09:00', closes: '18:00' }], holidays: ['2026-01-01'] },
};
const general: Queue = { id: 'general', name: 'General', languages: ['en', 'ja', 'th', 'zh-TW'], priority: 0, distribution: 'pick' };

function rule(id: string, order: number, queueId: string): RoutingRuleConfig {
  return { id, name: `Rule ${id}`, order, when: { languages: ['ja'] }, queueId, requiredSkills: [] };
}

const ann: AgentProfile = { id: 'user-ann', displayName: 'Ann', languages: ['ja', 'en'], skills: [{ name: 'billing', proficiency: 4 }], capacity: 3, queueIds: ['ja-billing', 'general'] };
const lineJa: Workstream = { id: 'line-ja', name: 'LINE (ja)', language: 'ja', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: false };

describeEachBackend('HandoffConfigRepository', (backend) => {
  let store: DocumentStore;
  let config: HandoffConfigRepository;

  beforeEach(async () => {
    store = await backend.open();
    config = await HandoffConfigRepository.open(store);
  });
  afterEach(() => store.close());

  it('creates, reads, lists, replaces and deletes each kind', async () => {
    await config.createQueue(tokyoBilling);
    await config.createQueue(general);
    assert.deepEqual(await config.queues.get('ja-billing'), tokyoBilling);
    assert.deepEqual((await config.queues.list()).map((queue) => queue.id), ['general', 'ja-billing']);
    await config.replaceQueue({ ...general, priority: 2 });
    assert.equal((await config.queues.get('general'))?.priority, 2);

    await config.createAgent(ann);
    assert.deepEqual(await config.agents.get('user-ann'), ann);
    await config.replaceAgent({ ...ann, capacity: 5, queueIds: ['general'] });
    assert.equal((await config.agents.get('user-ann'))?.capacity, 5);

    await config.workstreams.create(lineJa);
    await config.workstreams.replace({ ...lineJa, automatedMessagesWorkstreamId: 'default' });
    assert.equal((await config.workstreams.get('line-ja'))?.automatedMessagesWorkstreamId, 'default');
    await config.workstreams.delete('line-ja');
    assert.equal(await config.workstreams.get('line-ja'), undefined);
    assert.deepEqual(await config.workstreams.list(), []);
  });

  it('lists rules in order, ties by id', async () => {
    await config.createQueue(general);
    for (const [id, order] of [['late', 30], ['b-first', 10], ['a-first', 10], ['middle', 20]] as const) await config.createRule(rule(id, order, 'general'));
    assert.deepEqual((await config.rules.list()).map((item) => item.id), ['a-first', 'b-first', 'middle', 'late']);
    await config.replaceRule({ ...rule('late', 0, 'general'), priority: 9 });
    const first = (await config.rules.list())[0];
    assert.equal(first?.id, 'late');
    assert.equal(first?.priority, 9);
  });

  it('refuses a duplicate id with a named error', async () => {
    await config.createQueue(general);
    await assert.rejects(config.createQueue({ ...general, name: 'Another' }), (error: unknown) => error instanceof HandoffConfigExistsError && error.kind === 'queue' && error.id === 'general');
    await config.createAgent({ ...ann, queueIds: [] });
    await assert.rejects(config.createAgent({ ...ann, queueIds: [] }), HandoffConfigExistsError);
    assert.equal((await config.queues.get('general'))?.name, 'General');
  });

  it('answers not found for replacing or deleting what does not exist', async () => {
    await assert.rejects(config.replaceQueue(general), HandoffConfigNotFoundError);
    await assert.rejects(config.deleteQueue('general'), HandoffConfigNotFoundError);
    await assert.rejects(config.workstreams.delete('nope'), HandoffConfigNotFoundError);
    assert.deepEqual(await config.queues.list(), [], 'replace does not insert');
  });

  it('refuses a rule or profile naming a missing queue', async () => {
    await config.createQueue(general);
    await assert.rejects(config.createRule(rule('r1', 1, 'missing')), (error: unknown) => error instanceof UnknownQueueError && error.queueId === 'missing' && error.field === 'queueId');
    await config.createRule(rule('r1', 1, 'general'));
    await assert.rejects(config.replaceRule(rule('r1', 1, 'missing')), UnknownQueueError);
    await assert.rejects(config.createAgent({ ...ann, queueIds: ['general', 'missing'] }), (error: unknown) => error instanceof UnknownQueueError && error.field === 'queueIds.1');
    assert.deepEqual((await config.rules.list()).map((item) => item.queueId), ['general']);
    assert.equal(await config.agents.get('user-ann'), undefined);
  });

  it('refuses to delete a queue a rule or profile uses, naming them', async () => {
    await config.createQueue(tokyoBilling);
    await config.createQueue(general);
    await config.createRule(rule('vip', 1, 'ja-billing'));
    await config.createAgent(ann);
    await assert.rejects(config.deleteQueue('ja-billing'), (error: unknown) => {
      assert.ok(error instanceof QueueInUseError);
      assert.deepEqual(error.routingRuleIds, ['vip']);
      assert.deepEqual(error.agentIds, ['user-ann']);
      assert.match(error.message, /vip.*user-ann/);
      return true;
    });
    await config.rules.delete('vip');
    await config.replaceAgent({ ...ann, queueIds: ['general'] });
    await config.deleteQueue('ja-billing');
    assert.deepEqual((await config.queues.list()).map((queue) => queue.id), ['general']);
  });

  it('keeps the configuration across a restart', async () => {
    await config.createQueue(tokyoBilling);
    store = await backend.reopen(store);
    config = await HandoffConfigRepository.open(store);
    assert.deepEqual(await config.queues.get('ja-billing'), tokyoBilling);
  });
});
