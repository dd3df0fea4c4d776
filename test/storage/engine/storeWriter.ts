import { openSqliteDocumentStore } from '../../../src/storage/engine/sqliteDocumentStore';

/**
 * The child of the kill -9 test: writes documents to the embedded store in `process.argv[2]` in bursts of 25
 * concurrent inserts (so group commit batches them) and prints each `_id` on its own line once its insert resolved —
 * the acknowledgement. It runs until killed.
 */
async function writeUntilKilled(dataDir: string): Promise<void> {
  const store = await openSqliteDocumentStore({ dataDir });
  const items = await store.collection('items', [{ keys: { burst: 1 } }]);
  const payload = 'x'.repeat(300);
  for (let burst = 0; ; burst += 1) {
    await Promise.all(
      Array.from({ length: 25 }, async (_, index) => {
        const id = `b${burst}-${index}`;
        await items.insertOne({ _id: id, burst, payload });
        process.stdout.write(`${id}\n`);
      }),
    );
  }
}

writeUntilKilled(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
