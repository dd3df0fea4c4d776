import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { DocumentStore, StoredDocument } from '../../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../../src/storage/engine/sqliteDocumentStore';
import { changedIndexResolution } from '../../../src/storage/engine/sqliteIndexes';

describe('an index whose definition changed since it was created (embedded store)', () => {
  let dataDir: string;
  const opened: DocumentStore[] = [];
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const open = async (): Promise<DocumentStore> => {
    const store = await openSqliteDocumentStore({ dataDir, ttlSweepIntervalMs: 3_600_000, logger });
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'changed-indexes-'));
    lines.length = 0;
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('decides by what differs: a TTL alone is replaced, anything else keeps the existing index', () => {
    const ttl = { name: 'old', spec: { keys: { at: 1 as const }, expireAfterSeconds: 60 } };
    assert.deepEqual(changedIndexResolution([ttl], { keys: { at: 1 }, expireAfterSeconds: 90 }), { kind: 'replaceTtl', replaced: ['old'] });
    assert.deepEqual(changedIndexResolution([ttl], { keys: { other: 1 } }), { kind: 'create' });
    assert.equal(changedIndexResolution([ttl], { keys: { at: 1 } }).kind, 'keepExisting', 'a TTL removed');
    assert.equal(changedIndexResolution([{ name: 'k', spec: { keys: { k: 1 } } }], { keys: { k: 1 }, unique: true }).kind, 'keepExisting');
  });

  it('applies a changed TTL, in this process and in another one on the same file', async () => {
    const first = await open();
    const before = await first.collection<StoredDocument & { at: Date }>('expiring', [{ keys: { at: 1 }, expireAfterSeconds: 3600 }]);
    await before.insertOne({ _id: 'd1', at: new Date(Date.now() - 90_000) });
    assert.equal(await before.countDocuments({}), 1, 'not expired under the first TTL');

    const second = await open();
    const after = await second.collection<StoredDocument & { at: Date }>('expiring', [{ keys: { at: 1 }, expireAfterSeconds: 60 }]);
    assert.equal(await after.countDocuments({}), 0, 'expired under the new TTL');
    assert.equal(await before.countDocuments({}), 0, 'the other process follows the new TTL too');
    assert.ok(lines.some((line) => line.includes('changed the expiry of a TTL index')));
  });

  it('keeps an index whose uniqueness changed, logs the refusal, and goes on', async () => {
    const first = await open();
    const plain = await first.collection<StoredDocument & { k: number }>('keyed', [{ keys: { k: 1 } }]);
    await plain.insertOne({ _id: 'a', k: 1 });
    await plain.insertOne({ _id: 'b', k: 1 });

    const second = await open();
    const unique = await second.collection<StoredDocument & { k: number }>('keyed', [{ keys: { k: 1 }, unique: true }]);
    await unique.insertOne({ _id: 'c', k: 1 });
    assert.equal(await unique.countDocuments({ k: 1 }), 3);
    const refusal = lines.map((line) => JSON.parse(line) as { msg: string; collection?: string }).find((entry) => entry.msg.includes('exists with other options'));
    assert.equal(refusal?.collection, 'keyed');
  });
});
