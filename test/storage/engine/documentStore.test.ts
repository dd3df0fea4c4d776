import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobTooLargeError, DuplicateKeyError, type DocumentCollection, type DocumentStore, type Filter, type StoredDocument } from '../../../src/storage/engine/documentStore';
import { MongoClient } from 'mongodb';
import { openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';
import { mongoConnectionSettings } from '../../../src/storage/engine/mongoDocumentStore';
import { InvalidStorageNameError } from '../../../src/storage/engine/storageNames';
import { describeEachBackend } from './storageBackends';

const D1 = new Date('2024-05-01T09:00:00.000Z');
const D2 = new Date('2024-05-02T09:00:00.000Z');
const D3 = new Date('2024-05-03T09:00:00.000Z');

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function ids(documents: readonly StoredDocument[]): string[] {
  return documents.map((document) => document._id);
}

async function sortedIds(collection: DocumentCollection<StoredDocument>, filter: Filter): Promise<string[]> {
  return ids(await collection.find(filter, { sort: { _id: 1 } }));
}

describeEachBackend('DocumentStore contract', (backend) => {
  let store: DocumentStore;

  beforeEach(async () => {
    store = await backend.open();
  });

  afterEach(async () => {
    await store.close();
  });

  describe('insert and find', () => {
    it('returns an inserted document whole, with nested values, arrays, null, booleans and Dates', async () => {
      const items = await store.collection('items');
      const document = { _id: 'a', text: 'hello', count: 3, ratio: 0.25, flag: false, none: null, at: D1, tags: ['x', 'y'], nested: { deep: { at: D2, list: [1, { k: 'v' }] } } };
      await items.insertOne(document);

      const found = await items.findOne({ _id: 'a' });

      assert.deepEqual(found, document);
      assert.ok(found?.at instanceof Date && found.at.getTime() === D1.getTime(), 'a Date comes back as a Date');
      assert.equal(await items.findOne({ _id: 'missing' }), undefined);
    });

    it('leaves undefined fields out and stores undefined array elements as null', async () => {
      const items = await store.collection('items');
      await items.insertOne({ _id: 'u', kept: 1, dropped: undefined, list: [1, undefined, 3] });

      const found = await items.findOne({ _id: 'u' });

      assert.deepEqual(found, { _id: 'u', kept: 1, list: [1, null, 3] });
      assert.ok(found && !('dropped' in found));
    });

    it('hands out copies: changing a returned document changes nothing stored', async () => {
      const items = await store.collection('items');
      await items.insertOne({ _id: 'a', list: [1], nested: { k: 'v' } });
      const found = await items.findOne({ _id: 'a' });
      assert.ok(found);
      (found.list as number[]).push(2);
      (found.nested as Record<string, unknown>).k = 'changed';

      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', list: [1], nested: { k: 'v' } });
    });

    it('sorts by several keys in order, then skips and limits', async () => {
      const items = await store.collection('items');
      await items.insertManyIgnoringDuplicates([
        { _id: 'a', group: 2, rank: 1 },
        { _id: 'b', group: 1, rank: 1 },
        { _id: 'c', group: 1, rank: 3 },
        { _id: 'd', group: 2, rank: 2 },
        { _id: 'e', group: 1, rank: 2 },
      ]);

      assert.deepEqual(ids(await items.find({}, { sort: { group: 1, rank: -1 } })), ['c', 'e', 'b', 'd', 'a']);
      assert.deepEqual(ids(await items.find({}, { sort: { group: 1, rank: -1 }, skip: 1, limit: 3 })), ['e', 'b', 'd']);
      assert.deepEqual(ids(await items.find({}, { sort: { group: -1, rank: 1 }, skip: 4 })), ['c']);
      assert.deepEqual(await items.find({}, { sort: { group: 1 }, skip: 5 }), []);
      assert.equal((await items.find({}, { limit: 2 })).length, 2);
      assert.equal((await items.findOne({}, { sort: { rank: -1, group: 1 } }))?._id, 'c');
    });

    it('sorts strings by code point (MongoDB binary order), not by UTF-16 unit or locale', async () => {
      const items = await store.collection('items');
      const words = ['😀', 'a', 'Ａ', 'é', 'B'];
      await items.insertManyIgnoringDuplicates(words.map((word, index) => ({ _id: `w${index}`, word })));

      const sorted = (await items.find({}, { sort: { word: 1 } })).map((document) => document.word);

      assert.deepEqual(sorted, ['B', 'a', 'é', 'Ａ', '😀']);
    });

    it("sorts mixed types in MongoDB's order: [] < missing = null < numbers < strings < objects < booleans < dates; arrays by min ascending, max descending", async () => {
      const items = await store.collection('items');
      await items.insertManyIgnoringDuplicates([
        { _id: 'a' },
        { _id: 'b', v: null },
        { _id: 'c', v: 3 },
        { _id: 'd', v: '3' },
        { _id: 'e', v: { x: 1 } },
        { _id: 'f', v: D1 },
        { _id: 'g', v: [7, 2] },
        { _id: 'h', v: false },
        { _id: 'i', v: [] },
      ]);

      assert.deepEqual(ids(await items.find({}, { sort: { v: 1, _id: 1 } })), ['i', 'a', 'b', 'g', 'c', 'd', 'e', 'h', 'f']);
      assert.deepEqual(ids(await items.find({}, { sort: { v: -1, _id: 1 } })), ['f', 'h', 'e', 'd', 'g', 'c', 'a', 'b', 'i']);
    });

    it('sorts by a dotted path', async () => {
      const items = await store.collection('items');
      await items.insertManyIgnoringDuplicates([
        { _id: 'a', last: { at: D2 } },
        { _id: 'b', last: { at: D3 } },
        { _id: 'c', last: { at: D1 } },
      ]);

      assert.deepEqual(ids(await items.find({}, { sort: { 'last.at': -1 } })), ['b', 'a', 'c']);
    });
  });

  describe('filters', () => {
    let items: DocumentCollection<StoredDocument>;

    beforeEach(async () => {
      items = await store.collection('items');
      await items.insertManyIgnoringDuplicates([
        { _id: 'a', n: 1, s: 'apple', tags: ['red', 'fruit'], nested: { k: 'x', depth: { v: 1 } }, lines: [{ sku: 'p1', qty: 2 }, { sku: 'p2', qty: 5 }], flag: true, at: D1, maybe: null },
        { _id: 'b', n: 2, s: 'banana', tags: ['yellow', 'fruit'], nested: { k: 'y' }, lines: [{ sku: 'p3', qty: 1 }], flag: false, at: D2 },
        { _id: 'c', n: 3, s: 'cherry', tags: [], nested: { k: 'x' }, lines: [], at: D3, maybe: 'set' },
        { _id: 'd', n: '4', s: 'date', flag: true },
      ]);
    });

    it('matches equality and $eq on strings, numbers, booleans and Dates', async () => {
      assert.deepEqual(await sortedIds(items, { s: 'apple' }), ['a']);
      assert.deepEqual(await sortedIds(items, { n: 1 }), ['a']);
      assert.deepEqual(await sortedIds(items, { n: '4' }), ['d'], 'a string never equals a number');
      assert.deepEqual(await sortedIds(items, { flag: true }), ['a', 'd']);
      assert.deepEqual(await sortedIds(items, { at: new Date(D2.getTime()) }), ['b']);
      assert.deepEqual(await sortedIds(items, { n: { $eq: 2 } }), ['b']);
      assert.deepEqual(await sortedIds(items, {}), ['a', 'b', 'c', 'd']);
    });

    it('matches $ne, $in and $nin, where $ne/$nin also match a missing field', async () => {
      assert.deepEqual(await sortedIds(items, { flag: { $ne: true } }), ['b', 'c']);
      assert.deepEqual(await sortedIds(items, { s: { $in: ['apple', 'date', 'zzz'] } }), ['a', 'd']);
      assert.deepEqual(await sortedIds(items, { s: { $nin: ['apple'] } }), ['b', 'c', 'd']);
      assert.deepEqual(await sortedIds(items, { _id: { $in: ['c', 'a', 'nope'] } }), ['a', 'c']);
    });

    it('compares ranges only within one type: numbers, strings (by code point) and Dates', async () => {
      assert.deepEqual(await sortedIds(items, { n: { $gt: 1, $lte: 3 } }), ['b', 'c'], "'4' is a string, not in a numeric range");
      assert.deepEqual(await sortedIds(items, { n: { $gte: 3 } }), ['c']);
      assert.deepEqual(await sortedIds(items, { n: { $lt: 2 } }), ['a']);
      assert.deepEqual(await sortedIds(items, { s: { $gte: 'b', $lt: 'd' } }), ['b', 'c']);
      assert.deepEqual(await sortedIds(items, { at: { $gte: D2 } }), ['b', 'c']);
      assert.deepEqual(await sortedIds(items, { at: { $lt: D2 } }), ['a']);
    });

    it('treats null as "null or missing", and $exists as "present, even if null or []"', async () => {
      assert.deepEqual(await sortedIds(items, { maybe: null }), ['a', 'b', 'd']);
      assert.deepEqual(await sortedIds(items, { maybe: { $eq: null } }), ['a', 'b', 'd']);
      assert.deepEqual(await sortedIds(items, { maybe: { $ne: null } }), ['c']);
      assert.deepEqual(await sortedIds(items, { maybe: { $in: [null, 'set'] } }), ['a', 'b', 'c', 'd']);
      assert.deepEqual(await sortedIds(items, { maybe: { $exists: true } }), ['a', 'c']);
      assert.deepEqual(await sortedIds(items, { maybe: { $exists: false } }), ['b', 'd']);
      assert.deepEqual(await sortedIds(items, { tags: { $exists: true } }), ['a', 'b', 'c']);
    });

    it('matches array fields when an element matches, and $ne/$nin only when no element does', async () => {
      assert.deepEqual(await sortedIds(items, { tags: 'fruit' }), ['a', 'b']);
      assert.deepEqual(await sortedIds(items, { tags: { $in: ['yellow', 'red'] } }), ['a', 'b']);
      assert.deepEqual(await sortedIds(items, { tags: { $ne: 'red' } }), ['b', 'c', 'd']);
      assert.deepEqual(await sortedIds(items, { tags: { $nin: ['fruit'] } }), ['c', 'd']);
    });

    it('follows dotted paths into sub-documents and arrays of sub-documents', async () => {
      assert.deepEqual(await sortedIds(items, { 'nested.k': 'x' }), ['a', 'c']);
      assert.deepEqual(await sortedIds(items, { 'nested.depth.v': 1 }), ['a']);
      assert.deepEqual(await sortedIds(items, { 'nested.depth': { $exists: false } }), ['b', 'c', 'd']);
      assert.deepEqual(await sortedIds(items, { 'lines.sku': 'p3' }), ['b']);
      assert.deepEqual(await sortedIds(items, { 'lines.qty': { $gt: 4 } }), ['a']);
    });

    it('combines conditions with $or and $and', async () => {
      assert.deepEqual(await sortedIds(items, { $or: [{ s: 'apple' }, { n: { $gte: 3 } }] }), ['a', 'c']);
      assert.deepEqual(await sortedIds(items, { $and: [{ tags: 'fruit' }, { flag: false }] }), ['b']);
      assert.deepEqual(await sortedIds(items, { flag: true, $or: [{ n: 1 }, { n: '4' }] }), ['a', 'd']);
    });

    it('ignores conditions whose value is undefined', async () => {
      assert.deepEqual(await sortedIds(items, { s: 'apple', other: undefined }), ['a']);
    });

    it('keeps these semantics on indexed fields: array elements, null as missing, one type per comparison, strings before dates', async () => {
      const users = await store.collection('users', [{ keys: { roles: 1 } }, { keys: { team: 1, at: 1 } }, { keys: { v: 1 } }]);
      await users.insertManyIgnoringDuplicates([
        { _id: 'a', roles: 'admin', team: 't1', at: D1, v: 1 },
        { _id: 'b', roles: ['agent', 'admin'], team: 't1', at: D2, v: true },
        { _id: 'c', roles: ['agent'], team: 't2', at: D3, v: '1' },
        { _id: 'd', team: 't1', v: '\u{10FFFF} last of strings' },
        { _id: 'e', v: D1 },
      ]);

      assert.deepEqual(await sortedIds(users, { roles: 'admin' }), ['a', 'b']);
      assert.deepEqual(await sortedIds(users, { roles: { $ne: 'agent' } }), ['a', 'd', 'e']);
      assert.deepEqual(await sortedIds(users, { roles: null }), ['d', 'e']);
      assert.deepEqual(ids(await users.find({ team: 't1' }, { sort: { at: -1 } })), ['b', 'a', 'd']);
      assert.deepEqual(ids(await users.find({ team: 't1', at: { $gte: D1 } }, { sort: { at: 1 } })), ['a', 'b']);
      assert.deepEqual(await sortedIds(users, { v: 1 }), ['a']);
      assert.deepEqual(await sortedIds(users, { v: true }), ['b']);
      assert.deepEqual(await sortedIds(users, { v: { $gt: 0 } }), ['a']);
      assert.deepEqual(await sortedIds(users, { v: { $gte: '' } }), ['c', 'd']);
      assert.deepEqual(await sortedIds(users, { v: { $lte: D1 } }), ['e']);
      assert.deepEqual(ids(await users.find({ _id: { $in: ['c', 'd', 'e'] } }, { sort: { v: 1 } })), ['c', 'd', 'e']);
      assert.equal((await users.findOne({ _id: 'd' }))?.v, '\u{10FFFF} last of strings');
    });

    it('counts what find finds', async () => {
      assert.equal(await items.countDocuments({}), 4);
      assert.equal(await items.countDocuments({ tags: 'fruit' }), 2);
      assert.equal(await items.countDocuments({ s: 'nothing' }), 0);
    });
  });

  describe('updates', () => {
    let items: DocumentCollection<StoredDocument>;

    beforeEach(async () => {
      items = await store.collection('items');
      await items.insertOne({ _id: 'a', n: 1, s: 'x', tags: ['red'], nested: { k: 'v' } });
    });

    it('$set sets top-level and dotted fields, creating sub-documents', async () => {
      const result = await items.updateOne({ _id: 'a' }, { $set: { s: 'y', 'nested.k': 'w', 'created.deep.at': D1 } });

      assert.deepEqual(result, { matchedCount: 1, modifiedCount: 1, upsertedId: undefined });
      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', n: 1, s: 'y', tags: ['red'], nested: { k: 'w' }, created: { deep: { at: D1 } } });
    });

    it('$unset removes fields (a missing one is no change)', async () => {
      await items.updateOne({ _id: 'a' }, { $unset: { s: true, 'nested.k': true, absent: true } });

      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', n: 1, tags: ['red'], nested: {} });
      assert.deepEqual(await items.updateOne({ _id: 'a' }, { $unset: { absent: true } }), { matchedCount: 1, modifiedCount: 0, upsertedId: undefined });
    });

    it('$inc adds to a number and creates a missing one', async () => {
      await items.updateOne({ _id: 'a' }, { $inc: { n: 2, 'stats.count': 1, fresh: -1 } });

      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', n: 3, s: 'x', tags: ['red'], nested: { k: 'v' }, fresh: -1, stats: { count: 1 } });
    });

    it('$push appends (creating the array), with $each and $slice', async () => {
      await items.updateOne({ _id: 'a' }, { $push: { tags: 'blue', fresh: { at: D1 } } });
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.tags, ['red', 'blue']);
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.fresh, [{ at: D1 }]);

      await items.updateOne({ _id: 'a' }, { $push: { tags: { $each: ['c', 'd', 'e'], $slice: -3 } } });
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.tags, ['c', 'd', 'e']);
    });

    it('$addToSet adds only what is not there yet, also with $each', async () => {
      await items.updateOne({ _id: 'a' }, { $addToSet: { tags: 'red' } });
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.tags, ['red']);

      await items.updateOne({ _id: 'a' }, { $addToSet: { tags: { $each: ['red', 'green', 'green', 'blue'] }, fresh: 1 } });
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.tags, ['red', 'green', 'blue']);
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.fresh, [1]);
    });

    it('$pull removes every equal element and ignores a missing field', async () => {
      await items.updateOne({ _id: 'a' }, { $push: { tags: { $each: ['blue', 'red'] } } });

      const result = await items.updateOne({ _id: 'a' }, { $pull: { tags: 'red', absent: 'x' } });

      assert.equal(result.modifiedCount, 1);
      assert.deepEqual((await items.findOne({ _id: 'a' }))?.tags, ['blue']);
    });

    it('reports matched but not modified when the update changes nothing, and nothing when nothing matches', async () => {
      assert.deepEqual(await items.updateOne({ _id: 'a' }, { $set: { s: 'x' } }), { matchedCount: 1, modifiedCount: 0, upsertedId: undefined });
      assert.deepEqual(await items.updateOne({ _id: 'nope' }, { $set: { s: 'x' } }), { matchedCount: 0, modifiedCount: 0, upsertedId: undefined });
    });

    it('updateMany updates every match and counts matched and modified apart', async () => {
      await items.insertManyIgnoringDuplicates([
        { _id: 'b', s: 'x', state: 'open' },
        { _id: 'c', s: 'x', state: 'closed' },
        { _id: 'd', s: 'other', state: 'open' },
      ]);

      const result = await items.updateMany({ s: 'x' }, { $set: { state: 'closed' } });

      assert.deepEqual(result, { matchedCount: 3, modifiedCount: 2, upsertedId: undefined });
      assert.deepEqual(await sortedIds(items, { state: 'closed' }), ['a', 'b', 'c']);
    });

    it('rejects updates that overlap or change _id', async () => {
      await assert.rejects(items.updateOne({ _id: 'a' }, { $set: { n: 5 }, $inc: { n: 1 } }));
      await assert.rejects(items.updateOne({ _id: 'a' }, { $set: { nested: {}, 'nested.k': 'w' } }));
      await assert.rejects(items.updateOne({ _id: 'a' }, { $set: { _id: 'b' } }));
      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', n: 1, s: 'x', tags: ['red'], nested: { k: 'v' } });
    });

    it('upserts with the filter equalities, $set and $setOnInsert, then applies $setOnInsert only on insert', async () => {
      const upsert = { $set: { lastSeenAt: D1 }, $setOnInsert: { firstSeenAt: D1, visits: 0 } };
      const inserted = await items.updateOne({ _id: 'U1', channel: 'line', 'profile.lang': 'ja' }, upsert, { upsert: true });

      assert.deepEqual(inserted, { matchedCount: 0, modifiedCount: 0, upsertedId: 'U1' });
      assert.deepEqual(await items.findOne({ _id: 'U1' }), { _id: 'U1', channel: 'line', profile: { lang: 'ja' }, firstSeenAt: D1, lastSeenAt: D1, visits: 0 });

      const updated = await items.updateOne({ _id: 'U1', channel: 'line' }, { $set: { lastSeenAt: D2 }, $setOnInsert: { firstSeenAt: D2, visits: 0 } }, { upsert: true });

      assert.deepEqual(updated, { matchedCount: 1, modifiedCount: 1, upsertedId: undefined });
      assert.deepEqual(await items.findOne({ _id: 'U1' }), { _id: 'U1', channel: 'line', profile: { lang: 'ja' }, firstSeenAt: D1, lastSeenAt: D2, visits: 0 });
    });

    it('gives an upserted document a string _id when the filter names none', async () => {
      const result = await items.updateOne({ lineUserId: 'U9', state: { $in: ['open', 'pending'] } }, { $set: { state: 'open' } }, { upsert: true });

      assert.equal(typeof result.upsertedId, 'string');
      const found = await items.findOne({ lineUserId: 'U9' });
      assert.deepEqual(found, { _id: result.upsertedId, lineUserId: 'U9', state: 'open' });
    });

    it('replaceOne replaces the whole document, or inserts it with upsert', async () => {
      assert.deepEqual(await items.replaceOne({ _id: 'a' }, { _id: 'a', only: 'this' }), { matchedCount: 1, modifiedCount: 1, upsertedId: undefined });
      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', only: 'this' });
      assert.deepEqual(await items.replaceOne({ _id: 'a' }, { _id: 'a', only: 'this' }), { matchedCount: 1, modifiedCount: 0, upsertedId: undefined });
      assert.deepEqual(await items.replaceOne({ _id: 'z' }, { _id: 'z', v: 1 }), { matchedCount: 0, modifiedCount: 0, upsertedId: undefined });
      assert.equal(await items.findOne({ _id: 'z' }), undefined);
      assert.deepEqual(await items.replaceOne({ _id: 'z' }, { _id: 'z', v: 1 }, { upsert: true }), { matchedCount: 0, modifiedCount: 0, upsertedId: 'z' });
      assert.deepEqual(await items.findOne({ _id: 'z' }), { _id: 'z', v: 1 });
    });

    it('deleteOne deletes one match, deleteMany all, both counting', async () => {
      await items.insertManyIgnoringDuplicates([
        { _id: 'b', s: 'x' },
        { _id: 'c', s: 'x' },
        { _id: 'd', s: 'y' },
      ]);

      assert.equal(await items.deleteOne({ s: 'x' }), 1);
      assert.equal(await items.countDocuments({ s: 'x' }), 2);
      assert.equal(await items.deleteMany({ s: 'x' }), 2);
      assert.equal(await items.deleteOne({ s: 'x' }), 0);
      assert.equal(await items.deleteMany({ s: 'nothing' }), 0);
      assert.deepEqual(await sortedIds(items, {}), ['d']);
    });
  });

  describe('findOneAndUpdate', () => {
    let jobs: DocumentCollection<StoredDocument>;

    beforeEach(async () => {
      jobs = await store.collection('jobs');
      await jobs.insertManyIgnoringDuplicates([
        { _id: 'j2', state: 'pending', dueAt: D2, version: 0 },
        { _id: 'j1', state: 'pending', dueAt: D1, version: 0 },
        { _id: 'j3', state: 'pending', dueAt: D3, version: 0 },
      ]);
    });

    it('updates the first match in sort order and returns it as it is after the update', async () => {
      const claimed = await jobs.findOneAndUpdate({ state: 'pending' }, { $set: { state: 'running' }, $inc: { version: 1 } }, { sort: { dueAt: 1 } });

      assert.deepEqual(claimed, { _id: 'j1', state: 'running', dueAt: D1, version: 1 });
      const next = await jobs.findOneAndUpdate({ state: 'pending' }, { $set: { state: 'running' } }, { sort: { dueAt: -1 } });
      assert.equal(next?._id, 'j3');
    });

    it('returns undefined when nothing matches, and the inserted document on upsert', async () => {
      assert.equal(await jobs.findOneAndUpdate({ state: 'nothing' }, { $set: { state: 'x' } }), undefined);

      const inserted = await jobs.findOneAndUpdate({ _id: 'j9' }, { $set: { state: 'new' }, $setOnInsert: { version: 0 } }, { upsert: true });

      assert.deepEqual(inserted, { _id: 'j9', state: 'new', version: 0 });
    });

    it('is a compare-and-set: of 20 concurrent attempts on one document exactly one wins', async () => {
      const attempts = await Promise.all(Array.from({ length: 20 }, (_, index) => jobs.findOneAndUpdate({ _id: 'j1', version: 0 }, { $set: { version: 1, owner: `worker-${index}` } })));

      const winners = attempts.filter((attempt) => attempt !== undefined);
      assert.equal(winners.length, 1);
      assert.deepEqual(await jobs.findOne({ _id: 'j1' }), winners[0]);
    });

    it('keeps single-document writes atomic: 20 concurrent conditional updateOne, one modifies; 20 concurrent $inc, all count', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => jobs.updateOne({ _id: 'j2', state: 'pending' }, { $set: { state: 'claimed' } })));
      assert.equal(results.reduce((sum, result) => sum + result.modifiedCount, 0), 1);

      await Promise.all(Array.from({ length: 20 }, () => jobs.updateOne({ _id: 'j3' }, { $inc: { version: 1 } })));
      assert.equal((await jobs.findOne({ _id: 'j3' }))?.version, 20);
    });
  });

  describe('unique indexes', () => {
    it('refuses a second document with the same _id', async () => {
      const items = await store.collection('items');
      await items.insertOne({ _id: 'a', v: 1 });

      await assert.rejects(items.insertOne({ _id: 'a', v: 2 }), (error: unknown) => error instanceof DuplicateKeyError && error.code === 'duplicate_key' && error.collection === 'items');
      assert.deepEqual(await items.findOne({ _id: 'a' }), { _id: 'a', v: 1 });
    });

    it('enforces a unique index on insert, update and upsert', async () => {
      const customers = await store.collection('customers', [{ keys: { email: 1 }, unique: true }]);
      await customers.insertOne({ _id: 'c1', email: 'a@example.com' });
      await customers.insertOne({ _id: 'c2', email: 'b@example.com' });

      await assert.rejects(customers.insertOne({ _id: 'c3', email: 'a@example.com' }), DuplicateKeyError);
      await assert.rejects(customers.updateOne({ _id: 'c2' }, { $set: { email: 'a@example.com' } }), DuplicateKeyError);
      await assert.rejects(customers.findOneAndUpdate({ _id: 'c2' }, { $set: { email: 'a@example.com' } }), DuplicateKeyError);
      await assert.rejects(customers.updateOne({ _id: 'c4' }, { $set: { email: 'b@example.com' } }, { upsert: true }), DuplicateKeyError);
      await assert.rejects(customers.replaceOne({ _id: 'c2' }, { _id: 'c2', email: 'a@example.com' }), DuplicateKeyError);
      assert.deepEqual(await sortedIds(customers, {}), ['c1', 'c2']);
      assert.equal((await customers.findOne({ _id: 'c2' }))?.email, 'b@example.com');
    });

    it('enforces a compound unique index on the combination only', async () => {
      const accounts = await store.collection('accounts', [{ keys: { channelId: 1, userId: 1 }, unique: true }]);
      await accounts.insertOne({ _id: '1', channelId: 'line', userId: 'U1' });
      await accounts.insertOne({ _id: '2', channelId: 'line', userId: 'U2' });
      await accounts.insertOne({ _id: '3', channelId: 'webchat', userId: 'U1' });

      await assert.rejects(accounts.insertOne({ _id: '4', channelId: 'line', userId: 'U1' }), DuplicateKeyError);
      assert.equal(await accounts.countDocuments({}), 3);
    });

    it('lets a sparse unique index skip documents without the field', async () => {
      const contacts = await store.collection('contacts', [{ keys: { externalId: 1 }, unique: true, sparse: true }]);
      await contacts.insertOne({ _id: '1' });
      await contacts.insertOne({ _id: '2' });
      await contacts.insertOne({ _id: '3', externalId: 'x' });

      await assert.rejects(contacts.insertOne({ _id: '4', externalId: 'x' }), DuplicateKeyError);
    });

    it('creates indexes idempotently, and refuses a unique index existing documents break', async () => {
      const specs = [{ keys: { code: 1 }, unique: true }] as const;
      await store.collection('codes', specs);
      const codes = await store.collection('codes', specs);
      await codes.insertOne({ _id: '1', code: 'A' });
      await assert.rejects(codes.insertOne({ _id: '2', code: 'A' }), DuplicateKeyError);

      const loose = await store.collection('loose');
      await loose.insertManyIgnoringDuplicates([
        { _id: '1', code: 'A' },
        { _id: '2', code: 'A' },
      ]);
      await assert.rejects(store.collection('loose', [{ keys: { code: 1 }, unique: true }]), DuplicateKeyError);
    });

    it('insertManyIgnoringDuplicates inserts the rest and returns the duplicate ids in input order', async () => {
      const events = await store.collection('events', [{ keys: { eventKey: 1 }, unique: true }]);
      await events.insertOne({ _id: 'e1', eventKey: 'k1' });

      const duplicates = await events.insertManyIgnoringDuplicates([
        { _id: 'e2', eventKey: 'k2' },
        { _id: 'e1', eventKey: 'k-other' },
        { _id: 'e3', eventKey: 'k1' },
        { _id: 'e4', eventKey: 'k4' },
        { _id: 'e4', eventKey: 'k5' },
      ]);

      assert.deepEqual(duplicates, ['e1', 'e3', 'e4']);
      assert.deepEqual(await sortedIds(events, {}), ['e1', 'e2', 'e4']);
      assert.equal((await events.findOne({ _id: 'e4' }))?.eventKey, 'k4');
      assert.deepEqual(await events.insertManyIgnoringDuplicates([]), []);
    });
  });

  describe('TTL indexes', () => {
    if (backend.name === 'embedded') {
      it('hides documents past their expiry at once and frees their keys (embedded: expired documents are removed lazily)', async () => {
        const sessions = await store.collection('sessions', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
        await sessions.insertManyIgnoringDuplicates([
          { _id: 'old', expiresAt: new Date(Date.now() - 1000) },
          { _id: 'fresh', expiresAt: new Date(Date.now() + 60_000) },
          { _id: 'timeless' },
        ]);

        assert.deepEqual(await sortedIds(sessions, {}), ['fresh', 'timeless']);
        assert.equal(await sessions.findOne({ _id: 'old' }), undefined);
        assert.equal(await sessions.countDocuments({}), 2);
        await sessions.insertOne({ _id: 'old', expiresAt: new Date(Date.now() + 60_000) });
        assert.deepEqual(await sortedIds(sessions, {}), ['fresh', 'old', 'timeless']);
      });
    } else {
      it('creates the TTL index (MongoDB: only that the index exists is checked; its monitor removes documents every 60 s)', async () => {
        await store.collection('sessions', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);

        const indexes = (await backend.listIndexes?.(store, 'sessions')) ?? [];

        assert.ok(indexes.some((index) => JSON.stringify(index.key) === '{"expiresAt":1}' && index.expireAfterSeconds === 0), JSON.stringify(indexes));
      });
    }
  });

  describe('blobs', () => {
    it('puts, gets and deletes content, reporting size and SHA-256', async () => {
      const content = Buffer.from('first part, second part');

      const stored = await store.blobs.put('U1-image.jpg', chunksOf('first part, ', 'second part'), { contentType: 'image/jpeg', maxBytes: 1024 });

      assert.deepEqual(stored, { id: 'U1-image.jpg', size: content.length, sha256: sha256(content), contentType: 'image/jpeg' });
      const found = await store.blobs.get('U1-image.jpg');
      assert.ok(found);
      assert.equal(found.contentType, 'image/jpeg');
      assert.equal(found.size, content.length);
      assert.deepEqual(await readAll(found.body), content);
      assert.equal(await store.blobs.delete('U1-image.jpg'), true);
      assert.equal(await store.blobs.get('U1-image.jpg'), undefined);
      assert.equal(await store.blobs.delete('U1-image.jpg'), false);
    });

    it('replaces the content under an id, and stores empty content', async () => {
      await store.blobs.put('doc', chunksOf('old'), { contentType: 'text/plain', maxBytes: 100 });
      await store.blobs.put('doc', chunksOf('new ', 'content'), { contentType: 'text/markdown', maxBytes: 100 });
      const empty = await store.blobs.put('empty', chunksOf(), { contentType: 'application/octet-stream', maxBytes: 0 });

      const found = await store.blobs.get('doc');
      assert.equal(found?.contentType, 'text/markdown');
      assert.deepEqual(await readAll(found!.body), Buffer.from('new content'));
      assert.equal(empty.sha256, sha256(Buffer.alloc(0)));
      assert.deepEqual(await readAll((await store.blobs.get('empty'))!.body), Buffer.alloc(0));
    });

    it('accepts exactly maxBytes; past it throws BlobTooLargeError, keeps nothing and leaves an earlier blob alone', async () => {
      const piece = Buffer.alloc(64 * 1024, 7);
      await store.blobs.put('exact', chunksOf(piece, piece), { contentType: 'application/octet-stream', maxBytes: 2 * piece.length });
      await store.blobs.put('kept', chunksOf('earlier'), { contentType: 'text/plain', maxBytes: 100 });

      await assert.rejects(store.blobs.put('big', chunksOf(...Array.from({ length: 6 }, () => piece)), { contentType: 'video/mp4', maxBytes: 300_000 }), (error: unknown) => error instanceof BlobTooLargeError && error.code === 'blob_too_large' && error.maxBytes === 300_000);
      await assert.rejects(store.blobs.put('kept', chunksOf('much too long'), { contentType: 'text/plain', maxBytes: 5 }), BlobTooLargeError);

      assert.equal(await store.blobs.get('big'), undefined);
      assert.deepEqual(await readAll((await store.blobs.get('kept'))!.body), Buffer.from('earlier'));
      assert.equal((await store.blobs.get('exact'))?.size, 2 * piece.length);
      if (backend.name === 'mongodb') {
        const files = await store.collection('blobs.files');
        const chunks = await store.collection('blobs.chunks');
        assert.deepEqual((await files.find({})).map((file) => file.filename).sort(), ['exact', 'kept']);
        assert.equal(await chunks.countDocuments({}), 2, 'one chunk each of exact (128 KiB) and kept; none of big');
      }
    });

    it('rejects ids that are not 1–200 of [A-Za-z0-9._-]', async () => {
      for (const id of ['../escape', 'a/b', 'a\\b', '', 'x'.repeat(201), 'white space', 'ü']) {
        await assert.rejects(store.blobs.put(id, chunksOf('x'), { contentType: 'text/plain', maxBytes: 10 }), InvalidStorageNameError, id);
        await assert.rejects(store.blobs.get(id), InvalidStorageNameError, id);
        await assert.rejects(store.blobs.delete(id), InvalidStorageNameError, id);
      }
      await store.blobs.put('A-z_0.9', chunksOf('ok'), { contentType: 'text/plain', maxBytes: 10 });
    });
  });

  describe('lifecycle', () => {
    it('names its kind, answers ping while open, refuses work once closed', async () => {
      assert.equal(store.kind, backend.name);
      await store.ping();
      const items = await store.collection('items');

      await store.close();

      await assert.rejects(store.ping());
      await assert.rejects(store.collection('items'));
      await assert.rejects(items.insertOne({ _id: 'late' }));
    });

    it('refuses collection names that are not safe file and collection names, and invalid index specs', async () => {
      for (const name of ['a/b', '$cmd', '', '.hidden', 'system.users', 'x'.repeat(121)]) {
        await assert.rejects(store.collection(name), InvalidStorageNameError, name);
      }
      await assert.rejects(store.collection('items', [{ keys: { a: 1, b: 1 }, expireAfterSeconds: 60 }]), TypeError);
      await assert.rejects(store.collection('items', [{ keys: {} }]), TypeError);
    });

    it('keeps documents, Dates, unique indexes and blobs across a restart', async () => {
      const customers = await store.collection('customers', [{ keys: { email: 1 }, unique: true }]);
      await customers.insertOne({ _id: 'c1', email: 'a@example.com', seenAt: D1 });
      await customers.insertOne({ _id: 'c2', email: 'b@example.com', seenAt: D1 });
      await customers.updateOne({ _id: 'c1' }, { $set: { seenAt: D2 } });
      await customers.deleteOne({ _id: 'c2' });
      await store.blobs.put('photo', chunksOf('bytes'), { contentType: 'image/png', maxBytes: 100 });

      store = await backend.reopen(store);

      const reopened = await store.collection('customers', [{ keys: { email: 1 }, unique: true }]);
      assert.deepEqual(await reopened.find({}), [{ _id: 'c1', email: 'a@example.com', seenAt: D2 }]);
      await assert.rejects(reopened.insertOne({ _id: 'c3', email: 'a@example.com' }), DuplicateKeyError);
      assert.deepEqual(await readAll((await store.blobs.get('photo'))!.body), Buffer.from('bytes'));
    });
  });
});

