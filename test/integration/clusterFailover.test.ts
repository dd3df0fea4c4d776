import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { webhook } from '@line/bot-sdk';
import * as fixtures from '../fixtures/lineEvents';
import { AnswerLedger } from '../support/answerLedger';
import { signWebhook } from '../support/signedWebhook';
import { exchange, freeLoopbackPort, lineServerEnvironment, lineUserId, ServerChild, startSlowFakeLineApi, type SlowFakeLineApi } from '../support/serverChild';
import { eventually } from '../support/eventually';

const CHANNEL_SECRET = '5b2e8d1f4a7c0e3b6d9f2a5c8e1b4d7f';
const ACCESS_TOKEN = 'cluster-failover-token';
const INSTANCES = 3;
const USERS = 24;
const EVENTS_PER_USER = 8;
/** One sender per this many users; a sender posts its users' events one after another, as LINE does per chat. */
const SENDERS = 12;
const KILL_AFTER_ACKS = 60;
const LINE_API_LATENCY_MS = 30;
const READY_TIMEOUT_MS = 15_000;
const CATCH_UP_TIMEOUT_MS = 20_000;
/**
 * Answers the fake wrote this shortly before the kill count as in flight: the killed server may not have read them yet
 * (on a loaded 2-core machine its event loop can take a few hundred milliseconds to get to an answer and record the
 * event done). Each repeat is still checked to be the one turn in flight in its conversation.
 */
const JUST_ANSWERED_MS = 250;

interface SentEvent {
  readonly text: string;
  readonly userId: string;
  readonly event: webhook.Event;
}

