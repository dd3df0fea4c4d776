import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { DocumentStore } from '../../../src/storage/engine/documentStore';
import { openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';
import { SqliteWriteLock } from '../../../src/storage/engine/sqliteWriteLock';

/**
 * Another connection, on a thread of its own, that takes the write lock of `path`, writes `marker` into `items` and
 * commits after `holdMs` (never, for `Infinity`, until terminated): resolves once it holds the lock.
 */
async function holdWriteLock(path: string, marker: string, holdMs: number): Promise<Worker> {
  const worker = new Worker(
    `
    const { workerData, parentPort } = require('node:worker_threads');
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO items (_id, doc) VALUES (?, ?)').run(workerData.marker, JSON.stringify({ _id: workerData.marker }));
    parentPort.postMessage('held');
    if (workerData.holdMs !== null) setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('released'); }, workerData.holdMs);
    else setInterval(() => undefined, 1000);
    `,
    { eval: true, workerData: { path, marker, holdMs: Number.isFinite(holdMs) ? holdMs : null } },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return worker;
}

describe('embedded store write lock', function () {
  this.timeout(30_000);
  let dataDir: string;
  let store: DocumentStore | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-lock-'));
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('waits for another connection to commit, then writes after it', async () => {
    store = await openSqliteDocumentStore({ dataDir });
    const items = await store.collection<{ _id: string; n: number }>('items');
    await items.insertOne({ _id: 'first', n: 0 });
    const holder = await holdWriteLock(storeFilePath(dataDir), 'other', 150);
    const released = new Promise((resolve) => holder.once('message', resolve));
    try {
      await items.insertOne({ _id: 'mine', n: 1 });
      await released;
      // Had it written without the lock, the other connection's commit would have failed or been lost.
      assert.deepEqual((await items.find({}, { sort: { _id: 1 } })).map((item) => item._id), ['first', 'mine', 'other']);
    } finally {
      await holder.terminate();
    }
  });

  it('gives up with the busy error after the busy timeout, and writes again once the lock is free', async () => {
    store = await openSqliteDocumentStore({ dataDir, busyTimeoutMs: 200 });
    const items = await store.collection<{ _id: string; n: number }>('items');
    await items.insertOne({ _id: 'first', n: 0 });
    const holder = await holdWriteLock(storeFilePath(dataDir), 'never', Infinity);
    try {
      await assert.rejects(items.insertOne({ _id: 'refused', n: 1 }), /locked|busy/i);
    } finally {
      await holder.terminate();
    }
    await items.insertOne({ _id: 'after', n: 2 });
    assert.deepEqual((await items.find({}, { sort: { _id: 1 } })).map((item) => item._id), ['after', 'first']);
  });

  it('throws at once what is not a busy error, and leaves the connection with its busy timeout', () => {
    const db = new DatabaseSync(':memory:', { timeout: 1234 });
    try {
      const lock = new SqliteWriteLock(db, 5_000);
      let tries = 0;
      assert.throws(() => lock.acquire(() => {
        tries += 1;
        db.exec('BEGIN IMMEDIATE; BEGIN IMMEDIATE');
      }), /within a transaction/);
      assert.equal(tries, 1);
      db.exec('ROLLBACK');
      assert.equal((db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout, 5_000);
    } finally {
      db.close();
    }
  });
});
