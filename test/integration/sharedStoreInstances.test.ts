import { openHandoffEventStream, type HandoffEventStreamReader } from '../support/handoffEventStreamReader';
import assert from 'node:assert/strict';
import * as fixtures from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { signWebhook } from '../support/signedWebhook';
import { eventually } from '../support/eventually';

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xfeed00 + n).toString(16).padStart(32, '0')}`;
}

/** Generous: the change feed delivers within its poll interval; this only bounds a failing test. */
const DEADLINE_MS = 10_000;

describe('two server instances sharing one store (change feed)', () => {
  let a: HandoffHarness;
  let b: HandoffHarness;
  let aiko: TestAgent;

  before(async () => {
    a = await HandoffHarness.start();
    // Its own process as far as the store is concerned: its own handle on the same data directory.
    b = await HandoffHarness.start({ DATA_DIR: a.server.dataDir });
    await a.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
    await a.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    aiko = await a.createAgent('aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 2, queueIds: ['ja-support'] });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  /** `GET /api/handoff/events` on `harness`, read in the background. */
  function openStream(harness: HandoffHarness, token: string): Promise<HandoffEventStreamReader> {
    return openHandoffEventStream(harness.url, token, DEADLINE_MS);
  }

  async function webhookStatus(harness: HandoffHarness): Promise<number> {
    const { raw, signature } = signWebhook(fixtures.webhookBody([]), harness.server.channelSecret);
    const response = await fetch(`${harness.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    await response.arrayBuffer();
    return response.status;
  }

  it("streams to an agent connected to instance A the offer made by B and the customer's message B handled", async () => {
    const stream = await openStream(a, aiko.token);
    try {
      await a.presence(aiko, 'available');
      const userId = lineUser(1);
      b.server.fake.api.setProfile(userId, { displayName: 'Kenji', language: 'ja' });
      await b.say(userId, 'cmd:agent');
      await stream.waitFor(/event: offer\ndata: .*"agentId":"[^"]+"/);

      const id = await b.conversationIdFor(aiko, userId);
      assert.equal((await b.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      await stream.waitFor(/event: offerEnded\ndata: .*"reason":"accepted"/);
      await b.say(userId, '別のインスタンスからこんにちは');
      await stream.waitFor(/event: message\ndata: .*別のインスタンスからこんにちは/);
    } finally {
      stream.close();
    }
  });

  it('streams to an agent connected to instance A the internal note a supervisor wrote through B', async () => {
    const sue = await a.createAgent('sue', undefined, ['supervisor']);
    const stream = await openStream(a, aiko.token);
    try {
      await a.presence(aiko, 'available');
      const userId = lineUser(3);
      b.server.fake.api.setProfile(userId, { displayName: 'Mika', language: 'ja' });
      await b.say(userId, 'cmd:agent');
      const id = await b.conversationIdFor(aiko, userId);
      assert.equal((await a.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      assert.equal((await b.call(sue.token, 'POST', `/api/agent/conversations/${id}/notes`, { text: 'ノート：返金を承認' })).status, 201);
      await stream.waitFor(/event: note\ndata: .*"byRole":"supervisor".*ノート：返金を承認/);
    } finally {
      stream.close();
    }
  });

  it("refuses on B's webhook, soon after, an account disabled through A's admin API", async () => {
    // B has the account cached now.
    assert.equal(await webhookStatus(b), 200);
    await a.admin('PATCH', '/api/admin/channels/line/default', { enabled: false });
    try {
      await eventually(async () => assert.equal(await webhookStatus(b), 404, 'B refuses the disabled account'), { timeoutMs: DEADLINE_MS, intervalMs: 50 });
    } finally {
      await a.admin('PATCH', '/api/admin/channels/line/default', { enabled: true });
    }
    await eventually(async () => assert.equal(await webhookStatus(b), 200, 'B serves the account again once re-enabled'), { timeoutMs: DEADLINE_MS, intervalMs: 50 });
  });
});
