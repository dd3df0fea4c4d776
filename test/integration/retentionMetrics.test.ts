import assert from 'node:assert/strict';
import type { StoredDocument } from '../../src/storage/engine/documentStore';
import * as fixtures from '../fixtures/lineEvents';
import { TestClock } from '../support/handoffHarness';
import { parsePrometheusText, sampleSum, hasSample, type PrometheusSample } from '../support/prometheusText';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const TOKEN = 'metrics-token-for-tests-0123';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention metrics at /metrics: documents deleted per kind, the last sweep and its duration', () => {
  let server: TestServer;
  const clock = new TestClock();

  before(async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN, TRANSCRIPT_RETENTION_DAYS: '1', LINE_INBOX_RETENTION_DAYS: '1' }, [], { clock: clock.now });
  });
  after(async () => server.close());

  async function scrape(): Promise<PrometheusSample[]> {
    const response = await fetch(`${server.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    return parsePrometheusText(await response.text());
  }

  async function count(name: string): Promise<number> {
    return (await server.app.store.collection<StoredDocument>(name)).countDocuments({});
  }

  it('counts what a sweep deleted by kind and stamps when it completed', async () => {
    const event = { ...fixtures.textMessageEvent({ webhookEventId: '01RETENTIONMETRICS00000001' }), replyToken: server.fake.api.issueReplyToken(fixtures.USER_ID) };
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
    const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    assert.equal(response.status, 200);
    await server.app.whenIdle();
    // The answer's transcript write may follow its delivery.
    for (let waited = 0; (await count('transcripts')) < 2; waited += 10) {
      assert.ok(waited < 10_000, 'the customer\'s message and the answer are logged');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server.app.retention.idle();
    const transcripts = await count('transcripts');
    const inboxEvents = await count('lineInbox');
    assert.equal(inboxEvents, 1);

    // Events are aged by their last change, stamped with the real time; the clock moves well past both.
    clock.advance(3 * DAY_MS);
    await server.app.retention.run();
    await server.app.retention.idle();
    const after = await scrape();
    // Sweeps before the clock moved (the leader's, at start) found nothing a day old: the counters hold this run alone.
    const moved = (kind: string): number => sampleSum(after, 'retention_deleted_documents_total', { kind });

    assert.equal(moved('transcriptActivities'), transcripts);
    assert.equal(moved('lineInboxEvents'), inboxEvents);
    assert.equal(await count('transcripts'), 0);
    assert.equal(await count('lineInbox'), 0);
    assert.ok(hasSample(after, 'retention_deleted_documents_total', { kind: 'surveys' }), 'every kind swept is reported, zeros included');
    assert.equal(sampleSum(after, 'retention_last_sweep_timestamp_seconds'), clock.now().getTime() / 1000);
    const duration = sampleSum(after, 'retention_last_sweep_duration_seconds');
    assert.ok(Number.isFinite(duration) && duration >= 0, `a duration is reported (${duration})`);
  });
});
