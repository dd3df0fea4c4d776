import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { TranscriptRepository } from '../../src/storage/transcriptRepository';
import { TranscriptTermRepository } from '../../src/storage/transcriptTermRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

const AT = Date.parse('2026-03-01T09:00:00.000Z');

function fromCustomer(id: string, text: string, at: number): Activity {
  return {
    type: 'message',
    id,
    text,
    channelId: 'line',
    timestamp: new Date(at),
    conversation: { id: 'default:user:U1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'U1', name: 'Aiko', role: 'user' },
    recipient: { id: 'Ubot', name: 'Shop bot', role: 'bot' },
  } as Activity;
}

describeEachBackend('the transcript text index kept with the transcript', (backend) => {
  let store: DocumentStore;
  let terms: TranscriptTermRepository;
  let transcripts: TranscriptRepository;
  const since = new Date(0);

  beforeEach(async () => {
    store = await backend.open();
    terms = await TranscriptTermRepository.open(store);
    transcripts = await TranscriptRepository.open(store, { termIndex: terms });
  });

  afterEach(async () => {
    await store.close();
  });

  it('indexes a turn once: logging it again adds nothing', async () => {
    const turn = [fromCustomer('m1', '返品したい refund', AT), fromCustomer('m2', 'refund please', AT + 1000)];
    await transcripts.logActivities(turn);
    await transcripts.logActivities(turn);
    assert.equal(await terms.countSince('refund', since), 1, 'one posting per conversation and day');
    assert.equal(await terms.countSince('返品', since), 1);
  });

  it("forgets the words only an unsent message had, and keeps those other messages of the day still have", async () => {
    await transcripts.logActivities([fromCustomer('m1', '返品したい refund', AT), fromCustomer('m2', 'refund please', AT + 1000)]);
    assert.equal(await transcripts.redactActivity('line', 'default:user:U1', 'm1'), true);
    assert.equal(await terms.countSince('返品', since), 0);
    assert.equal(await terms.countSince('refund', since), 1);
    assert.equal(await terms.countSince('please', since), 1);
  });

  it("deletes every term of a purged customer's conversations", async () => {
    await transcripts.logActivities([fromCustomer('m1', '返品したい refund', AT)]);
    await transcripts.purgeCustomer('line:U1');
    assert.equal(await terms.countSince('refund', since), 0);
    assert.equal(await terms.countSince('返品', since), 0);
  });
});
