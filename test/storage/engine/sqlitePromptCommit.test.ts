import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DocumentStore } from '../../../src/storage/engine/documentStore';
import { openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';

/** The `_id`s committed to `items`, as another connection to the file sees them. */
function committedIds(dataDir: string): string[] {
  const db = new DatabaseSync(storeFilePath(dataDir), { readOnly: true });
  try {
    return (db.prepare('SELECT _id FROM items ORDER BY _id').all() as { _id: string }[]).map((row) => row._id);
  } finally {
    db.close();
  }
}

describe('embedded store prompt writes', function () {
  this.timeout(30_000);
  let dataDir: string;
  let store: DocumentStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-prompt-'));
    store = await openSqliteDocumentStore({ dataDir });
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('commits a prompt insert before the check phase, ahead of batched writes asked for earlier', async () => {
    const items = await store.collection<{ _id: string; n: number }>('items');
    const order: string[] = [];
    let seenAtPrompt: string[] = [];
    const batched = items.insertOne({ _id: 'batched', n: 1 }).then(() => order.push('batched'));
    const prompt = items.insertManyIgnoringDuplicates([{ _id: 'prompt', n: 2 }], { promptly: true }).then((duplicates) => {
      order.push('prompt');
      seenAtPrompt = committedIds(dataDir);
      return duplicates;
    });
    let checkPhaseRan = false;
    setImmediate(() => (checkPhaseRan = true));

    assert.deepEqual(await prompt, []);
    assert.equal(checkPhaseRan, false, 'the prompt write did not wait for the check phase');
    assert.deepEqual(seenAtPrompt, ['prompt'], 'it was committed (another connection reads it) before the batch ran');
    await batched;
    assert.deepEqual(order, ['prompt', 'batched']);
    assert.deepEqual(committedIds(dataDir), ['batched', 'prompt']);
  });

  it('batches the prompt writes of one synchronous step into one transaction and reports duplicates as a batch would', async () => {
    const items = await store.collection<{ _id: string; n: number }>('items');
    await items.insertOne({ _id: 'a', n: 0 });
    const db = new DatabaseSync(storeFilePath(dataDir), { readOnly: true });
    const changesBefore = (db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const first = items.insertManyIgnoringDuplicates([{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }], { promptly: true });
    const second = items.insertManyIgnoringDuplicates([{ _id: 'b', n: 2 }, { _id: 'c', n: 2 }], { promptly: true });
    assert.deepEqual(await first, ['a']);
    assert.deepEqual(await second, ['b'], 'the second saw the first one\'s write');
    const changesAfter = (db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    db.close();
    assert.equal(changesAfter - changesBefore, 1, 'one commit for both');
    assert.deepEqual(await items.find({}, { sort: { _id: 1 } }), [{ _id: 'a', n: 0 }, { _id: 'b', n: 1 }, { _id: 'c', n: 2 }]);
  });

  it('refuses a prompt write once the store is closed, keeping what was committed before', async () => {
    const items = await store.collection<{ _id: string; n: number }>('items');
    const prompt = items.insertManyIgnoringDuplicates([{ _id: 'x', n: 1 }], { promptly: true });
    await prompt;
    await store.close();
    await assert.rejects(items.insertManyIgnoringDuplicates([{ _id: 'y', n: 1 }], { promptly: true }), /closed/i);
    store = await openSqliteDocumentStore({ dataDir });
    assert.deepEqual(committedIds(dataDir), ['x']);
  });
});
