import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import * as fixtures from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

function lineUser(n: number): string {
  return `U${(0xd000 + n).toString(16).padStart(32, '0')}`;
}

function handoffIdOfLineUser(userId: string): string {
  return handoffIdOf('line', `default:user:${userId}`);
}

describe('conversation history: searching the text of transcripts', () => {
  let h: HandoffHarness;
  let dataDir = '';
  let store: DocumentStore;
  let amy: TestAgent;
  let tida: TestAgent;
  let sue: TestAgent;
  const yuki = lineUser(1);
  const somchai = lineUser(2);
  const mei = lineUser(3);
  const ken = lineUser(4);
  const pat = lineUser(5);

  /** A customer writes `text` now (by the harness's clock, as LINE stamps a message when it is sent). */
  async function say(userId: string, text: string): Promise<void> {
    const timestamp = h.clock.now().getTime();
    await h.deliver(fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, timestamp, webhookEventId: fixtures.webhookEventIdAt(timestamp), replyToken: h.server.fake.api.issueReplyToken(userId) }));
  }

  /** The customer writes to the bot, asks for a person, writes more; the agent answers and closes. */
  async function serve(agent: TestAgent, userId: string, language: string, before: readonly string[], during: readonly string[], answer: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: `Customer ${userId.slice(-2)}`, language });
    for (const text of before) await say(userId, text);
    await say(userId, 'cmd:agent');
    const id = handoffIdOfLineUser(userId);
    const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    for (const text of during) await say(userId, text);
    const answered = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: answer });
    assert.equal(answered.status, 201, answered.text);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    const closed = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
    assert.equal(closed.json.state, 'closed', closed.text);
  }

  async function found(agent: TestAgent, q: string, extra = ''): Promise<string[]> {
    const answer = await h.call(agent.token, 'GET', `/api/agent/history?q=${encodeURIComponent(q)}${extra}`);
    assert.equal(answer.status, 200, answer.text);
    const byHandoff = new Map([yuki, somchai, mei, ken, pat].map((user) => [handoffIdOfLineUser(user), user]));
    return (answer.json.items as { handoffId: string }[]).map((item) => byHandoff.get(item.handoffId) ?? item.handoffId);
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'history-text-'));
    store = await openSqliteDocumentStore({ dataDir });
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' }, store);
    await h.admin('POST', '/api/admin/queues', { id: 'desk', name: 'Desk', languages: ['ja', 'zh-TW', 'en'], priority: 5, distribution: 'pick' });
    await h.admin('POST', '/api/admin/queues', { id: 'thai', name: 'Thai desk', languages: ['th'], priority: 5, distribution: 'pick' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'thai', name: 'Thai', order: 10, when: { languages: ['th'] }, queueId: 'thai', requiredSkills: [] });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'others', name: 'Others', order: 20, when: { languages: ['ja', 'zh-TW', 'en'] }, queueId: 'desk', requiredSkills: [] });
    amy = await h.createAgent('amy', { displayName: 'Amy', languages: ['ja', 'zh-TW', 'en'], capacity: 2, queueIds: ['desk'] });
    tida = await h.createAgent('tida', { displayName: 'Tida', languages: ['th'], capacity: 2, queueIds: ['thai'] });
    sue = await h.createAgent('sue', undefined, ['supervisor']);
    await h.presence(amy, 'available');
    await h.presence(tida, 'available');
    await serve(amy, yuki, 'ja', ['返品したいです'], ['注文番号は12345です'], 'Your parcel label is ZX9981.');
    await serve(tida, somchai, 'th', [], ['ฉันต้องการคืนเงินค่ะ'], 'ได้ค่ะ');
    await serve(amy, mei, 'zh-TW', [], ['我想要退貨，謝謝'], '好的');
    await serve(amy, ken, 'en', [], ['I went from 東京 to 京都 by train', 'Where is my parcel?'], 'On its way');
    await serve(amy, pat, 'en', [], ['Please delete my account'], 'Done');
  });

  after(async () => {
    await h.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds an English word as a whole word, in any case, and not as part of another word', async () => {
    assert.deepEqual(await found(sue, 'PARCEL'), [ken, yuki]);
    assert.deepEqual(await found(sue, 'parcel where'), [ken]);
    assert.deepEqual(await found(sue, 'parc'), []);
  });

  it('finds a Japanese piece inside a sentence, written to the bot before the handoff', async () => {
    assert.deepEqual(await found(sue, '返品'), [yuki]);
    assert.deepEqual(await found(sue, '注文番号'), [yuki]);
    assert.deepEqual(await found(sue, '返品です'), [], 'pieces that occur apart are not the phrase');
  });

  it('finds a Thai word inside a sentence without spaces', async () => {
    assert.deepEqual(await found(sue, 'คืนเงิน'), [somchai]);
    assert.deepEqual(await found(tida, 'คืนเงิน'), [somchai]);
  });

  it('finds a Traditional Chinese phrase', async () => {
    assert.deepEqual(await found(sue, '退貨'), [mei]);
    assert.deepEqual(await found(sue, '退貨 謝謝'), [mei]);
  });

  it('finds what an agent wrote', async () => {
    assert.deepEqual(await found(sue, 'zx9981'), [yuki]);
  });

  it('gives no false hit when the character pairs of a phrase occur apart', async () => {
    // 東京都 is 東京 + 京都: both pairs are in Ken's message, the phrase is not.
    assert.deepEqual(await found(sue, '東京都'), []);
    assert.deepEqual(await found(sue, '東京'), [ken]);
  });

  it("keeps to what the agent may see: no match from another queue's conversation", async () => {
    assert.deepEqual(await found(amy, 'คืนเงิน'), []);
    assert.deepEqual(await found(tida, '返品'), []);
    assert.deepEqual(await found(amy, '返品'), [yuki]);
  });

  it('combines with the other filters and pages', async () => {
    assert.deepEqual(await found(sue, 'parcel', '&queueId=thai'), []);
    assert.deepEqual(await found(sue, 'parcel', `&agentId=${amy.id}`), [ken, yuki]);
    const first = await h.call(sue.token, 'GET', `/api/agent/history?q=parcel&limit=1`);
    assert.equal((first.json.items as unknown[]).length, 1);
    assert.equal(typeof first.json.nextBefore, 'string');
    assert.deepEqual(await found(sue, 'parcel', `&limit=1&before=${encodeURIComponent(String(first.json.nextBefore))}`), [yuki]);
  });

  it('forgets a purged customer: their words are found no more', async () => {
    assert.deepEqual(await found(sue, 'delete account'), [pat]);
    const purged = await h.admin('DELETE', `/api/admin/customers/${encodeURIComponent(`line:${pat}`)}`);
    assert.equal(purged.status, 200, purged.text);
    assert.deepEqual(await found(sue, 'delete account'), []);
    const left = await store.collection('transcriptTerms');
    assert.equal(await left.countDocuments({ conversationId: `default:user:${pat}` }), 0, 'no index entry of the purged customer is left');
  });
});
