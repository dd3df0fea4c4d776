import assert from 'node:assert/strict';
import * as fixtures from '../fixtures/lineEvents';
import { AnswerLedger } from '../support/answerLedger';
import { openHandoffEventStream } from '../support/handoffEventStreamReader';
import { HandoffHarness, HARNESS_ADMIN_KEY } from '../support/handoffHarness';
import { signWebhook } from '../support/signedWebhook';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/testServer';

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xc0ffee00 + n).toString(16).padStart(32, '0')}`;
}

/** Generous bounds of a failing test; nothing here measures speed. */
const DEADLINE_MS = 20_000;
/** Longer than any test: a conversation that runs in time was started by the hand-over, not by the work queue's poll. */
const NO_POLL = { LINE_EVENT_POLL_MS: '60000' };
const METRICS_TOKEN = 'turn-runner-metrics-token';

async function postWebhook(server: TestServer, events: unknown[]): Promise<Response> {
  const { raw, signature } = signWebhook(fixtures.webhookBody(events as Parameters<typeof fixtures.webhookBody>[0]), server.channelSecret);
  return fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
}

function textEvent(server: TestServer, userId: string, text: string, replyToken = server.fake.api.issueReplyToken(userId)): ReturnType<typeof fixtures.textMessageEvent> {
  return fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken });
}

async function transcriptTexts(server: TestServer, userId: string): Promise<string[]> {
  const response = await fetch(`${server.app.url}/api/transcripts/line/${encodeURIComponent(`default:user:${userId}`)}`, { headers: { authorization: `Bearer ${HARNESS_ADMIN_KEY}` } });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { items: { text?: string; from?: { role?: string } }[] };
  return body.items.map((item) => item.text ?? '');
}

describe('LINE turns in a worker thread (LINE_TURN_RUNNER=thread)', function () {
  this.timeout(60_000);
  let harness: HandoffHarness;

  before(async () => {
    harness = await HandoffHarness.start({ LINE_TURN_RUNNER: 'thread', METRICS_TOKEN, ...NO_POLL });
    await harness.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
    await harness.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
  });
  after(async () => {
    await harness?.close();
  });

  it('runs the turn off the main thread: the reply uses the reply token and the transcript is stored', async () => {
    const server = harness.server;
    assert.ok(server.app.turnThread, 'a turn worker thread runs');
    const userId = lineUser(1);
    const response = await postWebhook(server, [textEvent(server, userId, 'hello from the thread test')]);
    assert.equal(response.status, 200);
    await eventually(() => assert.ok(harness.deliveredTo(userId).length > 0, 'the answer'), { timeoutMs: DEADLINE_MS });
    await server.app.whenIdle();
    assert.ok(harness.deliveredTo(userId).every((message) => message.via === 'reply'), 'answered by its reply token');
    const texts = await transcriptTexts(server, userId);
    assert.ok(texts.includes('hello from the thread test'), `the customer's message is in the transcript: ${JSON.stringify(texts)}`);
    assert.ok(texts.length >= 2, 'and the answer too');
    const mainThreadTurns = (await server.app.metrics.registry.getSingleMetricAsString('bot_turn_duration_seconds')).match(/^bot_turn_duration_seconds_count\{[^}]*channel="line"[^}]*\} [1-9]/m);
    assert.equal(mainThreadTurns, null, 'the main thread ran no LINE turn');
  });

  it("hands off to an agent whose dashboard stream sees the customer's messages, and the agent's answer reaches LINE", async () => {
    const aiko = await harness.createAgent('aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 2, queueIds: ['ja-support'] });
    const stream = await openHandoffEventStream(harness.url, aiko.token, DEADLINE_MS);
    try {
      await harness.presence(aiko, 'available');
      const userId = lineUser(2);
      harness.server.fake.api.setProfile(userId, { displayName: 'Kenji', language: 'ja' });
      await harness.say(userId, 'cmd:agent');
      await stream.waitFor(/event: offer\ndata: .*"agentId":"[^"]+"/);
      const id = await harness.conversationIdFor(aiko, userId);
      assert.equal((await harness.call(aiko.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      await harness.say(userId, 'スレッドからこんにちは');
      await stream.waitFor(/event: message\ndata: .*スレッドからこんにちは/);
      const sent = await harness.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: '担当のアイコです' });
      assert.ok(sent.status >= 200 && sent.status < 300, sent.text);
      await eventually(() => assert.ok(harness.deliveredTo(userId).some((message) => message.text === '担当のアイコです'), "the agent's answer on LINE"), { timeoutMs: DEADLINE_MS });
    } finally {
      stream.close();
    }
  });

  it("merges the thread's turn metrics into /metrics", async () => {
    const response = await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
    const text = await response.text();
    const lineTurns = /^bot_turn_duration_seconds_count\{[^}]*channel="line"[^}]*\} (\d+)/m.exec(text);
    assert.ok(lineTurns && Number(lineTurns[1]) >= 3, `LINE turns counted by the thread: ${lineTurns?.[0]}`);
    assert.match(text, /^line_messages_sent_total\{[^}]*kind="reply"[^}]*\} [1-9]/m);
    assert.match(text, /^process_resident_memory_bytes \d/m, "the process's own figures are still there, once");
    assert.equal(text.match(/^# TYPE process_resident_memory_bytes/gm)?.length, 1);
  });
});

