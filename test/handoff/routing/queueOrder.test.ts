import assert from 'node:assert/strict';
import { compareQueuedItems, nextItemForAgent } from '../../../src/handoff/routing/queueOrder';
import { anAgent, anItem, aQueue, byId } from './routingFixtures';

const QUEUES = byId([aQueue('ja-support', { priority: 1, distribution: 'pick' }), aQueue('ja-vip', { priority: 5, distribution: 'pick' }), aQueue('th-support', { languages: ['th'] })]);

describe('compareQueuedItems', () => {
  it('orders by queue priority, then item priority, then the longest wait, then id', () => {
    const items = [
      anItem('support-new', { enqueuedAt: 300 }),
      anItem('support-old', { enqueuedAt: 100 }),
      anItem('support-urgent', { priority: 9, enqueuedAt: 400 }),
      anItem('vip-new', { queueId: 'ja-vip', enqueuedAt: 500 }),
      anItem('support-old-b', { enqueuedAt: 100 }),
      anItem('unknown-queue', { queueId: 'gone', priority: 99, enqueuedAt: 0 }),
    ];
    const order = [...items].sort((a, b) => compareQueuedItems(a, b, QUEUES)).map((item) => item.id);
    assert.deepEqual(order, ['vip-new', 'support-urgent', 'support-old', 'support-old-b', 'support-new', 'unknown-queue']);
  });
});

describe('nextItemForAgent', () => {
  const agent = anAgent('a', { queueIds: ['ja-support', 'ja-vip'], skills: { billing: 3 } });

  it('gives the first item in queue order across the agent’s queues', () => {
    const items = [anItem('support-old', { enqueuedAt: 100 }), anItem('vip-new', { queueId: 'ja-vip', enqueuedAt: 900 }), anItem('vip-old', { queueId: 'ja-vip', enqueuedAt: 800 })];
    assert.equal(nextItemForAgent(agent, items, QUEUES)?.id, 'vip-old');
    assert.equal(nextItemForAgent(anAgent('b'), items, QUEUES)?.id, 'support-old', 'only ja-support for this agent');
  });

  it('orders by priority before waiting time within a queue', () => {
    const items = [anItem('old', { enqueuedAt: 100 }), anItem('urgent', { priority: 3, enqueuedAt: 900 }), anItem('older', { enqueuedAt: 50 })];
    assert.equal(nextItemForAgent(agent, items, QUEUES)?.id, 'urgent');
    assert.equal(nextItemForAgent(agent, items.filter((item) => item.id !== 'urgent'), QUEUES)?.id, 'older');
  });

  it('passes over items in another language, needing a missing skill, or larger than the free capacity', () => {
    const items = [
      anItem('thai', { queueId: 'ja-support', language: 'th', priority: 9 }),
      anItem('legal', { requiredSkills: ['legal'], priority: 8 }),
      anItem('big', { units: 3, priority: 7 }),
      anItem('fits', { requiredSkills: ['billing'], units: 2 }),
    ];
    const halfLoaded = { ...agent, capacity: 4, load: 2 };
    assert.equal(nextItemForAgent(halfLoaded, items, QUEUES)?.id, 'fits');
    assert.equal(nextItemForAgent({ ...halfLoaded, load: 3 }, items, QUEUES), undefined);
  });

  it('gives nothing to an agent who is not available, or from queues they do not serve', () => {
    const items = [anItem('i1'), anItem('thai', { queueId: 'th-support', language: 'th' })];
    assert.equal(nextItemForAgent({ ...agent, presence: 'busy' }, items, QUEUES), undefined);
    assert.equal(nextItemForAgent(anAgent('thai-speaker', { languages: ['th'], queueIds: ['ja-support'] }), items, QUEUES), undefined);
    assert.equal(nextItemForAgent(agent, [], QUEUES), undefined);
  });
});
