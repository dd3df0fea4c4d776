import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { RetentionSweep } from '../../src/retention/retentionSweep';
import { AttachmentRepository } from '../../src/attachments/attachmentRepository';
import { CustomerRepository } from '../../src/customers/customerRepository';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { SurveyRepository } from '../../src/bot/surveyRepository';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const OLD_USER = 'U00000000000000000000000000000001';
const RECENT_USER = 'U00000000000000000000000000000002';
const BOT = 'Ubot0000000000000000000000000000';
// A PNG signature, enough for the attachment store's content check.
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function message(id: string, userId: string, at: number): Activity {
  return {
    type: 'message',
    id,
    text: `hello ${id}`,
    channelId: 'line',
    timestamp: new Date(at),
    conversation: { id: `default:user:${userId}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: 'Customer', role: 'user' },
    recipient: { id: BOT, name: 'Bot', role: 'bot' },
  } as Activity;
}

async function* bytes(): AsyncIterable<Uint8Array> {
  yield PNG;
}

async function count(store: DocumentStore, name: string): Promise<number> {
  return (await store.collection<StoredDocument>(name)).countDocuments({});
}

describeEachBackend('retention sweep: deletes personal data by its age when it runs', (backend) => {
  let store: DocumentStore;
  let now: number;
  beforeEach(async () => {
    store = await backend.open();
    now = NOW;
  });
  afterEach(() => store.close());

  /** A customer last seen `ageDays` ago with one message, one picture and one survey of that age. */
  async function customerOfAge(userId: string, ageDays: number, messageId: string): Promise<void> {
    const at = NOW - ageDays * DAY_MS;
    const transcripts = await TranscriptRepository.open(store);
    await transcripts.logActivity(message(messageId, userId, at));
    await new CustomerRepository(store).recordSeen({ channelId: 'line', userId, accountId: 'default', displayName: 'C', at: new Date(at) });
    const attachments = new AttachmentRepository(store, { now: () => new Date(at) });
    await attachments.store({ accountId: 'default', conversationId: `default:user:${userId}`, customerId: `line:${userId}`, messageId, contentType: 'image/png', content: bytes() });
    await (await SurveyRepository.open(store)).save({ channelId: 'line', conversationId: `default:user:${userId}`, customerId: `line:${userId}`, rating: 5, comment: undefined, language: 'en', at: new Date(at) });
  }

  function sweep(retentionDays: number | undefined): Promise<RetentionSweep> {
    return RetentionSweep.open(store, { retentionDays, intervalMs: 60_000, now: () => now, batchSize: 2 });
  }

  it('deletes what is older than the setting, keeps what is younger, and the blobs go with their media', async () => {
    await customerOfAge(OLD_USER, 40, 'm1');
    await customerOfAge(RECENT_USER, 5, 'm2');
    const result = await (await sweep(30)).run();
    assert.equal(result.transcriptActivities, 1);
    assert.equal(result.conversations, 1);
    assert.equal(result.attachments, 1);
    assert.equal(result.surveys, 1);
    assert.equal(result.customers, 1);
    const customers = new CustomerRepository(store);
    assert.equal(await customers.get(`line:${OLD_USER}`), undefined);
    assert.ok(await customers.get(`line:${RECENT_USER}`));
    assert.equal(await store.blobs.get('default-m1'), undefined, 'the old picture\'s bytes are gone');
    const attachments = new AttachmentRepository(store);
    const kept = await attachments.listByConversation(`default:user:${RECENT_USER}`);
    assert.equal(kept.length, 1);
    assert.ok(await attachments.get(kept[0]!.id), 'the younger picture keeps its bytes');
    assert.equal((await attachments.listByConversation(`default:user:${OLD_USER}`)).length, 0);
    assert.equal(await count(store, 'transcripts'), 1);
    assert.equal(await count(store, 'surveys'), 1);
  });

  it('a lowered setting applies to data written before it, at the next sweep', async () => {
    await customerOfAge(OLD_USER, 40, 'm1');
    await customerOfAge(RECENT_USER, 5, 'm2');
    assert.deepEqual(Object.values(await (await sweep(60)).run()).filter((n) => n > 0), [], 'nothing is 60 days old');
    assert.equal(await count(store, 'transcripts'), 2);
    const lowered = await (await sweep(3)).run();
    assert.equal(lowered.transcriptActivities, 2);
    assert.equal(await count(store, 'transcripts'), 0);
    assert.equal(await count(store, 'customers'), 0);
  });

  it('time passing makes data old enough: the same setting deletes it at a later sweep', async () => {
    await customerOfAge(RECENT_USER, 5, 'm2');
    const retention = await sweep(30);
    assert.equal((await retention.run()).transcriptActivities, 0);
    now += 26 * DAY_MS;
    assert.equal((await retention.run()).transcriptActivities, 1);
  });

  it('keeps the profile of a customer last seen long ago while a conversation of theirs is kept', async () => {
    await customerOfAge(OLD_USER, 40, 'm1');
    // A newer message in the same conversation keeps the conversation (and so the profile) under a 30-day setting.
    await (await TranscriptRepository.open(store)).logActivity(message('m3', OLD_USER, NOW - 2 * DAY_MS));
    const result = await (await sweep(30)).run();
    assert.equal(result.customers, 0);
    assert.equal(result.conversations, 0);
    assert.equal(result.transcriptActivities, 1, 'the old message itself goes');
    assert.ok(await new CustomerRepository(store).get(`line:${OLD_USER}`));
  });

  it('never deletes an open handoff, only closed ones past the setting; without a setting nothing goes', async () => {
    const handoffs = await store.collection<StoredDocument>('handoffConversations');
    const old = new Date(NOW - 90 * DAY_MS);
    await handoffs.insertOne({ _id: 'open', state: 'queued', requestedAt: old });
    await handoffs.insertOne({ _id: 'closed', state: 'closed', requestedAt: old, closedAt: old });
    assert.deepEqual(await (await sweep(undefined)).run(), {});
    assert.equal(await count(store, 'handoffConversations'), 2);
    assert.equal((await (await sweep(30)).run()).handoffs, 1);
    assert.deepEqual((await handoffs.find({})).map((document) => document._id), ['open']);
  });

  it('runIfDue runs at most once per interval, and never two runs at once', async () => {
    const retention = await sweep(30);
    const first = retention.runIfDue();
    assert.equal(await retention.runIfDue(), undefined, 'a run is in progress');
    assert.ok(await first);
    assert.equal(await retention.runIfDue(), undefined, 'within the interval');
    now += 60_000;
    assert.ok(await retention.runIfDue());
    await retention.idle();
  });
});
