import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';

type Note = { _id: string; text: string };

/** Size of the database file itself (what checkpoints have copied there), not of its WAL. */
async function databaseFileBytes(dataDir: string): Promise<number> {
  return (await stat(storeFilePath(dataDir))).size;
}

describe('background checkpoints of the embedded store', () => {
  let dataDir: string;
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'checkpoints-'));
    lines.length = 0;
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('copies committed writes into the database file from a worker thread, and the store reopens with all of them', async () => {
    const store = await openSqliteDocumentStore({ dataDir, checkpointIntervalMs: 20, logger });
    const notes = await store.collection<Note>('notes');
    const before = await databaseFileBytes(dataDir);
    // About 2 MB: far beyond what the database file held, and more than one commit's worth.
    for (let batch = 0; batch < 20; batch += 1) {
      await Promise.all(Array.from({ length: 50 }, (_, index) => notes.insertOne({ _id: `n${batch}-${index}`, text: 'x'.repeat(2_000) })));
    }
    let grown = false;
    for (let waited = 0; waited < 5_000 && !grown; waited += 20) {
      grown = (await databaseFileBytes(dataDir)) > before + 1_000_000;
      if (!grown) await sleep(20);
    }
    assert.ok(grown, 'the database file grew: the WAL was checkpointed while the store stayed open');
    await store.close();
    assert.deepEqual(lines, [], 'the checkpoints never stopped');

    const reopened = await openSqliteDocumentStore({ dataDir, logger });
    assert.equal(await (await reopened.collection<Note>('notes')).countDocuments({}), 1_000);
    await reopened.close();
  });

  it('leaves checkpoints to the commits when none is asked for (the database file grows only every 1,000 pages)', async () => {
    const store = await openSqliteDocumentStore({ dataDir, logger });
    const notes = await store.collection<Note>('notes');
    const before = await databaseFileBytes(dataDir);
    await Promise.all(Array.from({ length: 50 }, (_, index) => notes.insertOne({ _id: `n${index}`, text: 'x'.repeat(2_000) })));
    await sleep(100);
    assert.equal(await databaseFileBytes(dataDir), before, 'about 25 pages stay in the WAL');
    await store.close();
  });
});
