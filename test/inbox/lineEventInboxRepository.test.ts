import assert from 'node:assert/strict';
import type { webhook } from '@line/bot-sdk';
import type { InboxEvent, PendingInboxEvent } from '../../adapters/line/lineEventInbox.js';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { LineEventInboxRepository } from '../../src/inbox/lineEventInboxRepository.js';
import { BOT_USER_ID, OTHER_USER_ID, USER_ID, followEvent, stickerMessageEvent, textMessageEvent, userSource } from '../fixtures/lineEvents.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** Arrival times are recent: the inbox forgets events a week after they arrived. */
const NOW = Date.now() - 60 * 60 * 1000;

function arrival(event: webhook.Event, receivedAt: number, accountId = 'default'): InboxEvent {
  return { accountId, destination: BOT_USER_ID, event, receivedAt };
}

function eventIds(events: readonly InboxEvent[]): string[] {
  return events.map((item) => item.event.webhookEventId);
}

/** A store whose `lineInbox` refuses every insert, as a database that is down does. */
function failingInserts(store: DocumentStore): DocumentStore {
  return {
    kind: store.kind,
    blobs: store.blobs,
    ping: () => store.ping(),
    close: () => store.close(),
    async collection<T extends StoredDocument>(name: string, indexes?: Parameters<DocumentStore['collection']>[1]): Promise<DocumentCollection<T>> {
      const collection = await store.collection<T>(name, indexes);
      return {
        ...bindAll(collection),
        insertManyIgnoringDuplicates: () => Promise.reject(new Error('connection refused')),
      };
    },
  };
}

function bindAll<T extends StoredDocument>(collection: DocumentCollection<T>): DocumentCollection<T> {
  return {
    insertOne: (document) => collection.insertOne(document),
    insertManyIgnoringDuplicates: (documents) => collection.insertManyIgnoringDuplicates(documents),
    findOne: (filter, options) => collection.findOne(filter, options),
    find: (filter, options) => collection.find(filter, options),
    countDocuments: (filter) => collection.countDocuments(filter),
    updateOne: (filter, update, options) => collection.updateOne(filter, update, options),
    updateMany: (filter, update) => collection.updateMany(filter, update),
    findOneAndUpdate: (filter, update, options) => collection.findOneAndUpdate(filter, update, options),
    replaceOne: (filter, replacement, options) => collection.replaceOne(filter, replacement, options),
    deleteOne: (filter) => collection.deleteOne(filter),
    deleteMany: (filter) => collection.deleteMany(filter),
  };
}

/** An event nested too deep for JSON.stringify: LINE signed it, it parsed, but it cannot be stored. */
function poisonEvent(): webhook.Event {
  let deep: Record<string, unknown> = {};
  for (let level = 0; level < 200_000; level += 1) deep = { a: deep };
  return { ...textMessageEvent({ message: { text: 'poison' } }), deep } as webhook.Event;
}

const CONVERSATION_A = `default:user:${USER_ID}`;
const CONVERSATION_B = `default:user:${OTHER_USER_ID}`;

