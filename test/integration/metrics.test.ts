import assert from 'node:assert/strict';
import { lineConversationId } from '../../adapters/line/lineConversationId';
import * as fixtures from '../fixtures/lineEvents';
import { hasSample, parsePrometheusText, sampleSum, type PrometheusSample } from '../support/prometheusText';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const TOKEN = 'metrics-token-for-tests-0123';

describe('/metrics through the real server', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
  });
  after(async () => server.close());

  async function scrape(): Promise<PrometheusSample[]> {
    const response = await fetch(`${server.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    return parsePrometheusText(await response.text());
  }

  it('refuses a scrape without the token or with a wrong one', async () => {
    assert.equal((await fetch(`${server.app.url}/metrics`)).status, 401);
    const wrong = await fetch(`${server.app.url}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(await wrong.text(), /line_webhook/);
  });

  it('moves when a webhook is handled, answered by reply, repeated by LINE, and followed by a push', async () => {
    const before = await scrape();
    const event = { ...fixtures.textMessageEvent({ webhookEventId: '01METRICSTEST0000000000001' }), replyToken: server.fake.api.issueReplyToken(fixtures.USER_ID) };
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
      assert.equal(response.status, 200);
    }
    await server.app.whenIdle();
    await server.app.lineAdapter.continueConversation({ channelId: 'line', conversation: { id: lineConversationId({ accountId: 'default', chatType: 'user', chatId: fixtures.USER_ID }) } as never }, async (context) => {
      await context.sendActivity('a proactive notice');
    });
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}): number => sampleSum(after, name, labels) - sampleSum(before, name, labels);

    assert.equal(moved('line_webhook_requests_total', { status: '200' }), 2);
    assert.equal(moved('line_webhook_request_duration_seconds_count', { status: '200' }), 2);
    assert.equal(moved('line_events_total', { outcome: 'accepted' }), 1);
    assert.equal(moved('line_events_total', { outcome: 'duplicate' }), 1);
    assert.ok(moved('bot_turn_duration_seconds_count', { channel: 'line', outcome: 'ok' }) >= 2, `the event turn and the proactive turn are timed: ${JSON.stringify(after.filter((s) => s.name.startsWith('bot_turn_duration_seconds_count')))}`);
    assert.ok(moved('line_api_calls_total', { endpoint: 'POST /v2/bot/message/reply', status: '200' }) >= 1);
    assert.ok(moved('line_api_calls_total', { endpoint: 'POST /v2/bot/message/push', status: '200' }) >= 1);
    assert.ok(moved('line_messages_sent_total', { account: 'default', kind: 'reply' }) >= 1);
    assert.equal(moved('line_messages_sent_total', { account: 'default', kind: 'push' }), 1);
    assert.equal(sampleSum(after, 'line_month_messages', { account: 'default', kind: 'push' }), 1, 'the stored push meter, flushed before the scrape');
    assert.ok(moved('store_operation_duration_seconds_count', { operation: 'updateOne' }) > 0);
    assert.ok(sampleSum(after, 'line_event_queue_events', { state: 'done' }) >= 1);
    assert.equal(sampleSum(after, 'handoff_queue_depth', { queue: 'general' }), 0);
    assert.ok(hasSample(after, 'handoff_queue_longest_wait_seconds', { queue: 'general' }));
    assert.ok(hasSample(after, 'handoff_agents', { presence: 'available' }));
    assert.ok(hasSample(after, 'handoff_conversations', { state: 'queued' }));
    assert.equal(sampleSum(after, 'handoff_event_stream_clients'), 0);
    assert.ok(hasSample(after, 'process_cpu_user_seconds_total'));
  });

  it('is off (404) without METRICS_TOKEN', async () => {
    const plain = await startTestServer();
    try {
      assert.equal((await fetch(`${plain.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404);
    } finally {
      await plain.close();
    }
  });
});
