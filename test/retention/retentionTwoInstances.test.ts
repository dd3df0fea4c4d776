import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetentionSweep } from '../../src/retention/retentionSweep';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention sweep on two handles of one embedded store (two instances during a leadership change)', () => {
  let dataDir: string;
  let stores: DocumentStore[];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'retention-two-'));
    stores = [await openSqliteDocumentStore({ dataDir }), await openSqliteDocumentStore({ dataDir })];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('deletes each old document once between them, and keeps every pending event', async () => {
    const now = Date.now();
    const [first, second] = stores as [DocumentStore, DocumentStore];
    const inbox = await first.collection<StoredDocument>('lineInbox');
    for (let n = 0; n < 25; n += 1) {
      await inbox.insertOne({ _id: `done-${n}`, state: 'done', updatedAt: new Date(now - (10 + n) * DAY_MS) });
      await inbox.insertOne({ _id: `pending-${n}`, state: 'pending', updatedAt: new Date(now - (10 + n) * DAY_MS) });
    }
    const open = (store: DocumentStore): Promise<RetentionSweep> => RetentionSweep.open(store, { retentionDays: undefined, lineInboxRetentionDays: 7, intervalMs: 60_000, now: () => now, batchSize: 3 });
    const [a, b] = await Promise.all([(await open(first)).run(), (await open(second)).run()]);
    assert.equal((a.lineInboxEvents ?? 0) + (b.lineInboxEvents ?? 0), 25, `each done event deleted once (${a.lineInboxEvents} + ${b.lineInboxEvents})`);
    const left = (await (await second.collection<StoredDocument>('lineInbox')).find({})).map((document) => document._id);
    assert.equal(left.length, 25);
    assert.ok(left.every((id) => id.startsWith('pending-')));
  });
});
