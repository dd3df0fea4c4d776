import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fixtures from '../fixtures/lineEvents';
import { TestClock } from '../support/handoffHarness';
import { eventually } from '../support/eventually';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

/** A stand-in for the Emulator's connector service: it takes the bot's replies. */
async function startConnector(): Promise<{ url: string; replies: () => number; server: Server }> {
  let replies = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${replies}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, replies: () => replies, server };
}

const HOUR_MS = 60 * 60 * 1000;

describe('Emulator conversations are bounded in memory and in the store', () => {
  let server: TestServer;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  const clock = new TestClock();

  /** One Emulator user opens a conversation and asks a question, as the Emulator does. */
  async function emulatorConversation(n: number): Promise<void> {
    const base = {
      channelId: 'emulator',
      serviceUrl: connector.url,
      conversation: { id: `limits-${n}|livechat` },
      from: { id: `limits-user-${n}`, name: 'User', role: 'user' },
      recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
      timestamp: new Date().toISOString(),
      locale: 'en-US',
    };
    for (const activity of [
      { ...base, type: 'conversationUpdate', id: `limits-${n}-1`, membersAdded: [{ id: base.from.id, name: 'User' }, { id: 'bot-1', name: 'Bot' }] },
      { ...base, type: 'message', id: `limits-${n}-2`, text: 'Where is my order?' },
    ]) {
      const response = await fetch(`${server.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      assert.ok(response.status === 200 || response.status === 202, `status ${response.status}`);
    }
  }

  before(async () => {
    connector = await startConnector();
    server = await startTestServer({ CONVERSATION_CACHE_IDLE_SECONDS: '60', CONVERSATION_CACHE_MAX: '2', NON_LINE_DATA_TTL_HOURS: '1' }, [], { clock: clock.now });
    for (const n of [1, 2, 3]) await emulatorConversation(n);
    const lineUserId = `U${'c'.repeat(32)}`;
    const { raw, signature } = signWebhook(fixtures.webhookBody([fixtures.textMessageEvent({ source: fixtures.userSource(lineUserId), message: { text: 'Where is my order?' } })]), server.channelSecret);
    const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    assert.equal(response.status, 200);
    await eventually(() => assert.ok(connector.replies() >= 3, 'the bot answering the Emulator'));
    await server.app.whenIdle();
  });
  after(async () => {
    await server.close();
    connector.server.close();
  });

  it('keeps at most the configured number of conversations and customers in memory, and forgets idle ones', () => {
    const memory = server.app.conversationMemory;
    assert.equal(memory.conversations(), 2);
    assert.equal(memory.customers(), 2);

    clock.advance(61_000);
    memory.forgetIdle();
    assert.equal(memory.conversations(), 0);
    assert.equal(memory.customers(), 0);
  });

  it("deletes the Emulator's bot state, customers and transcripts at the first sweep after their lifetime, and keeps LINE's", async () => {
    const byChannel = async (): Promise<Record<string, { emulator: number; line: number; stamped: number }>> => {
      const counts: Record<string, { emulator: number; line: number; stamped: number }> = {};
      for (const name of ['botState', 'customers', 'transcripts', 'conversations']) {
        const documents = await (await server.app.store.collection(name)).find({});
        counts[name] = {
          emulator: documents.filter((document) => document._id.startsWith('emulator')).length,
          line: documents.filter((document) => document._id.startsWith('line')).length,
          stamped: documents.filter((document) => document.expiresAt !== undefined).length,
        };
      }
      return counts;
    };
    const before = await byChannel();
    for (const [name, counts] of Object.entries(before)) {
      assert.ok(counts.emulator >= 3, `${name}: ${counts.emulator} Emulator documents`);
      assert.ok(counts.line >= 1, `${name}: ${counts.line} LINE documents`);
      assert.equal(counts.stamped, 0, `${name}: no expiry is stamped; the sweep judges age when it runs`);
    }
    assert.equal(sumOf(await server.app.retention.run(), 'channel'), 0, 'nothing is an hour old yet');
    clock.advance(2 * HOUR_MS);
    const result = await server.app.retention.run();
    const after = await byChannel();
    for (const [name, counts] of Object.entries(after)) {
      assert.equal(counts.emulator, 0, `${name}: the Emulator's documents are gone`);
      assert.equal(counts.line, before[name]?.line, `${name}: LINE's are kept`);
    }
    assert.equal(sumOf(result, 'channel'), Object.values(before).reduce((sum, counts) => sum + counts.emulator, 0), 'the sweep reports what it deleted');
  });
});

function sumOf(result: Record<string, number>, prefix: string): number {
  return Object.entries(result).filter(([kind]) => kind.startsWith(prefix)).reduce((sum, [, count]) => sum + count, 0);
}
