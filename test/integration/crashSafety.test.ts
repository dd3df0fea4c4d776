import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { webhook } from '@line/bot-sdk';
import * as fixtures from '../fixtures/lineEvents';
import { AnswerLedger, canonicalJson, loggedAnswers, type Attribution, type LoggedActivity } from '../support/answerLedger';
import { signWebhook } from '../support/signedWebhook';
import { exchange, freeLoopbackPort, lineServerEnvironment, lineUserId, ServerChild, startSlowFakeLineApi, type HttpAnswer } from '../support/serverChild';
import { eventually } from '../support/eventually';

const CHANNEL_SECRET = '9c4e1f0a7b3d5e2c8a6f4b1d0e9c7a53';
const ACCESS_TOKEN = 'crash-safety-token';
const ADMIN_API_KEY = 'crash-safety-admin-key-0123456789';

const EVENTS = 300;
const USERS = 30;
const CONCURRENT_POSTS = 16;
const KILL_AFTER_ACKS = 100;
/**
 * The kill also waits for this many answers. A conversation's second turn starts only once its first is marked
 * processed, so by then some conversations have had turns answered and marked; without them, a server that never
 * marked an event processed would repeat no more answers than a correct one and the bound on repeats could not fail.
 */
const KILL_AFTER_ANSWERS = 2 * USERS;
/** How long the kill may wait for {@link KILL_AFTER_ANSWERS} once every event of the burst was posted. */
const KILL_WAIT_TIMEOUT_MS = 10_000;
const REDELIVERED_ACKED = 5;
/**
 * Each LINE API call takes this long, as LINE's do over the internet; without it turns keep up with the
 * acknowledgements and the kill finds no backlog of recorded, unprocessed events to resume.
 */
const LINE_API_LATENCY_MS = 60;

const READY_TIMEOUT_MS = 15_000;
const CATCH_UP_TIMEOUT_MS = 20_000;
const BARRIER_TIMEOUT_MS = 10_000;
const MAX_TRANSCRIPT_PAGES = 100;

/**
 * Answers the fake LINE API wrote this shortly before the kill count as in flight too: the server had not read them yet.
 */
const JUST_ANSWERED_MS = 10;

/** What became of one event's webhook POST during the burst. */
type PostOutcome = 'unsent' | 'in-flight' | 'acknowledged' | 'refused' | 'failed';

interface BurstEvent {
  /** The customer's text, unique per event: how the test names the event and finds it in the transcript. */
  readonly text: string;
  readonly userId: string;
  readonly event: fixtures.MessageEventOf<webhook.TextMessageContent>;
  outcome: PostOutcome;
}

/** The fields of a transcript item this test reads. */
type TranscriptItem = LoggedActivity;

