import assert from 'node:assert/strict';
import { deleteInBatches } from '../../src/retention/batchedDelete';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';

describeEachBackend('deleteInBatches: batches conditioned on the filter again', (backend) => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(() => store.close());

  it('deletes every match batch by batch, and keeps a document that stopped matching between read and delete', async () => {
    const events = await store.collection<StoredDocument>('events', [{ keys: { state: 1, at: 1 } }]);
    for (let n = 0; n < 5; n += 1) await events.insertOne({ _id: `e${n}`, state: 'done', at: new Date(1_000 + n) });
    await events.insertOne({ _id: 'young', state: 'done', at: new Date(9_000) });
    const batches: string[][] = [];
    let requeued = '';
    const removed = await deleteInBatches(events, { state: 'done', at: { $lt: new Date(5_000) } }, {
      batchSize: 2,
      beforeDelete: async (batch) => {
        batches.push(batch.map((document) => document._id));
        // Another instance puts an event back in the queue after this sweep read it.
        if (batches.length === 1) {
          requeued = batch[0]!._id;
          await events.updateOne({ _id: requeued }, { $set: { state: 'pending' } });
        }
      },
    });
    assert.equal(removed, 4);
    assert.deepEqual(batches.map((batch) => batch.length), [2, 2, 1], 'at most a batch per pass');
    assert.deepEqual((await events.find({})).map((document) => document._id).sort(), [requeued, 'young'].sort());
  });
});