describeEachBackend('LineEventInboxRepository', (backend) => {
  let store: DocumentStore;
  let inbox: LineEventInboxRepository;
  /** The repository's clock, moved by the tests (real time at the start: leases expire by the store's clock too). */
  let clock: number;

  beforeEach(async () => {
    clock = Date.now();
    store = await backend.open();
    inbox = await LineEventInboxRepository.open(store, { now: () => clock });
  });

  afterEach(async () => {
    await store.close();
  });

  async function pendingIds(conversation: string): Promise<string[]> {
    return (await inbox.pending(conversation)).map((item) => item.event.webhookEventId);
  }

  async function only(conversation: string): Promise<PendingInboxEvent> {
    const [first] = await inbox.pending(conversation);
    assert.ok(first, `a pending event in ${conversation}`);
    return first;
  }

  it('admits new events in the given order and returns them whole', async () => {
    const events = [textMessageEvent({ message: { text: 'first' } }), followEvent(), stickerMessageEvent()];
    const arrivals = events.map((event) => arrival(event, NOW + 50));

    const { admitted, poisoned } = await inbox.admit(arrivals);

    assert.deepEqual(admitted, arrivals);
    assert.equal(poisoned, 0);
  });

  it('does not admit a redelivered event again, in a later call or within one call', async () => {
    const a = textMessageEvent({ message: { text: 'a' } });
    const b = textMessageEvent({ message: { text: 'b' } });
    const c = textMessageEvent({ message: { text: 'c' } });

    const first = await inbox.admit([arrival(a, NOW), arrival(b, NOW), arrival(a, NOW)]);
    const second = await inbox.admit([arrival(b, NOW + 60_000), arrival(c, NOW + 60_000)]);
    const third = await inbox.admit([arrival(a, NOW + 120_000)]);

    assert.deepEqual(eventIds(first.admitted), [a.webhookEventId, b.webhookEventId]);
    assert.deepEqual(eventIds(second.admitted), [c.webhookEventId]);
    assert.deepEqual(third.admitted, []);
    assert.deepEqual((await inbox.admit([])).admitted, []);
  });

  it('tells the same event id of two LINE accounts apart', async () => {
    const event = followEvent();

    const admitted = [...(await inbox.admit([arrival(event, NOW, 'shop')])).admitted, ...(await inbox.admit([arrival(event, NOW, 'support')])).admitted];

    assert.deepEqual(
      admitted.map((item) => item.accountId),
      ['shop', 'support'],
    );
  });

  it('records an event that cannot be serialised as a dead letter at once, and its redelivery as a duplicate', async () => {
    const poison = poisonEvent();
    const fine = textMessageEvent({ source: userSource(OTHER_USER_ID) });

    const first = await inbox.admit([arrival(poison, NOW), arrival(fine, NOW)]);
    const again = await inbox.admit([arrival(poison, NOW + 1000)]);

    assert.deepEqual(eventIds(first.admitted), [fine.webhookEventId]);
    assert.equal(first.poisoned, 1);
    assert.deepEqual(again, { admitted: [], poisoned: 0 });
    const [dead] = await inbox.deadLetters();
    assert.equal(dead?.webhookEventId, poison.webhookEventId);
    assert.match(dead?.lastError ?? '', /cannot be serialised/);
    assert.deepEqual(await inbox.counts(), { pending: 1, done: 0, dead: 1 });
    assert.deepEqual(await pendingIds(CONVERSATION_A), []);
  });

  it('hands out a conversation’s pending events in webhook order, also after a restart, and not once done', async () => {
    const early = textMessageEvent({ message: { text: 'early' } });
    const late1 = textMessageEvent({ message: { text: 'late 1' } });
    const late2 = textMessageEvent({ message: { text: 'late 2' } });
    const other = textMessageEvent({ source: userSource(OTHER_USER_ID) });
    await inbox.admit([arrival(late1, NOW + 2000), arrival(other, NOW + 2000), arrival(late2, NOW + 2000)]);
    await inbox.admit([arrival(early, NOW)]);

    store = await backend.reopen(store);
    inbox = await LineEventInboxRepository.open(store, { now: () => clock });

    assert.deepEqual(await pendingIds(CONVERSATION_A), [early.webhookEventId, late1.webhookEventId, late2.webhookEventId]);
    assert.deepEqual(await pendingIds(CONVERSATION_B), [other.webhookEventId]);
    const head = await only(CONVERSATION_A);
    assert.deepEqual({ ...head }, { ...arrival(early, NOW), conversation: CONVERSATION_A, attempts: 0, nextAttemptAt: NOW });
    assert.equal(await inbox.settle(head, { state: 'done' }), true);
    assert.equal(await inbox.settle(head, { state: 'done' }), false, 'a second settlement of the same run is refused');
    assert.deepEqual(await pendingIds(CONVERSATION_A), [late1.webhookEventId, late2.webhookEventId]);
    assert.deepEqual(await inbox.counts(), { pending: 3, done: 1, dead: 0 });
  });

  it('leases a conversation to one owner at a time: claim, renew, release', async () => {
    assert.equal(await inbox.claim(CONVERSATION_A, 'one', 15_000), true);
    assert.equal(await inbox.claim(CONVERSATION_A, 'two', 15_000), false);
    assert.equal(await inbox.claim(CONVERSATION_A, 'one', 15_000), true, 'the holder may claim again');
    assert.equal(await inbox.claim(CONVERSATION_B, 'two', 15_000), true, 'another conversation is free');
    assert.equal(await inbox.renew(CONVERSATION_A, 'two', 15_000), false);
    await inbox.release(CONVERSATION_A, 'two');
    assert.equal(await inbox.claim(CONVERSATION_A, 'two', 15_000), false, 'a release by a non-holder changes nothing');
    assert.equal(await inbox.renew(CONVERSATION_A, 'one', 15_000), true);
    await inbox.release(CONVERSATION_A, 'one');
    assert.equal(await inbox.claim(CONVERSATION_A, 'two', 15_000), true);
  });

  it('lets another owner take over an expired lease; the old owner can no longer renew it', async () => {
    const other = await LineEventInboxRepository.open(store, { now: () => clock });
    assert.equal(await inbox.claim(CONVERSATION_A, 'dead-instance', 1000), true);
    clock += 900;
    assert.equal(await other.claim(CONVERSATION_A, 'survivor', 15_000), false, 'not before it expires');
    assert.equal(await inbox.renew(CONVERSATION_A, 'dead-instance', 1000), true, 'renewed: it lives on');
    clock += 900;
    assert.equal(await other.claim(CONVERSATION_A, 'survivor', 15_000), false);
    clock += 1100;
    assert.equal(await other.claim(CONVERSATION_A, 'survivor', 15_000), true);
    assert.equal(await inbox.renew(CONVERSATION_A, 'dead-instance', 1000), false);
  });

  it('gives exactly one of many simultaneous claimants the lease', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => inbox.claim(CONVERSATION_A, `owner-${index}`, 15_000)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('finds due conversations whose lease is free or expired, and backs failed events off', async () => {
    const a = textMessageEvent({ message: { text: 'a' } });
    const b = textMessageEvent({ source: userSource(OTHER_USER_ID) });
    await inbox.admit([arrival(a, clock - 10), arrival(b, clock - 10)]);
    assert.deepEqual((await inbox.dueConversations(clock, 10)).sort(), [CONVERSATION_A, CONVERSATION_B].sort());

    await inbox.claim(CONVERSATION_B, 'busy', 5000);
    const failed = await only(CONVERSATION_A);
    assert.equal(await inbox.settle(failed, { state: 'pending', error: 'store down', nextAttemptAt: clock + 60_000 }), true);
    assert.deepEqual(await inbox.dueConversations(clock, 10), [], 'A backs off, B is leased');

    clock += 6000;
    assert.deepEqual(await inbox.dueConversations(clock, 10), [CONVERSATION_B], 'B’s lease expired');
    clock += 60_000;
    assert.deepEqual((await inbox.dueConversations(clock, 10)).sort(), [CONVERSATION_A, CONVERSATION_B].sort());
    const retried = await only(CONVERSATION_A);
    assert.equal(retried.attempts, 1);
    assert.equal(retried.nextAttemptAt, clock - 6000);
    assert.equal(await inbox.settle(failed, { state: 'done' }), false, 'a settlement of a stale run is refused');
    assert.equal(await inbox.settle(retried, { state: 'done' }), true);
  });

  it('defers a conversation’s later events behind an event that waits', async () => {
    const first = textMessageEvent({ message: { text: 'first' } });
    const second = textMessageEvent({ message: { text: 'second' } });
    await inbox.admit([arrival(first, clock - 10), arrival(second, clock - 5)]);
    await inbox.defer(CONVERSATION_A, clock + 30_000);
    assert.deepEqual(await inbox.dueConversations(clock, 10), []);
    assert.deepEqual(
      (await inbox.pending(CONVERSATION_A)).map((item) => item.nextAttemptAt),
      [clock + 30_000, clock + 30_000],
    );
  });

  it('keeps undelivered messages with their retry keys, lists dead letters and retries one on request', async () => {
    const event = textMessageEvent({ message: { text: 'answer me' } });
    await inbox.admit([arrival(event, NOW)]);
    const undelivered = { chatId: USER_ID, batches: [{ retryKey: 'key-0', messages: [{ type: 'text' as const, text: 'an answer' }] }] };
    assert.equal(await inbox.settle(await only(CONVERSATION_A), { state: 'pending', error: 'HTTP 500', nextAttemptAt: clock, undelivered }), true);
    const waiting = await only(CONVERSATION_A);
    assert.deepEqual(waiting.undelivered, undelivered);
    assert.equal(await inbox.settle(waiting, { state: 'dead', error: 'HTTP 400 invalid message', undelivered }), true);

    assert.deepEqual(await inbox.pending(CONVERSATION_A), []);
    const dead = await inbox.deadLetters();
    assert.equal(dead.length, 1);
    assert.deepEqual(
      { ...dead[0], diedAt: undefined, receivedAt: dead[0]?.receivedAt.getTime() },
      { accountId: 'default', webhookEventId: event.webhookEventId, conversation: CONVERSATION_A, eventType: 'message', attempts: 2, lastError: 'HTTP 400 invalid message', receivedAt: NOW, diedAt: undefined, undeliveredMessages: 1 },
    );
    assert.deepEqual(await inbox.deadLetters({ accountId: 'another' }), []);
    assert.deepEqual(await inbox.counts(), { pending: 0, done: 0, dead: 1 });

    assert.equal(await inbox.retryDead('default', 'no-such-event'), false);
    assert.equal(await inbox.retryDead('default', event.webhookEventId), true);
    const revived = await only(CONVERSATION_A);
    assert.equal(revived.attempts, 0);
    assert.deepEqual(revived.undelivered, undelivered, 'only the delivery is retried');
    assert.deepEqual(await inbox.dueConversations(clock, 10), [CONVERSATION_A]);
    assert.equal(await inbox.retryDead('default', event.webhookEventId), false, 'no longer dead');
  });

  it('brings events recorded without a state (an earlier version) into the queue', async () => {
    const raw = await store.collection<StoredDocument>('lineInbox');
    const unprocessed = textMessageEvent({ message: { text: 'from before' } });
    const processed = followEvent();
    const common = { accountId: 'default', destination: BOT_USER_ID, receivedAt: new Date(NOW), position: 0, expiresAt: new Date(NOW + WEEK_MS) };
    await raw.insertOne({ _id: `default|${unprocessed.webhookEventId}`, webhookEventId: unprocessed.webhookEventId, event: JSON.stringify(unprocessed), ...common });
    await raw.insertOne({ _id: `default|${processed.webhookEventId}`, webhookEventId: processed.webhookEventId, event: JSON.stringify(processed), processedAt: new Date(NOW), ...common });

    const upgraded = await LineEventInboxRepository.open(store, { now: () => clock });

    assert.deepEqual((await upgraded.pending(CONVERSATION_A)).map((item) => item.event.webhookEventId), [unprocessed.webhookEventId]);
    assert.deepEqual(await upgraded.counts(), { pending: 1, done: 1, dead: 0 });
  });

  it('keeps an event as JSON beside its fields, with no expiry stamped (the retention sweep judges its age)', async () => {
    const event = textMessageEvent({ message: { text: 'keep me' } });
    await inbox.admit([arrival(event, NOW)]);
    await inbox.settle(await only(CONVERSATION_A), { state: 'done' });

    const raw = await store.collection<StoredDocument>('lineInbox');
    const document = await raw.findOne({ _id: `default|${event.webhookEventId}` });
    assert.ok(document, 'stored under account|webhookEventId');
    assert.equal(document.accountId, 'default');
    assert.equal(document.destination, BOT_USER_ID);
    assert.equal(document.state, 'done');
    assert.equal((document.receivedAt as Date).getTime(), NOW);
    assert.equal(document.expiresAt, undefined);
    assert.ok(document.processedAt instanceof Date);
    assert.deepEqual(JSON.parse(document.event as string), event);
  });

  it('keeps an event however old it is until the retention sweep deletes it: a pending one stays runnable, a done one a duplicate', async () => {
    const pending = followEvent();
    const done = textMessageEvent({ message: { text: 'long ago' } });
    const longAgo = Date.now() - 2 * WEEK_MS;
    assert.equal((await inbox.admit([arrival(done, longAgo), arrival(pending, longAgo)])).admitted.length, 2);
    const first = await only(CONVERSATION_A);
    assert.equal(first.event.webhookEventId, done.webhookEventId);
    await inbox.settle(first, { state: 'done' });
    assert.deepEqual(eventIds(await inbox.pending(CONVERSATION_A)), [pending.webhookEventId]);
    assert.equal((await inbox.admit([arrival(pending, Date.now()), arrival(done, Date.now())])).admitted.length, 0, 'both are still recognised');
  });

  it('fails when the events cannot be recorded, so the webhook answers 503', async () => {
    const failing = await LineEventInboxRepository.open(failingInserts(store));

    await assert.rejects(failing.admit([arrival(followEvent(), NOW)]), /connection refused/);
    assert.deepEqual(await inbox.counts(), { pending: 0, done: 0, dead: 0 });
  });
});