describe('the LINE simulator with a turn worker thread', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ LINE_TURN_RUNNER: 'thread', LINE_SIMULATOR: 'on', ...NO_POLL });
  });
  after(async () => {
    await server?.close();
  });

  it("answers a simulated customer: the thread calls the simulator's Messaging API on the main thread", async () => {
    const simulator = server.app.simulator;
    assert.ok(simulator);
    const userId = lineUser(50);
    const response = await fetch(`${server.app.url}/simulator/api/users/${userId}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'text', text: 'hello simulator' }) });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { webhookStatus: number }).webhookStatus, 200);
    await eventually(() => assert.ok(simulator.fakeApi.delivered.some((batch) => batch.chatId === userId), 'the answer in the simulator'), { timeoutMs: DEADLINE_MS });
    assert.equal(simulator.fakeApi.delivered.find((batch) => batch.chatId === userId)?.via, 'reply');
  });
});

describe('a turn worker thread that dies mid-burst', function () {
  this.timeout(120_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ LINE_TURN_RUNNER: 'thread', ADMIN_API_KEY: HARNESS_ADMIN_KEY, LINE_EVENT_LEASE_SECONDS: '2', LINE_EVENT_POLL_MS: '200' });
  });
  after(async () => {
    await server?.close();
  });

  it('loses nothing acknowledged: every event is answered, and only a turn in flight at the crash twice', async () => {
    const thread = server.app.turnThread;
    assert.ok(thread);
    const ledger = new AnswerLedger();
    const users = Array.from({ length: 8 }, (_, index) => lineUser(100 + index));
    const sent: { key: string; userId: string }[] = [];
    const send = async (round: number): Promise<void> => {
      await Promise.all(
        users.map(async (userId, index) => {
          const key = `burst ${round}-${index}`;
          const replyToken = server.fake.api.issueReplyToken(userId);
          ledger.expect(key, userId, replyToken);
          const response = await postWebhook(server, [textEvent(server, userId, key, replyToken)]);
          assert.equal(response.status, 200, `${key} acknowledged`);
          sent.push({ key, userId });
        }),
      );
    };
    for (let round = 0; round < 5; round += 1) await send(round);
    // Killed while the first rounds' turns run: some answered, some not yet.
    await eventually(() => assert.ok(server.fake.api.delivered.length >= 3, 'the first answers'), { timeoutMs: DEADLINE_MS });
    await thread.kill();
    ledger.markRestart(server.fake.api.delivered.length);
    for (let round = 5; round < 10; round += 1) await send(round);
    await eventually(() => assert.ok(thread.startCount >= 2, 'the thread started again'), { timeoutMs: DEADLINE_MS });

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { answers } = ledger.attribute(server.fake.api.delivered);
      if (sent.every((item) => answers.has(item.key))) break;
      assert.ok(Date.now() < deadline, `unanswered: ${sent.filter((item) => !answers.has(item.key)).map((item) => item.key).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.app.whenIdle();
    const { answers, unattributed, lastAnsweredBeforeRestart } = ledger.attribute(server.fake.api.delivered);
    assert.equal(unattributed.length, 0, 'every delivered batch answers an event the test sent');
    for (const { key, userId } of sent) {
      const batches = answers.get(key) ?? [];
      if (batches.length === 1) continue;
      assert.equal(batches.length, 2, `${key} answered ${batches.length} times`);
      assert.equal(lastAnsweredBeforeRestart.get(userId), key, `${key} was answered twice but was not its conversation's turn in flight at the crash`);
      assert.equal(batches[1]?.replyToken, undefined, 'a repeat can only push (the token was used)');
    }
  });
});

describe('an ingest-only process (LINE_TURN_RUNNER=off) beside a turn process', function () {
  this.timeout(60_000);
  let ingest: TestServer;
  let turns: TestServer;

  before(async () => {
    ingest = await startTestServer({ LINE_TURN_RUNNER: 'off', ADMIN_API_KEY: HARNESS_ADMIN_KEY });
    // The same store, and the same LINE API as far as the account stored in it says.
    turns = await startTestServer({ DATA_DIR: ingest.dataDir, LINE_API_BASE_URL: ingest.fake.baseUrl, LINE_DATA_API_BASE_URL: ingest.fake.baseUrl, ...NO_POLL });
  });
  after(async () => {
    await turns?.close();
    await ingest?.close();
  });

  it('acknowledges without running turns; the turn process runs them as soon as the change feed tells it', async () => {
    const userIds = [lineUser(200), lineUser(201), lineUser(202)];
    for (const userId of userIds) {
      const response = await postWebhook(ingest, [textEvent(ingest, userId, `ingest only ${userId}`)]);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { accepted: 1, duplicates: 0 });
    }
    const repliedTo = (userId: string): boolean => ingest.fake.api.delivered.some((batch) => batch.chatId === userId);
    await eventually(() => assert.ok(userIds.every(repliedTo), 'answers from the turn process'), { timeoutMs: DEADLINE_MS });
    await turns.app.whenIdle();
    for (const userId of userIds) {
      const batches = ingest.fake.api.delivered.filter((batch) => batch.chatId === userId);
      assert.equal(batches.length, 1, `${userId} answered once`);
      assert.ok(batches[0]?.replyToken, 'by its reply token');
      assert.ok((await transcriptTexts(ingest, userId)).includes(`ingest only ${userId}`), 'the transcript is stored');
    }
  });
});