describe('embedded document store specifics', function () {
  this.timeout(10_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-embedded-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps TTL indexes working across close and reopen of the same dataDir', async () => {
    const ttl = [{ keys: { expiresAt: 1 }, expireAfterSeconds: 1 }] as const;
    let store = await openSqliteDocumentStore({ dataDir });
    await (await store.collection('sessions', ttl)).insertOne({ _id: 's', expiresAt: new Date(Date.now() - 1500) });
    await store.close();

    store = await openSqliteDocumentStore({ dataDir });
    const sessions = await store.collection('sessions', ttl);
    assert.equal(await sessions.countDocuments({}), 0);
    await store.close();
  });

  it('deletes expired documents from the database in its periodic sweep', async () => {
    const store = await openSqliteDocumentStore({ dataDir, ttlSweepIntervalMs: 10 });
    const sessions = await store.collection('sessions', [{ keys: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    await sessions.insertManyIgnoringDuplicates([
      { _id: 'gone', expiresAt: new Date(Date.now() - 1000) },
      { _id: 'kept', expiresAt: new Date(Date.now() + 60_000) },
    ]);

    await sleep(100);

    const db = new DatabaseSync(storeFilePath(dataDir), { readOnly: true });
    try {
      assert.deepEqual((db.prepare('SELECT _id FROM sessions').all() as { _id: string }[]).map((row) => row._id), ['kept']);
    } finally {
      db.close();
    }
    await store.close();
  });

  it("refuses, naming the field, what the embedded store cannot store: '$' or '.' in field names, non-JSON values", async () => {
    const store = await openSqliteDocumentStore({ dataDir });
    const items = await store.collection('items');

    await assert.rejects(items.insertOne({ _id: '1', payload: { 'a.b': 1 } }), /"a\.b" at payload/);
    await assert.rejects(items.insertOne({ _id: '2', $where: 'x' }), /"\$where"/);
    await assert.rejects(items.updateOne({ _id: '3' }, { $set: { value: Number.NaN } }, { upsert: true }), /value in 'items' is NaN/);
    await assert.rejects(items.insertOne({ _id: '4', bytes: new Uint8Array(2) }), /bytes in 'items' is a Uint8Array/);
    assert.equal(await items.countDocuments({}), 0);
    await store.close();
  });

  it('leaves no file behind for a blob that is too large', async () => {
    const store = await openSqliteDocumentStore({ dataDir });

    await assert.rejects(store.blobs.put('big', chunksOf(Buffer.alloc(2048), Buffer.alloc(2048)), { contentType: 'video/mp4', maxBytes: 3000 }), BlobTooLargeError);

    for (const folder of ['content', 'meta', 'tmp']) assert.deepEqual(await readdir(join(dataDir, 'blobs', folder)), [], folder);
    await store.close();
  });

  it('keeps a reader that has started on its bytes while the blob is replaced, and opens nothing for an unread body', async () => {
    const store = await openSqliteDocumentStore({ dataDir });
    const original = Buffer.alloc(200 * 1024, 1);
    await store.blobs.put('doc', chunksOf(original), { contentType: 'application/octet-stream', maxBytes: original.length });
    const unread = await store.blobs.get('doc');

    const reader = (await store.blobs.get('doc'))!.body[Symbol.asyncIterator]();
    const first = await reader.next();
    await store.blobs.put('doc', chunksOf('replacement'), { contentType: 'text/plain', maxBytes: 100 });
    const rest: Buffer[] = [Buffer.from(first.value as Uint8Array)];
    for (let next = await reader.next(); !next.done; next = await reader.next()) rest.push(Buffer.from(next.value));

    assert.deepEqual(Buffer.concat(rest), original);
    assert.deepEqual(await readAll((await store.blobs.get('doc'))!.body), Buffer.from('replacement'));
    await assert.rejects(readAll(unread!.body), /replaced or deleted/);
    assert.equal((await readdir(join(dataDir, 'blobs', 'content'))).length, 1, 'the replaced content file is gone');
    await store.close();
  });
});

describe('MongoDB connection settings (checked on the driver, no server needed)', () => {
  function resolved(uri: string, databaseName?: string): { databaseName: string; client: MongoClient } {
    const settings = mongoConnectionSettings({ uri, ...(databaseName === undefined ? {} : { databaseName }) });
    return { databaseName: settings.databaseName, client: new MongoClient(uri, settings.clientOptions) };
  }

  it('applies the defaults when the URI is silent: majority writes and reads, retryable writes, app name', () => {
    const { databaseName, client } = resolved('mongodb://db1.internal:27017,db2.internal:27017/?replicaSet=rs0');

    assert.equal(databaseName, 'line_omnichannel');
    assert.equal(client.options.writeConcern?.w, 'majority');
    assert.equal(client.options.readConcern?.level, 'majority');
    assert.equal(client.options.retryWrites, true);
    assert.equal(client.options.appName, 'line-omnichannel');
    assert.equal(client.bsonOptions.ignoreUndefined, true);
  });

  it("lets the URI's own options and database win", () => {
    const { databaseName, client } = resolved('mongodb+srv://user:p%40ss@cluster0.example.net/support?retryWrites=false&W=1&readConcernLevel=local&appName=ops');

    assert.equal(databaseName, 'support');
    assert.equal(client.options.writeConcern?.w, 1);
    assert.equal(client.options.readConcern?.level, 'local');
    assert.equal(client.options.retryWrites, false);
    assert.equal(client.options.appName, 'ops');
  });

  it('uses an explicit databaseName over the URI path', () => {
    assert.equal(resolved('mongodb://db.internal/support', 'lo_test_1').databaseName, 'lo_test_1');
  });
});
