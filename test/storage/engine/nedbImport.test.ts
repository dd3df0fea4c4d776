import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { NedbImportError } from '../../../src/storage/engine/nedbImport';
import { openSqliteDocumentStore } from '../../../src/storage/engine/sqliteDocumentStore';

const AT = new Date('2024-05-01T09:00:00.000Z');

function lines(...entries: unknown[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
}

describe('import of the former NeDB data files', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-nedb-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports every live document once, with Dates, later lines winning and tombstones applied, then renames the files and says so', async () => {
    await writeFile(
      join(dataDir, 'customers.db'),
      lines(
        { _id: 'c1', name: 'Aiko', seenAt: { $$date: AT.getTime() }, tags: ['vip'], nested: { at: { $$date: 0 } } },
        { _id: 'c2', name: 'Ben' },
        { $$indexCreated: { fieldName: 'name', unique: false, sparse: false } },
        { _id: 'c1', name: 'Aiko Sato', seenAt: { $$date: AT.getTime() }, tags: ['vip'], nested: { at: { $$date: 0 } } },
        { $$deleted: true, _id: 'c2' },
        { _id: 'c3', name: 'Chen' },
      ),
    );
    await writeFile(join(dataDir, 'sessions.db'), lines({ _id: 's1', userId: 'u1' }));
    const logged: string[] = [];
    const logger = pino(new Writable({ write: (chunk: Buffer, _encoding, done) => { logged.push(chunk.toString()); done(); } }));

    let store = await openSqliteDocumentStore({ dataDir, logger });
    const customers = await store.collection('customers', [{ keys: { name: 1 } }]);

    assert.deepEqual(await customers.find({}, { sort: { _id: 1 } }), [
      { _id: 'c1', name: 'Aiko Sato', seenAt: AT, tags: ['vip'], nested: { at: new Date(0) } },
      { _id: 'c3', name: 'Chen' },
    ]);
    assert.equal((await customers.findOne({ name: 'Aiko Sato' }))?._id, 'c1');
    assert.deepEqual(await (await store.collection('sessions')).find({}), [{ _id: 's1', userId: 'u1' }]);
    assert.deepEqual((await readdir(dataDir)).filter((name) => name.includes('.db')).sort(), ['customers.db.imported', 'sessions.db.imported']);
    assert.ok(logged.some((line) => line.includes('imported the former NeDB data files') && line.includes('"customers":2')), logged.join(''));

    await customers.deleteOne({ _id: 'c3' });
    await store.close();
    store = await openSqliteDocumentStore({ dataDir });
    assert.deepEqual((await (await store.collection('customers')).find({})).map((document) => document._id), ['c1'], 'not imported a second time');
    await store.close();
  });

  it('refuses to start on a damaged line, naming the file and line, and imports nothing', async () => {
    const file = join(dataDir, 'handoffConversations.db');
    const content = lines({ _id: 'h1', agentId: 'a1' }) + '{"_id":"h2","agentId":"a\n' + lines({ _id: 'h3' });
    await writeFile(file, content);

    await assert.rejects(openSqliteDocumentStore({ dataDir }), (error: unknown) => error instanceof NedbImportError && error.message.includes(file) && error.message.includes('line 2'));

    assert.equal(await readFile(file, 'utf8'), content, 'the file is untouched');
    await writeFile(file, lines({ _id: 'h1', agentId: 'a1' }));
    const store = await openSqliteDocumentStore({ dataDir });
    assert.equal(await (await store.collection('handoffConversations')).countDocuments({}), 1);
    await store.close();
  });
});
