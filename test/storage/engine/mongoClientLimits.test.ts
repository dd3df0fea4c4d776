import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { MongoClient } from 'mongodb';
import { UnsupportedCosmosDbError, assertSupportedMongoHost } from '../../../src/storage/engine/cosmosDbAccount';
import { mongoConnectionSettings, openMongoDocumentStore } from '../../../src/storage/engine/mongoDocumentStore';

const QUICK = { serverSelectionTimeoutMs: 300, connectTimeoutMs: 300, socketTimeoutMs: 1000, maxPoolSize: 5 };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('MongoDB client limits (real driver, no MongoDB server)', () => {
  it('applies the configured limits unless the URI sets them', () => {
    const quiet = new MongoClient('mongodb://db.internal/', mongoConnectionSettings({ uri: 'mongodb://db.internal/', limits: QUICK }).clientOptions);
    assert.equal(quiet.options.serverSelectionTimeoutMS, 300);
    assert.equal(quiet.options.connectTimeoutMS, 300);
    assert.equal(quiet.options.socketTimeoutMS, 1000);
    assert.equal(quiet.options.waitQueueTimeoutMS, 1000);
    assert.equal(quiet.options.maxPoolSize, 5);
    const uri = 'mongodb://db.internal/?serverSelectionTimeoutMS=9000&maxPoolSize=7';
    const own = new MongoClient(uri, mongoConnectionSettings({ uri, limits: QUICK }).clientOptions);
    assert.equal(own.options.serverSelectionTimeoutMS, 9000);
    assert.equal(own.options.maxPoolSize, 7);
  });

  it('fails to open, rather than hang, when nothing listens at the address', async function () {
    this.timeout(15_000);
    const probe = createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await assert.rejects(openMongoDocumentStore({ uri: `mongodb://127.0.0.1:${port}/?directConnection=true`, limits: QUICK }), (error: Error) => /ECONNREFUSED|Server selection timed out/i.test(`${error.name} ${error.message}`));
  });

  it('fails to open, rather than hang, when the server accepts connections and never answers', async function () {
    this.timeout(15_000);
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    const port = await listen(silent);
    try {
      await assert.rejects(openMongoDocumentStore({ uri: `mongodb://127.0.0.1:${port}/?directConnection=true`, limits: QUICK }), (error: Error) => /timed out|timeout/i.test(`${error.name} ${error.message}`));
      assert.ok(sockets.size > 0, 'the driver did reach the silent server');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses an Azure Cosmos DB RU-based account at start, and lets vCore and others through', async () => {
    const ru = 'mongodb://acct:key@acct.mongo.cosmos.azure.com:10255/line_omnichannel?ssl=true&replicaSet=globaldb&retrywrites=false';
    assert.throws(() => assertSupportedMongoHost(ru), (error: unknown) => error instanceof UnsupportedCosmosDbError && error.host === 'acct.mongo.cosmos.azure.com' && /16500/.test(error.message));
    await assert.rejects(openMongoDocumentStore({ uri: ru, limits: QUICK }), UnsupportedCosmosDbError);
    assert.throws(() => assertSupportedMongoHost('mongodb://acct:key@acct.documents.azure.com:10255/?ssl=true'), UnsupportedCosmosDbError);
    assertSupportedMongoHost('mongodb+srv://user:pw@cluster1.mongocluster.cosmos.azure.com/?tls=true');
    assertSupportedMongoHost('mongodb+srv://user:pw@cluster0.abcde.mongodb.net/support');
    assertSupportedMongoHost('mongodb://db1:27017,db2:27017/?replicaSet=rs0');
  });
});
