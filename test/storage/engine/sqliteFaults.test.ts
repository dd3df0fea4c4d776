import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DamagedStoreError, openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';
import { eventually } from '../../support/eventually';

function pageCount(dataDir: string): number {
  const db = new DatabaseSync(storeFilePath(dataDir));
  try {
    return (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  } finally {
    db.close();
  }
}

/** Overwrites the header of a b-tree page in the middle of the file: its page type and cell count become nonsense. */
async function damageMiddlePage(dataDir: string): Promise<void> {
  const pageSize = 4096;
  const middle = Math.floor(pageCount(dataDir) / 2);
  const file = await open(storeFilePath(dataDir), 'r+');
  try {
    await file.write(Buffer.alloc(8, 0x7f), 0, 8, middle * pageSize);
  } finally {
    await file.close();
  }
}

describe('embedded store faults', function () {
  this.timeout(30_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-faults-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on a full disk rejects writes and readiness, keeps every acknowledged write and nothing else, and works again once space is back', async () => {
    let maxPages = 1_000_000;
    const store = await openSqliteDocumentStore({ dataDir, maxPageCount: () => maxPages });
    const items = await store.collection('items', [{ keys: { n: 1 } }]);
    await items.insertOne({ _id: 'before', n: -1 });
    maxPages = pageCount(dataDir);

    const acknowledged: string[] = [];
    let refusal: unknown;
    for (let n = 0; n < 200 && refusal === undefined; n += 1) {
      const batch = Array.from({ length: 5 }, (_, index) => `d${n * 5 + index}`);
      const outcomes = await Promise.allSettled(batch.map((id, index) => items.insertOne({ _id: id, n: n * 5 + index, text: 'y'.repeat(1500) })));
      outcomes.forEach((outcome, index) => (outcome.status === 'fulfilled' ? acknowledged.push(batch[index]!) : (refusal ??= outcome.reason)));
    }

    assert.ok(refusal instanceof Error && /full/i.test(refusal.message), `a write was refused for lack of space: ${String(refusal)}`);
    await assert.rejects(store.ping(), /full/i, 'readiness fails while writes fail');
    await assert.rejects(items.updateOne({ _id: 'before' }, { $set: { text: 'z'.repeat(5000) } }), /full/i);
    assert.deepEqual((await items.find({}, { sort: { n: 1 } })).map((document) => document._id), ['before', ...acknowledged], 'exactly the acknowledged writes are there');

    maxPages = 1_000_000;
    await store.ping();
    await items.insertOne({ _id: 'after', n: 10_000 });
    await store.close();
    const reopened = await openSqliteDocumentStore({ dataDir });
    assert.deepEqual((await (await reopened.collection('items')).find({}, { sort: { _id: 1 } })).map((document) => document._id), ['after', 'before', ...acknowledged].sort());
    await reopened.close();
  });

  it('refuses to open a file that is not a database, naming it and what to do', async () => {
    await writeFile(storeFilePath(dataDir), 'this is not a database, whatever it was'.repeat(200));

    await assert.rejects(openSqliteDocumentStore({ dataDir }), (error: unknown) => error instanceof DamagedStoreError && error.message.includes(storeFilePath(dataDir)) && /restore the latest backup/.test(error.message));
  });

  it('refuses to open a database with a damaged page, naming it', async () => {
    const store = await openSqliteDocumentStore({ dataDir });
    const items = await store.collection('items', [{ keys: { n: 1 } }]);
    await items.insertManyIgnoringDuplicates(Array.from({ length: 300 }, (_, n) => ({ _id: `d${n}`, n, text: 'y'.repeat(200) })));
    await store.close();
    await damageMiddlePage(dataDir);

    await assert.rejects(openSqliteDocumentStore({ dataDir }), (error: unknown) => error instanceof DamagedStoreError && error.message.includes(storeFilePath(dataDir)));
  });

  it('checks a large file in the background and then refuses every operation, naming it', async () => {
    const store = await openSqliteDocumentStore({ dataDir });
    await (await store.collection('items')).insertManyIgnoringDuplicates(Array.from({ length: 300 }, (_, n) => ({ _id: `d${n}`, n, text: 'y'.repeat(200) })));
    await store.close();
    await damageMiddlePage(dataDir);

    const reopened = await openSqliteDocumentStore({ dataDir, checkAtOpenMaxBytes: 0 });
    try {
      const refusal = await eventually(async () => {
        const error = await reopened.ping().then(() => undefined, (failure: unknown) => failure);
        assert.ok(error !== undefined, 'the background check refused the store');
        return error;
      });
      assert.ok(refusal instanceof DamagedStoreError && refusal.message.includes(storeFilePath(dataDir)), String(refusal));
      await assert.rejects(reopened.collection('items'), DamagedStoreError);
    } finally {
      await reopened.close();
    }
  });

  it('loses no acknowledged write when its process is killed with SIGKILL in the middle of a burst', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'storeWriter.js'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        acknowledged.push(...lines);
        if (acknowledged.length >= 2000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the writer ended by itself: ${stderr}`)));
    });
    assert.equal(await exited, 'SIGKILL');

    const store = await openSqliteDocumentStore({ dataDir });
    const stored = new Set((await (await store.collection('items')).find({})).map((document) => document._id));
    await store.close();
    const lost = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`);
  });
});
