import assert from 'node:assert/strict';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Storage, type StoreItems } from 'botbuilder';
import { BotStateStorage, ETagConflictError } from '../../src/bot/botStateStorage.js';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

interface Counter {
  count: number;
}

const KEY = 'line/conversations/default:user:U4af4980629a1b2c3d4e5f60718293a4b/';

function eTagOf(items: StoreItems, key: string): string {
  const eTag: unknown = items[key]?.eTag;
  assert.equal(typeof eTag, 'string', `an eTag for ${key}`);
  return eTag as string;
}

/** What a sequence of writes does on a storage: 'ok' or the error message, and what is stored in the end. */
async function outcomes(storage: Storage, writes: StoreItems[]): Promise<{ results: string[]; stored: unknown }> {
  const results: string[] = [];
  for (const changes of writes) {
    try {
      await storage.write(changes);
      results.push('ok');
    } catch (err) {
      results.push((err as Error).message);
    }
  }
  const { eTag: _eTag, ...stored } = (await storage.read(['k']))['k'] ?? {};
  return { results, stored };
}

describeEachBackend('BotStateStorage', (backend) => {
  let store: DocumentStore;
  let storage: BotStateStorage;

  beforeEach(async () => {
    store = await backend.open();
    storage = await BotStateStorage.open(store);
  });

  afterEach(async () => {
    await store.close();
  });

  it('carries ConversationState across turns and across storage instances', async () => {
    const seen: number[] = [];
    const runTurn = async (state: ConversationState, text: string): Promise<void> => {
      const accessor = state.createProperty<Counter>('counter');
      const adapter = new TestAdapter(async (context) => {
        const counter = await accessor.get(context, { count: 0 });
        counter.count += 1;
        seen.push(counter.count);
        await state.saveChanges(context);
      });
      await adapter.processActivity({ type: ActivityTypes.Message, text });
    };

    await runTurn(new ConversationState(storage), 'one');
    await runTurn(new ConversationState(storage), 'two');
    await runTurn(new ConversationState(await BotStateStorage.open(store)), 'three');

    assert.deepEqual(seen, [1, 2, 3]);
    const items = await storage.read(['test/conversations/Convo1/']);
    assert.deepEqual(items['test/conversations/Convo1/']?.counter, { count: 3 });
  });

  it('reads items with their current eTag, a new one after each write', async () => {
    await storage.write({ [KEY]: { topic: 'shipping' } });
    const first = await storage.read([KEY, 'missing']);
    assert.deepEqual(Object.keys(first), [KEY]);
    assert.equal(first[KEY]?.topic, 'shipping');
    const eTag = eTagOf(first, KEY);

    await storage.write({ [KEY]: { topic: 'returns', eTag } });
    const second = await storage.read([KEY]);
    assert.equal(second[KEY]?.topic, 'returns');
    assert.notEqual(eTagOf(second, KEY), eTag);
  });

  it('refuses a write with a stale eTag and keeps the newer data', async () => {
    await storage.write({ [KEY]: { step: 1 } });
    const stale = eTagOf(await storage.read([KEY]), KEY);
    await storage.write({ [KEY]: { step: 2, eTag: stale } });

    await assert.rejects(storage.write({ [KEY]: { step: 3, eTag: stale } }), (err: unknown) => {
      assert.ok(err instanceof ETagConflictError);
      assert.equal(err.key, KEY);
      assert.equal(err.code, 'etag_conflict');
      assert.match(err.message, /eTag conflict/);
      assert.ok(err.message.includes(KEY));
      return true;
    });
    assert.equal((await storage.read([KEY]))[KEY]?.step, 2);
  });

  it('lets exactly one of two writers with the same eTag win', async () => {
    await storage.write({ [KEY]: { owner: 'nobody' } });
    const eTag = eTagOf(await storage.read([KEY]), KEY);

    const results = await Promise.allSettled([storage.write({ [KEY]: { owner: 'agent-a', eTag } }), storage.write({ [KEY]: { owner: 'agent-b', eTag } })]);

    assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
    const winner = results[0]?.status === 'fulfilled' ? 'agent-a' : 'agent-b';
    assert.equal((await storage.read([KEY]))[KEY]?.owner, winner);
  });

  it("overwrites unconditionally with eTag '*' or without eTag", async () => {
    await storage.write({ [KEY]: { step: 1 } });
    await storage.write({ [KEY]: { step: 2, eTag: '*' } });
    assert.equal((await storage.read([KEY]))[KEY]?.step, 2);
    await storage.write({ [KEY]: { step: 3 } });
    assert.equal((await storage.read([KEY]))[KEY]?.step, 3);
  });

  it('behaves as MemoryStorage on the same sequence, including an eTag on a missing item', async () => {
    const sequence: StoreItems[] = [
      { k: { v: 'created with an eTag', eTag: 'no-such-etag' } },
      { k: { v: 'stale', eTag: 'another-etag' } },
      { k: { v: 'forced', eTag: '*' } },
      { k: { v: 'stale again', eTag: 'no-such-etag' } },
    ];
    const expected = await outcomes(new MemoryStorage(), structuredClone(sequence));
    const actual = await outcomes(storage, structuredClone(sequence));

    assert.deepEqual(expected, {
      results: ['ok', 'Storage: error writing "k" due to eTag conflict.', 'ok', 'Storage: error writing "k" due to eTag conflict.'],
      stored: { v: 'forced' },
    });
    assert.deepEqual(actual, expected);
  });

  it('writes every item it can and then reports the conflict', async () => {
    await storage.write({ a: { n: 1 } });
    await assert.rejects(storage.write({ a: { n: 2, eTag: 'stale' }, b: { n: 2 } }), ETagConflictError);
    const items = await storage.read(['a', 'b']);
    assert.equal(items['a']?.n, 1);
    assert.equal(items['b']?.n, 2);
  });

  it('keeps state whose keys contain dots or start with $, stored as JSON', async () => {
    const state = { 'dialog.stack': [{ id: 'main', $state: { 'a.b': 1 } }], $schema: 'x' };
    await storage.write({ [KEY]: state });

    const { eTag: _eTag, ...read } = (await storage.read([KEY]))[KEY] ?? {};
    assert.deepEqual(read, state);
    const raw = await store.collection<StoredDocument>('botState');
    const document = await raw.findOne({ _id: KEY });
    assert.equal(typeof document?.data, 'string');
    assert.equal(typeof document?.etag, 'string');
  });

  it('deletes items, ignoring keys that are not stored', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.delete(['a', 'never-written']);
    assert.deepEqual(Object.keys(await storage.read(['a', 'b'])), ['b']);
    await storage.delete([]);
    assert.deepEqual(await storage.read([]), {});
  });
});
