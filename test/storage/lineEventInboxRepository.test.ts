import assert from 'node:assert/strict';
import type { webhook } from '@line/bot-sdk';
import type { InboxEvent } from '../../adapters/line/lineEventInbox.js';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { LineEventInboxRepository } from '../../src/storage/lineEventInboxRepository.js';
import { BOT_USER_ID, followEvent, stickerMessageEvent, textMessageEvent } from '../fixtures/lineEvents.js';
import { describeEachBackend } from './engine/storageBackends.js';

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

describeEachBackend('LineEventInboxRepository', (backend) => {
  let store: DocumentStore;
  let inbox: LineEventInboxRepository;

  beforeEach(async () => {
    store = await backend.open();
    inbox = await LineEventInboxRepository.open(store);
  });

  afterEach(async () => {
    await store.close();
  });

  it('admits new events in the given order and returns them whole', async () => {
    const events = [textMessageEvent({ message: { text: 'first' } }), followEvent(), stickerMessageEvent()];
    const arrivals = events.map((event) => arrival(event, NOW + 50));

    const admitted = await inbox.admit(arrivals);

    assert.deepEqual(admitted, arrivals);
  });

  it('does not admit a redelivered event again, in a later call or within one call', async () => {
    const a = textMessageEvent({ message: { text: 'a' } });
    const b = textMessageEvent({ message: { text: 'b' } });
    const c = textMessageEvent({ message: { text: 'c' } });

    const first = await inbox.admit([arrival(a, NOW), arrival(b, NOW), arrival(a, NOW)]);
    const second = await inbox.admit([arrival(b, NOW + 60_000), arrival(c, NOW + 60_000)]);
    const third = await inbox.admit([arrival(a, NOW + 120_000)]);

    assert.deepEqual(eventIds(first), [a.webhookEventId, b.webhookEventId]);
    assert.deepEqual(eventIds(second), [c.webhookEventId]);
    assert.deepEqual(third, []);
    assert.deepEqual(await inbox.admit([]), []);
  });

  it('tells the same event id of two LINE accounts apart', async () => {
    const event = followEvent();

    const admitted = [...(await inbox.admit([arrival(event, NOW, 'shop')])), ...(await inbox.admit([arrival(event, NOW, 'support')]))];

    assert.deepEqual(
      admitted.map((item) => item.accountId),
      ['shop', 'support'],
    );
  });

  it('hands out unprocessed events oldest first, also to a new repository after a restart', async () => {
    const early = textMessageEvent({ message: { text: 'early' } });
    const late1 = textMessageEvent({ message: { text: 'late 1' } });
    const late2 = textMessageEvent({ message: { text: 'late 2' } });
    const handled = followEvent();
    await inbox.admit([arrival(late1, NOW + 2000), arrival(late2, NOW + 2000)]);
    await inbox.admit([arrival(early, NOW), arrival(handled, NOW)]);
    await inbox.markProcessed('default', handled.webhookEventId);
    await inbox.markProcessed('default', 'unknown-event-id');

    store = await backend.reopen(store);
    const restarted = await LineEventInboxRepository.open(store);
    const pending = await restarted.unprocessed();

    assert.deepEqual(eventIds(pending), [early.webhookEventId, late1.webhookEventId, late2.webhookEventId]);
    assert.deepEqual(pending[0], arrival(early, NOW));
    assert.deepEqual(await restarted.admit([arrival(handled, NOW + 5000)]), [], 'still deduplicated after the restart');

    await restarted.markProcessed('default', early.webhookEventId);
    await restarted.markProcessed('default', late1.webhookEventId);
    assert.deepEqual(eventIds(await restarted.unprocessed()), [late2.webhookEventId]);
  });

  it('keeps an event for a week, as JSON beside its fields', async () => {
    const event = textMessageEvent({ message: { text: 'keep me' } });
    await inbox.admit([arrival(event, NOW)]);
    await inbox.markProcessed('default', event.webhookEventId);

    const raw = await store.collection<StoredDocument>('lineInbox');
    const document = await raw.findOne({ _id: `default|${event.webhookEventId}` });
    assert.ok(document, 'stored under account|webhookEventId');
    assert.equal(document.accountId, 'default');
    assert.equal(document.destination, BOT_USER_ID);
    assert.equal((document.receivedAt as Date).getTime(), NOW);
    assert.equal((document.expiresAt as Date).getTime(), NOW + WEEK_MS);
    assert.ok(document.processedAt instanceof Date);
    assert.deepEqual(JSON.parse(document.event as string), event);
  });

  it('forgets an event a week after it arrived, so it would be admitted again', async function () {
    // MongoDB's TTL monitor deletes expired documents only once a minute; the embedded store hides them at once.
    if (backend.name !== 'embedded') this.skip();
    const event = followEvent();
    const longAgo = Date.now() - WEEK_MS - 1000;

    assert.equal((await inbox.admit([arrival(event, longAgo)])).length, 1);
    assert.deepEqual(await inbox.unprocessed(), []);
    assert.equal((await inbox.admit([arrival(event, Date.now())])).length, 1);
  });

  it('fails when the events cannot be recorded, so the webhook answers 503', async () => {
    const failing = await LineEventInboxRepository.open(failingInserts(store));

    await assert.rejects(failing.admit([arrival(followEvent(), NOW)]), /connection refused/);
    assert.deepEqual(await inbox.unprocessed(), []);
  });
});
