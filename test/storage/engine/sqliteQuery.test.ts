import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Filter, IndexSpec, Sort } from '../../../src/storage/engine/documentStore';
import { CollectionLayout } from '../../../src/storage/engine/sqliteCollectionLayout';
import { openSqliteDocumentStore, storeFilePath } from '../../../src/storage/engine/sqliteDocumentStore';
import { translateFilter, translateSort } from '../../../src/storage/engine/sqliteQuery';

const INDEXES: readonly IndexSpec[] = [
  { keys: { channelId: 1, conversationId: 1, seq: 1 }, unique: true },
  { keys: { customerId: 1, timestamp: 1 } },
  { keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
  { keys: { emailKey: 1 }, sparse: true },
];

describe('SQLite query translation', () => {
  let dataDir: string;
  let db: DatabaseSync;
  const layout = new CollectionLayout();
  for (const spec of INDEXES) layout.addIndex(spec);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-plans-'));
    const store = await openSqliteDocumentStore({ dataDir });
    const transcripts = await store.collection('transcripts', INDEXES);
    await transcripts.insertManyIgnoringDuplicates(
      Array.from({ length: 500 }, (_, n) => ({ _id: `t${n}`, channelId: 'line', conversationId: `c${n % 20}`, seq: n, customerId: `u${n % 20}`, timestamp: new Date(n * 1000) })),
    );
    await store.close();
    db = new DatabaseSync(storeFilePath(dataDir));
    db.exec('ANALYZE');
  });

  after(async () => {
    db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function plan(filter: Filter, sort?: Sort): string {
    const where = translateFilter(filter, layout);
    const orderBy = translateSort(sort, layout);
    assert.equal(where.residual, undefined, 'SQL decides the whole filter');
    assert.notEqual(orderBy, undefined, 'SQL sorts');
    const rows = db.prepare(`EXPLAIN QUERY PLAN SELECT _id, doc FROM transcripts WHERE ${where.where}${orderBy ? ` ORDER BY ${orderBy}` : ''} LIMIT 21`).all(...where.params) as { detail: string }[];
    return rows.map((row) => row.detail).join('; ');
  }

  it('reads a transcript page through the (channel, conversation, seq) index, already in order', () => {
    const detail = plan({ channelId: 'line', conversationId: 'c3', seq: { $gt: 40 } }, { seq: 1 });

    assert.match(detail, /USING INDEX transcripts:channelId\+conversationId\+seq:/);
    assert.doesNotMatch(detail, /TEMP B-TREE/);
  });

  it('serves date ranges, string $in and sparse fields from their indexes', () => {
    assert.match(plan({ customerId: 'u1', timestamp: { $lt: new Date(100_000) } }, { timestamp: -1 }), /USING INDEX transcripts:customerId\+timestamp:/);
    assert.match(plan({ customerId: { $in: ['u1', 'u2'] } }), /USING INDEX transcripts:customerId\+timestamp:/);
    assert.match(plan({ emailKey: 'a@example.com' }), /USING INDEX transcripts:emailKey:/);
    assert.match(plan({ expiresAt: { $lt: new Date() } }), /USING INDEX transcripts:expiresAt:/);
  });

  it('leaves conditions on unindexed fields and on fields that held arrays to the document matcher', () => {
    assert.notEqual(translateFilter({ channelId: 'line', text: 'hi' }, layout).residual, undefined);
    const arrays = new CollectionLayout();
    arrays.addIndex({ keys: { roles: 1 } });
    arrays.nonScalarPaths.add('roles');
    assert.notEqual(translateFilter({ roles: 'admin' }, arrays).residual, undefined);
    assert.equal(translateSort({ roles: 1 }, arrays), undefined);
  });
});
