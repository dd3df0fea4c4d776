import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { TranscriptTermBackfill } from '../../src/history/transcriptTermBackfill';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { TranscriptMessageTexts } from '../../src/transcripts/transcriptMessageTexts';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { TranscriptTermRepository } from '../../src/transcripts/transcriptTermRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

function message(n: number, text: string): Activity {
  const userId = `U${n}`;
  return {
    type: 'message',
    id: `m${n}`,
    text,
    channelId: 'line',
    timestamp: new Date(Date.parse('2025-03-01T09:00:00.000Z') + n * 1000),
    conversation: { id: `default:user:${userId}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: 'Aiko', role: 'user' },
    recipient: { id: 'Ubot', name: 'Shop bot', role: 'bot' },
  } as Activity;
}

describeEachBackend('TranscriptTermBackfill', (backend) => {
  let store: DocumentStore;

  beforeEach(async () => {
    store = await backend.open();
  });

  afterEach(async () => {
    await store.close();
  });

  it('indexes what was stored before the index existed, a few batches a run, resuming in a new process, once', async () => {
    const before = await TranscriptRepository.open(store);
    for (let n = 1; n <= 5; n += 1) await before.logActivity(message(n, n % 2 === 0 ? '返品したいです' : 'hello there'));
    const terms = await TranscriptTermRepository.open(store);
    const texts = await TranscriptMessageTexts.open(store);
    const since = new Date(0);
    assert.equal(await terms.countSince('返品', since), 0);

    const first = await TranscriptTermBackfill.open(store, texts, terms, { batchSize: 2, batchesPerRun: 1 });
    assert.equal(await first.runSome(), false);
    assert.equal(await terms.countSince('返品', since), 1, 'the first batch (two messages) is indexed');
    // Another instance (a new leader) continues where the first stopped.
    const second = await TranscriptTermBackfill.open(store, texts, terms, { batchSize: 2, batchesPerRun: 1 });
    assert.equal(await second.runSome(), false);
    assert.equal(await second.runSome(), false);
    assert.equal(await second.runSome(), true);
    assert.equal(await terms.countSince('返品', since), 2);
    assert.equal(await terms.countSince('hello', since), 3);
    const third = await TranscriptTermBackfill.open(store, texts, terms, { batchSize: 2, batchesPerRun: 1 });
    assert.equal(await third.runSome(), true, 'done stays done');
  });
});