describe('cluster failover (three server processes on one store, SIGKILL of one in the middle of a burst)', function () {
  this.timeout(60_000);

  let fake: SlowFakeLineApi;
  let dataDir: string;
  const children: ServerChild[] = [];
  const urls: string[] = [];

  before(async () => {
    fake = await startSlowFakeLineApi(ACCESS_TOKEN, LINE_API_LATENCY_MS);
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-cluster-'));
    // One after another: the first start creates what the others then find (store file, development secrets key).
    for (let index = 0; index < INSTANCES; index += 1) {
      const port = await freeLoopbackPort();
      const child = new ServerChild(
        lineServerEnvironment({ port, dataDir, channelSecret: CHANNEL_SECRET, accessToken: ACCESS_TOKEN, lineApiBaseUrl: fake.baseUrl }, { LINE_EVENT_LEASE_SECONDS: '2', LINE_EVENT_POLL_MS: '200' }),
      );
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      urls.push(url);
      await waitUntilReady(child, url);
    }
  });

  after(async () => {
    for (const child of children) await child.kill();
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function waitUntilReady(child: ServerChild, url: string): Promise<void> {
    await child.untilReady(url, READY_TIMEOUT_MS);
  }

  it('answers every acknowledged event, in order per conversation, repeating only turns cut by the kill', async () => {
    const ledger = new AnswerLedger();
    const userIds = Array.from({ length: USERS }, (_, index) => lineUserId(index, 'cluster-user'));
    const eventsOf = new Map<string, SentEvent[]>();
    for (const userId of userIds) {
      eventsOf.set(
        userId,
        Array.from({ length: EVENTS_PER_USER }, (_, round) => {
          const text = `cluster-${userId.slice(1, 7)}-${round}`;
          const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: fake.api.issueReplyToken(userId) });
          ledger.expect(text, userId, event.replyToken);
          return { text, userId, event };
        }),
      );
    }

    // The load balancer: round robin over the instances; one that refuses the connection is skipped, and a POST that
    // got no 200 goes again to the next one (as LINE's redelivery would, only sooner).
    let turn = 0;
    let acknowledged = 0;
    let killed = false;
    let restartMarked: Promise<void> = Promise.resolve();
    let lineRequestsInFlightAtKill = -1;
    const victim = 1;
    const post = async (item: SentEvent): Promise<void> => {
      const { raw, signature } = signWebhook(fixtures.webhookBody([item.event]), CHANNEL_SECRET);
      for (let tries = 0; tries < 20; tries += 1) {
        const index = turn % INSTANCES;
        turn += 1;
        if (!children[index]?.running) continue;
        const answer = await exchange(`${urls[index] ?? ''}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw }).catch(() => undefined);
        if (answer?.status === 200) {
          acknowledged += 1;
          if (acknowledged >= KILL_AFTER_ACKS && !killed) {
            children[victim]?.killNow();
            killed = true;
            // What the killed instance had sent lands within the fake's latency; the survivors take its conversations
            // over only once their leases expire (over a second later). In between is the point to tell them apart.
            restartMarked = new Promise((resolve) => setTimeout(resolve, 10 * LINE_API_LATENCY_MS)).then(() => ledger.markRestart(fake.api.delivered.length));
            lineRequestsInFlightAtKill = fake.pending() + fake.answeredSince(performance.now() - JUST_ANSWERED_MS);
          }
          return;
        }
      }
      assert.fail(`${item.text} was never acknowledged`);
    };
    const senders = Array.from({ length: SENDERS }, async (_, sender) => {
      const mine = userIds.filter((_userId, index) => index % SENDERS === sender);
      for (let round = 0; round < EVENTS_PER_USER; round += 1) {
        for (const userId of mine) {
          const item = eventsOf.get(userId)?.[round];
          if (item) await post(item);
        }
        // A chat's next event arrives at least a millisecond later, so arrival times order it across instances.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    await Promise.all(senders);
    assert.ok(killed, 'the kill happened');
    await restartMarked;

    const all = [...eventsOf.values()].flat();
    await eventually(
      () => {
        const { answers } = ledger.attribute(fake.api.delivered);
        const missing = all.filter((item) => !answers.has(item.text));
        assert.equal(missing.length, 0, `event(s) unanswered after the burst: ${missing.slice(0, 5).map((item) => item.text).join(', ')}`);
      },
      { timeoutMs: CATCH_UP_TIMEOUT_MS, intervalMs: 100 },
    );
    // Anything still in the fake's hands lands before the verdict.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const attribution = ledger.attribute(fake.api.delivered);
    assert.deepEqual(attribution.unattributed.map((batch) => `${batch.via} to ${batch.chatId}`), [], 'every batch delivered answers an event sent');
    const answeredTwice = [...attribution.answers].filter(([, batches]) => batches.length > 1).map(([text]) => text);
    console.log(
      `      cluster: ${INSTANCES} instances, ${all.length} events of ${USERS} users; SIGKILL of one after ${KILL_AFTER_ACKS} acknowledgements; ` +
        `answered twice: ${answeredTwice.length} (LINE requests in flight at the kill, or answered < ${JUST_ANSWERED_MS} ms before: ${lineRequestsInFlightAtKill}); answers by push: ${fake.api.delivered.filter((batch) => batch.via === 'push').length}`,
    );
    // A repeat is the turn the killed instance had in flight, run again by a survivor (its reply token is spent, so the
    // repeat is a push): one per conversation at most, its last answered turn before the kill.
    for (const text of answeredTwice) {
      const batches = attribution.answers.get(text) ?? [];
      assert.equal(batches.length, 2, `${text} was answered more than twice`);
      assert.equal(batches[1]?.via, 'push', `${text}: the repeat was not a push`);
      assert.equal(attribution.lastAnsweredBeforeRestart.get(ledger.chatOf(text) ?? ''), text, `${text} was answered twice but was not the turn in flight in its conversation at the kill`);
    }
    assert.ok(answeredTwice.length <= lineRequestsInFlightAtKill, `${answeredTwice.length} repeated answers, but ${lineRequestsInFlightAtKill} LINE requests in flight at the kill`);
    // Order per conversation: the first answers of a chat's events come in the order the chat sent them.
    const firstAnswerAt = new Map<string, number>();
    fake.api.delivered.forEach((batch, position) => {
      for (const [text, batches] of attribution.answers) if (batches[0] === batch && !firstAnswerAt.has(text)) firstAnswerAt.set(text, position);
    });
    for (const [userId, sent] of eventsOf) {
      const answered = [...sent].sort((a, b) => (firstAnswerAt.get(a.text) ?? 0) - (firstAnswerAt.get(b.text) ?? 0)).map((item) => item.text);
      assert.deepEqual(answered, sent.map((item) => item.text), `answers to ${userId} in the order sent`);
    }
  });
});