describe('crash safety (npm start in a child process, SIGKILL in the middle of a webhook burst)', function () {
  this.timeout(60_000);

  let fake: Awaited<ReturnType<typeof startSlowFakeLineApi>>;
  let dataDir: string | undefined;
  let child: ServerChild | undefined;
  let baseUrl: string;
  let environment: Record<string, string>;

  before(async () => {
    fake = await startSlowFakeLineApi(ACCESS_TOKEN, LINE_API_LATENCY_MS);
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-crash-'));
    const port = await freeLoopbackPort();
    baseUrl = `http://127.0.0.1:${port}`;
    environment = lineServerEnvironment(
      { port, dataDir, channelSecret: CHANNEL_SECRET, accessToken: ACCESS_TOKEN, lineApiBaseUrl: fake.baseUrl },
      // The conversations the killed server held are taken over once their leases expire: keep that short here.
      { ADMIN_API_KEY, LINE_EVENT_LEASE_SECONDS: '2', LINE_EVENT_POLL_MS: '200' },
    );
  });

  after(async () => {
    await child?.kill();
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function startChild(): Promise<ServerChild> {
    const started = new ServerChild(environment);
    child = started;
    await started.untilReady(baseUrl, READY_TIMEOUT_MS);
    return started;
  }

  function postEvent(event: webhook.Event): Promise<HttpAnswer> {
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), CHANNEL_SECRET);
    return exchange(`${baseUrl}/api/line/default`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signature },
      body: raw,
    });
  }

  async function transcriptOf(userId: string): Promise<TranscriptItem[]> {
    const items: TranscriptItem[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page += 1) {
      const query = token ? `?continuationToken=${encodeURIComponent(token)}` : '';
      const answer = await exchange(`${baseUrl}/api/transcripts/line/${encodeURIComponent(`default:user:${userId}`)}${query}`, {
        headers: { authorization: `Bearer ${ADMIN_API_KEY}` },
      });
      assert.equal(answer.status, 200, `transcript of ${userId}: ${answer.body}`);
      const parsed = JSON.parse(answer.body) as { items: TranscriptItem[]; continuationToken: string | null };
      items.push(...parsed.items);
      if (!parsed.continuationToken) return items;
      token = parsed.continuationToken;
    }
    throw new Error(`transcript of ${userId} has more than ${MAX_TRANSCRIPT_PAGES} pages`);
  }


  /** Every event sent (burst, redeliveries, barriers), named by its customer text; see {@link AnswerLedger}. */
  const ledger = new AnswerLedger();
  /** The LINE message id each event carried: the id of its incoming activity, which the bot's answers reply to. */
  const messageIdOf = new Map<string, string>();

  /** Registers an event (or a fresh reply token of one already registered) with the ledger. */
  function track(text: string, userId: string, event: fixtures.MessageEventOf<webhook.TextMessageContent>): void {
    ledger.expect(text, userId, event.replyToken);
    messageIdOf.set(text, event.message.id);
  }

  async function transcriptsOf(userIds: readonly string[]): Promise<TranscriptItem[]> {
    return (await Promise.all(userIds.map((userId) => transcriptOf(userId)))).flat();
  }

  /** How often each customer text appears as an incoming (user) activity in the given transcript items. */
  function incomingCounts(items: readonly TranscriptItem[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const item of items) {
      if (item.type === 'message' && item.from?.role === 'user' && item.text !== undefined) counts.set(item.text, (counts.get(item.text) ?? 0) + 1);
    }
    return counts;
  }

  /** How many delivered batches (reply or push) answered each event. */
  function answerCounts(attribution: Attribution = ledger.attribute(fake.api.delivered)): Map<string, number> {
    return new Map([...attribution.answers].map(([text, batches]) => [text, batches.length]));
  }

  /**
   * The answers delivered (by the fake's log) whose messages are not among the logged bot activities answering the
   * same event: what the customer was told that the transcript does not show. Compared as LINE messages, so the
   * test does not depend on the bot's wording.
   */
  function answersNotLogged(attribution: Attribution, transcript: readonly TranscriptItem[]): string[] {
    const logged = loggedAnswers(transcript);
    const missing: string[] = [];
    for (const [text, batches] of attribution.answers) {
      const messageId = messageIdOf.get(text);
      const loggedForEvent = messageId === undefined ? undefined : logged.get(messageId);
      batches.forEach((batch, index) => {
        const absent = batch.messages.filter((message) => !loggedForEvent?.has(canonicalJson(message))).length;
        if (absent > 0) missing.push(`${text} (answer ${index + 1} by ${batch.via}: ${absent} of ${batch.messages.length} message(s) not logged)`);
      });
    }
    return missing;
  }

  /**
   * Sends one more event per conversation and waits until each is answered and logged. Turns and transcript writes
   * are serial per conversation, so everything queued before it in its conversation is done by then.
   * @returns the transcripts once settled.
   */
  async function settle(userIds: readonly string[], round: string): Promise<TranscriptItem[]> {
    const barriers = userIds.map((userId, index) => ({ userId, text: `barrier-${round}-${index}` }));
    for (const barrier of barriers) {
      const event = fixtures.textMessageEvent({ source: fixtures.userSource(barrier.userId), message: { text: barrier.text }, replyToken: fake.api.issueReplyToken(barrier.userId) });
      track(barrier.text, barrier.userId, event);
      const answer = await postEvent(event);
      assert.equal(answer.status, 200, `${barrier.text}: ${answer.body}`);
    }
    return eventually(
      async () => {
        const transcript = await transcriptsOf(userIds);
        const incoming = incomingCounts(transcript);
        const answers = answerCounts();
        // The answer's own transcript write lands a moment after LINE has it: wait for that too.
        const barrierAnswersNotLogged = answersNotLogged(ledger.attribute(fake.api.delivered), transcript).filter((entry) => barriers.some((barrier) => entry.startsWith(`${barrier.text} (`)));
        const unsettled = barriers.filter((barrier) => !incoming.has(barrier.text) || !answers.has(barrier.text)).map((barrier) => barrier.text);
        assert.deepEqual([unsettled, barrierAnswersNotLogged], [[], []], `the ${round} barrier events not yet answered and logged, and barrier answers not yet logged`);
        return transcript;
      },
      { timeoutMs: BARRIER_TIMEOUT_MS, intervalMs: 100 },
    );
  }

  it('loses no acknowledged event, logs each once, answers each, and repeats only turns cut by the kill', async () => {
    const userIds = Array.from({ length: USERS }, (_, index) => lineUserId(index));
    const burst: BurstEvent[] = Array.from({ length: EVENTS }, (_, n) => {
      const userId = userIds[n % USERS] ?? '';
      const text = `crash-${n}`;
      const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: fake.api.issueReplyToken(userId) });
      track(text, userId, event);
      return { text, userId, event, outcome: 'unsent' };
    });

    // 1. Burst, killed after KILL_AFTER_ACKS acknowledgements and KILL_AFTER_ANSWERS answers.
    const server = await startChild();
    let acknowledged = 0;
    let next = 0;
    let postsInFlightAtKill = -1;
    /** LINE API requests the server had sent and not yet had answered at the kill: its turns truly in flight. */
    let lineRequestsInFlightAtKill = -1;
    const worker = async (): Promise<void> => {
      while (postsInFlightAtKill < 0 && server.running && next < burst.length) {
        const item = burst[next];
        next += 1;
        if (!item) break;
        item.outcome = 'in-flight';
        try {
          const answer = await postEvent(item.event);
          item.outcome = answer.status === 200 ? 'acknowledged' : 'refused';
        } catch {
          item.outcome = 'failed';
        }
        if (item.outcome === 'acknowledged') acknowledged += 1;
        if (acknowledged >= KILL_AFTER_ACKS && fake.api.delivered.length >= KILL_AFTER_ANSWERS && postsInFlightAtKill < 0) {
          postsInFlightAtKill = burst.filter((other) => other.outcome === 'in-flight').length;
          server.killNow();
          lineRequestsInFlightAtKill = fake.pending() + fake.answeredSince(performance.now() - JUST_ANSWERED_MS);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_POSTS }, () => worker()));
    if (postsInFlightAtKill < 0 && server.running && acknowledged >= KILL_AFTER_ACKS) {
      // Every event was posted before enough were answered (a slow machine): kill as soon as they are.
      const killDeadline = Date.now() + KILL_WAIT_TIMEOUT_MS;
      while (fake.api.delivered.length < KILL_AFTER_ANSWERS && Date.now() < killDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (fake.api.delivered.length >= KILL_AFTER_ANSWERS) {
        postsInFlightAtKill = 0;
        server.killNow();
        lineRequestsInFlightAtKill = fake.pending() + fake.answeredSince(performance.now() - JUST_ANSWERED_MS);
      }
    }
    await server.kill();
    assert.ok(
      postsInFlightAtKill >= 0,
      `the burst ended before ${KILL_AFTER_ACKS} acknowledgements and ${KILL_AFTER_ANSWERS} answers ` +
        `(${acknowledged} acknowledged, ${fake.api.delivered.length} answered); ${server.describe()}`,
    );
    // Requests the child sent just before it died may still be in the fake API's hands; let them land.
    for (let wait = 0; wait < 100 && fake.pending() > 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const acked = burst.filter((item) => item.outcome === 'acknowledged');
    const notAcked = burst.filter((item) => item.outcome === 'failed' || item.outcome === 'refused' || item.outcome === 'in-flight');
    // What the fake delivered from here on comes from the restarted server.
    ledger.markRestart(fake.api.delivered.length);
    const answeredBeforeRestart = ledger.attribute(fake.api.delivered);
    // Turns run one at a time per conversation and an event is marked processed before the next one starts, so only
    // the last event of a conversation answered before the kill can have been answered and not marked processed.
    // Delivery order, not sending order: two POSTs of one user may overtake each other.
    const { lastAnsweredBeforeRestart } = answeredBeforeRestart;
    const ackedUnansweredAtKill = acked.filter((item) => !answeredBeforeRestart.answers.has(item.text)).length;

    // 2. Restart on the same DATA_DIR and wait until every acknowledged event is logged and answered.
    await startChild();
    let incoming = await eventually(
      async () => {
        const logged = incomingCounts(await transcriptsOf(userIds));
        const answers = answerCounts();
        const missing = acked.filter((item) => !logged.has(item.text) || !answers.has(item.text));
        assert.equal(
          missing.length,
          0,
          'acknowledged event(s) not logged or not answered after the restart: ' +
            missing.slice(0, 10).map((item) => `${item.text} (logged ${logged.get(item.text) ?? 0}, answered ${answers.get(item.text) ?? 0})`).join(', '),
        );
        return logged;
      },
      { timeoutMs: CATCH_UP_TIMEOUT_MS, intervalMs: 100 },
    );
    for (const item of notAcked) {
      const times = incoming.get(item.text) ?? 0;
      assert.ok(times <= 1, `${item.text} (not acknowledged: ${item.outcome}) was processed, so it must be logged once; logged ${times} times`);
    }

    // 3. LINE redelivers every POST that got no 200 (same event, same reply token); then everything queued so far is
    // let through.
    for (const item of notAcked) {
      const answer = await postEvent({ ...item.event, deliveryContext: { isRedelivery: true } });
      assert.equal(answer.status, 200, `redelivery of ${item.text}: ${answer.body}`);
    }
    let transcript = await settle(userIds, 'first');
    incoming = incomingCounts(transcript);

    // 4. The verdict.
    const attribution = ledger.attribute(fake.api.delivered);
    const answers = answerCounts(attribution);
    assert.deepEqual(
      attribution.unattributed.map((batch) => `${batch.via} to ${batch.chatId}${batch.replyToken ? ` with reply token ${batch.replyToken}` : ''}`),
      [],
      'every batch delivered answers an event the test sent',
    );
    const notOnce = [...acked, ...notAcked].filter((item) => (incoming.get(item.text) ?? 0) !== 1);
    assert.deepEqual(
      notOnce.map((item) => `${item.text} (${item.outcome}) logged ${incoming.get(item.text) ?? 0}×`),
      [],
      'every acknowledged (and every redelivered) event is in its transcript exactly once',
    );
    const unanswered = [...acked, ...notAcked].filter((item) => (answers.get(item.text) ?? 0) === 0);
    assert.deepEqual(unanswered.map((item) => item.text), [], 'every acknowledged (and every redelivered) event was answered');
    // Over every event sent, barriers included: none of those can have been in flight at the kill.
    const answeredTwice = [...answers].filter(([, count]) => count > 1).map(([text]) => text);
    const ackedAnsweredTwice = acked.filter((item) => answeredTwice.includes(item.text));
    const answeredNotLogged = answersNotLogged(attribution, transcript);
    console.log(
      [
        `      crash safety: ${EVENTS} events over ${USERS} users, ${CONCURRENT_POSTS} POSTs in flight; SIGKILL after ${acknowledged} acknowledgements`,
        `        POSTs: ${acked.length} acknowledged, ${burst.filter((item) => item.outcome === 'failed').length} failed (connection lost), ` +
          `${burst.filter((item) => item.outcome === 'refused').length} refused, ${burst.filter((item) => item.outcome === 'unsent').length} never sent; ` +
          `${postsInFlightAtKill} in flight at the kill`,
        `        answers before the kill: ${answeredBeforeRestart.answers.size}; acknowledged but not answered before the kill: ${ackedUnansweredAtKill}; ` +
          `conversations with a turn answered before the kill: ${lastAnsweredBeforeRestart.size}`,
        `        answered twice: ${answeredTwice.length} event(s), ${ackedAnsweredTwice.length} of them acknowledged; ` +
          `${fake.api.delivered.filter((batch) => batch.via === 'push').length} answer(s) went by push (the repeat finds its reply token used)` +
          (answeredTwice.length > 0 ? ` (${answeredTwice.join(', ')})` : ''),
        `        answers delivered but missing from the transcript: ${answeredNotLogged.length}; LINE API requests in flight at the kill (unanswered, or answered < ${JUST_ANSWERED_MS} ms before): ${lineRequestsInFlightAtKill}`,
      ].join('\n'),
    );
    // Only a turn cut by the kill between its answer and its "processed" mark runs again: turns run one at a time per
    // conversation, so that is at most one per conversation — the last one of it answered before the kill.
    for (const text of answeredTwice) {
      const userId = ledger.chatOf(text);
      assert.equal(lastAnsweredBeforeRestart.get(userId ?? ''), text, `${text} was answered twice but was not the turn in flight in its conversation at the kill`);
      assert.equal(answers.get(text), 2, `${text} was answered ${answers.get(text) ?? 0} times`);
    }
    assert.ok(answeredTwice.length <= lastAnsweredBeforeRestart.size, 'more repeated answers than turns that can have been in flight at the kill');

    // 5. LINE redelivers a few acknowledged events (as if our 200 had been lost): recognised, not processed again.
    const redelivered = acked.slice(0, REDELIVERED_ACKED);
    for (const item of redelivered) {
      // A fresh reply token: were the redelivery processed again, its answer would get through and be counted.
      const again = { ...item.event, replyToken: fake.api.issueReplyToken(item.userId), deliveryContext: { isRedelivery: true } };
      track(item.text, item.userId, again);
      const answer = await postEvent(again);
      assert.equal(answer.status, 200, `redelivery of ${item.text}: ${answer.body}`);
      assert.deepEqual(JSON.parse(answer.body), { accepted: 0, duplicates: 1 }, `redelivery of ${item.text} was not recognised`);
    }
    transcript = await settle(userIds, 'second');
    incoming = incomingCounts(transcript);
    const finalAttribution = ledger.attribute(fake.api.delivered);
    const answersAfter = answerCounts(finalAttribution);
    for (const item of redelivered) {
      assert.equal(answersAfter.get(item.text), answers.get(item.text), `redelivered ${item.text} was answered again`);
      assert.equal(incoming.get(item.text), 1, `redelivered ${item.text} was logged again`);
    }
    assert.equal(finalAttribution.unattributed.length, 0, 'every batch delivered answers an event the test sent');

    // The transcript is the record of what the customer was told: an answer LINE delivered must be in it.
    assert.deepEqual(answersNotLogged(finalAttribution, transcript), [], 'answers delivered to the customer but missing from the transcript');
  });
});
