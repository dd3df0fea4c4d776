import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { webhook } from '@line/bot-sdk';
import { lineInboxRetentionDays } from '../../src/retention/lineInboxRetention';
import { RetentionSweep, type RetentionSweepOptions } from '../../src/retention/retentionSweep';
import { RETENTION_TARGETS } from '../../src/retention/retentionTargets';
import { BotStateStorage } from '../../src/bot/botStateStorage';
import { ChannelDataExpiry } from '../../src/storage/channelDataExpiry';
import { CustomerRepository } from '../../src/customers/customerRepository';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { LineEventInboxRepository } from '../../src/inbox/lineEventInboxRepository';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { followEvent, textMessageEvent, userSource } from '../fixtures/lineEvents';
import { describeEachBackend } from '../storage/engine/storageBackends';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const BOT_USER_ID = 'Ub9952f8fa2c3b3ab8a0e7e6d2d4a1f07';

function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}

async function ids(store: DocumentStore, name: string): Promise<string[]> {
  return (await (await store.collection<StoredDocument>(name)).find({})).map((document) => document._id).sort();
}

function message(channelId: string, userId: string, id: string, at: number): Activity {
  return {
    type: 'message',
    id,
    text: `hello ${id}`,
    channelId,
    timestamp: new Date(at),
    conversation: { id: `${channelId}-${userId}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: 'Customer', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
  } as Activity;
}

/** Documents of these kinds that are still in use, which no age deletes. */
const IN_USE: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  handoffs: { state: 'queued' },
  handoffWork: { state: 'assigned' },
  lineInboxEvents: { state: 'pending' },
};

describeEachBackend('retention by kind: a shortened setting deletes exactly the old data at the next sweep', (backend) => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(() => store.close());

  function sweep(now: number, options: Partial<RetentionSweepOptions>): Promise<RetentionSweep> {
    return RetentionSweep.open(store, { retentionDays: undefined, intervalMs: 60_000, now: () => now, batchSize: 2, ...options });
  }

  it('LINE inbox: done and dead events past the setting go, pending ones of any age and recent ones stay', async () => {
    const now = Date.now();
    const inbox = await LineEventInboxRepository.open(store, { now: () => now });
    const at = (ageDays: number): number => now - ageDays * DAY_MS;
    const source = (n: number): webhook.Event['source'] => userSource(lineUser(n));
    const oldDone = textMessageEvent({ source: source(1), message: { text: 'old and done' } });
    const oldDead = textMessageEvent({ source: source(2), message: { text: 'old and dead' } });
    const oldPending = followEvent({ source: source(3) });
    const recentDone = textMessageEvent({ source: source(4), message: { text: 'recent' } });
    const events = [
      [oldDone, 10, 'done'],
      [oldDead, 10, 'dead'],
      [oldPending, 10, 'pending'],
      [recentDone, 1, 'done'],
    ] as const;
    for (const [event, ageDays, state] of events) {
      await inbox.admit([{ accountId: 'default', destination: BOT_USER_ID, event, receivedAt: at(ageDays) }]);
      if (state === 'pending') continue;
      const [item] = await (await LineEventInboxRepository.open(store, { now: () => at(ageDays) })).pending(`default:user:${event.source?.type === 'user' ? event.source.userId : ''}`);
      assert.ok(item);
      await (await LineEventInboxRepository.open(store, { now: () => at(ageDays) })).settle(item, state === 'done' ? { state: 'done' } : { state: 'dead', error: 'HTTP 400' });
    }
    assert.equal((await inbox.counts()).done, 2);

    assert.equal((await (await sweep(now, { lineInboxRetentionDays: 30 })).run()).lineInboxEvents, 0, 'nothing is 30 days old');
    const result = await (await sweep(now, { lineInboxRetentionDays: 7 })).run();
    assert.equal(result.lineInboxEvents, 2);
    assert.deepEqual(await inbox.counts(), { pending: 1, done: 1, dead: 0 });
    assert.deepEqual((await inbox.deadLetters()).length, 0, 'the dead letter left the admin list');
    const again = await inbox.admit([oldDone, oldPending, recentDone].map((event) => ({ accountId: 'default', destination: BOT_USER_ID, event, receivedAt: now })));
    assert.deepEqual(again.admitted.map((item) => item.event.webhookEventId), [oldDone.webhookEventId], 'only the deleted event is new again');
  });

  it('every kind aged by one field: old documents go, recent ones and old ones still in use (open, pending) stay', async () => {
    const now = Date.now();
    const old = new Date(now - 40 * DAY_MS);
    const recent = new Date(now - 2 * DAY_MS);
    const expected: Record<string, string[]> = {};
    for (const target of RETENTION_TARGETS) {
      const collection = await store.collection<StoredDocument>(target.collection);
      // The conditions a document must meet to go, as values (the first of an $in).
      const meets = Object.fromEntries(Object.entries(target.also ?? {}).map(([field, condition]) => [field, (condition as { $in?: unknown[] }).$in?.[0] ?? condition]));
      const at = (date: Date): Date | number => (target.ageInMs ? date.getTime() : date);
      await collection.insertOne({ _id: `${target.kind}-old`, ...meets, [target.ageField]: at(old) });
      await collection.insertOne({ _id: `${target.kind}-recent`, ...meets, [target.ageField]: at(recent) });
      const kept = [`${target.kind}-recent`];
      const inUse = IN_USE[target.kind];
      if (inUse) {
        await collection.insertOne({ _id: `${target.kind}-old-in-use`, ...inUse, [target.ageField]: at(old) });
        kept.push(`${target.kind}-old-in-use`);
      }
      expected[target.collection] = [...(expected[target.collection] ?? []), ...kept];
    }
    const days = { retentionDays: 60, lineInboxRetentionDays: 60 };
    const untouched = await (await sweep(now, days)).run();
    assert.deepEqual(RETENTION_TARGETS.filter((target) => untouched[target.kind] !== 0).map((target) => target.kind), [], 'written under 60 days, nothing goes');
    const result = await (await sweep(now, { retentionDays: 30, lineInboxRetentionDays: 30 })).run();
    assert.deepEqual(RETENTION_TARGETS.filter((target) => result[target.kind] !== 1).map((target) => `${target.kind}: ${result[target.kind]}`), [], 'one old document of each kind went');
    for (const [collection, kept] of Object.entries(expected)) assert.deepEqual(await ids(store, collection), kept.sort(), collection);
  });

  it('LINE inbox: the setting is lowered to TRANSCRIPT_RETENTION_DAYS, never below the deduplication floor', () => {
    assert.equal(lineInboxRetentionDays(7, undefined), 7);
    assert.equal(lineInboxRetentionDays(7, 3), 3);
    assert.equal(lineInboxRetentionDays(2, 30), 2);
    assert.equal(lineInboxRetentionDays(7, 0.25), 1);
  });

  it('other channels: their data goes by its age under NON_LINE_DATA_TTL_HOURS as set now; LINE data stays', async () => {
    const written = Date.now();
    const transcripts = await TranscriptRepository.open(store);
    const customers = new CustomerRepository(store);
    const state = await BotStateStorage.open(store);
    for (const channelId of ['emulator', 'webchat', 'line']) {
      await transcripts.logActivity(message(channelId, 'u1', `${channelId}-m1`, written));
      await customers.recordSeen({ channelId, userId: 'u1', at: new Date(written) });
      await state.write({ [`${channelId}/users/u1`]: { language: 'en' } });
    }
    const twoDaysLater = written + 48 * HOUR_MS;
    const lifetime = (hours: number): Partial<RetentionSweepOptions> => ({ channelLifetimeSecondsOf: (channelId) => new ChannelDataExpiry(hours).secondsFor(channelId) });

    const kept = await (await sweep(twoDaysLater, lifetime(72))).run();
    assert.deepEqual([kept.channelBotState, kept.channelTranscriptActivities, kept.channelConversations, kept.channelCustomers], [0, 0, 0, 0], 'written under 72 hours, nothing is that old');
    const result = await (await sweep(twoDaysLater, lifetime(24))).run();
    assert.deepEqual([result.channelBotState, result.channelTranscriptActivities, result.channelConversations, result.channelCustomers], [2, 2, 2, 2]);
    assert.deepEqual(await ids(store, 'botState'), ['line/users/u1']);
    assert.deepEqual(await ids(store, 'customers'), ['line:u1']);
    assert.deepEqual(await ids(store, 'conversations'), ['line|line-u1']);
    assert.equal((await ids(store, 'transcripts')).length, 1);
    assert.equal(result.transcriptActivities, undefined, 'LINE data has no limit without TRANSCRIPT_RETENTION_DAYS');
  });

  it('notes, closed assignment items and bot state: old ones go under TRANSCRIPT_RETENTION_DAYS; open work and recent ones stay', async () => {
    const now = Date.now();
    const old = new Date(now - 40 * DAY_MS);
    const recent = new Date(now - 2 * DAY_MS);
    const notes = await store.collection<StoredDocument>('handoffNotes');
    await notes.insertOne({ _id: 'old-note', handoffId: 'h1', cycle: 1, kind: 'note', at: old, byUserId: 'a', byRole: 'agent', text: 'called back' });
    await notes.insertOne({ _id: 'recent-note', handoffId: 'h2', cycle: 1, kind: 'note', at: recent, byUserId: 'a', byRole: 'agent', text: 'called back' });
    const work = await store.collection<StoredDocument>('handoffWork');
    await work.insertOne({ _id: 'old-closed', state: 'closed', queueId: 'general', units: 1, version: 3, enqueuedAt: old });
    await work.insertOne({ _id: 'old-assigned', state: 'assigned', queueId: 'general', units: 1, version: 3, enqueuedAt: old });
    await work.insertOne({ _id: 'recent-closed', state: 'closed', queueId: 'general', units: 1, version: 3, enqueuedAt: recent });
    const botState = await store.collection<StoredDocument>('botState');
    await botState.insertOne({ _id: 'line/conversations/old', channelId: 'line', etag: 'e1', data: '{}', updatedAt: old });
    await botState.insertOne({ _id: 'line/conversations/recent', channelId: 'line', etag: 'e2', data: '{}', updatedAt: recent });

    const kept = await (await sweep(now, { retentionDays: 60 })).run();
    assert.deepEqual([kept.handoffNotes, kept.handoffWork, kept.botState], [0, 0, 0]);
    const result = await (await sweep(now, { retentionDays: 30 })).run();
    assert.deepEqual([result.handoffNotes, result.handoffWork, result.botState], [1, 1, 1]);
    assert.deepEqual(await ids(store, 'handoffNotes'), ['recent-note']);
    assert.deepEqual(await ids(store, 'handoffWork'), ['old-assigned', 'recent-closed']);
    assert.deepEqual(await ids(store, 'botState'), ['line/conversations/recent']);
  });

  it('contacts: an old one goes once no customer is linked to it (also when its last customer goes in the same run)', async () => {
    const now = Date.now();
    const old = new Date(now - 40 * DAY_MS);
    const recent = new Date(now - 2 * DAY_MS);
    const contacts = await store.collection<StoredDocument>('contacts');
    for (const [id, updatedAt] of [['c_unlinked', old], ['c_linked', old], ['c_recent', recent], ['c_last_customer_old', old]] as const) {
      await contacts.insertOne({ _id: id, name: id, nameKey: id, createdAt: updatedAt, updatedAt });
    }
    const customers = await store.collection<StoredDocument>('customers');
    await customers.insertOne({ _id: 'line:kept', channelId: 'line', userId: 'kept', firstSeenAt: old, lastSeenAt: recent, contactId: 'c_linked' });
    await customers.insertOne({ _id: 'line:gone', channelId: 'line', userId: 'gone', firstSeenAt: old, lastSeenAt: old, contactId: 'c_last_customer_old' });

    assert.equal((await (await sweep(now, { retentionDays: 60 })).run()).contacts, 0);
    const result = await (await sweep(now, { retentionDays: 30 })).run();
    assert.equal(result.customers, 1);
    assert.equal(result.contacts, 2);
    assert.deepEqual(await ids(store, 'contacts'), ['c_linked', 'c_recent']);
    assert.deepEqual(await ids(store, 'customers'), ['line:kept']);
  });

  it('deletes a backlog larger than a batch in one run, and a second run finds nothing', async () => {
    const now = Date.now();
    const surveys = await store.collection<StoredDocument>('surveys');
    for (let n = 0; n < 7; n += 1) await surveys.insertOne({ _id: `s${n}`, channelId: 'line', conversationId: 'c', customerId: 'line:u', rating: 5, at: new Date(now - (40 + n) * DAY_MS) });
    await surveys.insertOne({ _id: 'recent', channelId: 'line', conversationId: 'c', customerId: 'line:u', rating: 5, at: new Date(now - DAY_MS) });
    const retention = await sweep(now, { retentionDays: 30 });
    assert.equal((await retention.run()).surveys, 7);
    assert.equal((await retention.run()).surveys, 0);
    assert.deepEqual(await ids(store, 'surveys'), ['recent']);
  });

  it('two sweeps at once (a leadership change mid-run) delete each old document once and nothing younger', async () => {
    const now = Date.now();
    const surveys = await store.collection<StoredDocument>('surveys');
    for (let n = 0; n < 9; n += 1) await surveys.insertOne({ _id: `s${n}`, channelId: 'line', conversationId: 'c', customerId: 'line:u', rating: 5, at: new Date(now - (40 + n) * DAY_MS) });
    await surveys.insertOne({ _id: 'recent', channelId: 'line', conversationId: 'c', customerId: 'line:u', rating: 5, at: new Date(now - DAY_MS) });
    const [first, second] = await Promise.all([(await sweep(now, { retentionDays: 30 })).run(), (await sweep(now, { retentionDays: 30 })).run()]);
    assert.equal((first.surveys ?? 0) + (second.surveys ?? 0), 9);
    assert.deepEqual(await ids(store, 'surveys'), ['recent']);
  });
});
