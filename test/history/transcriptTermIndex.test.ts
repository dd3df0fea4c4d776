import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { TranscriptTermRepository } from '../../src/transcripts/transcriptTermRepository';
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

  it('writes only the words new that day: a turn repeating known words writes nothing, and a purge or unsend is not undone by that memory', async () => {
    const written: string[][] = [];
    const counting = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'collection') return Reflect.get(target, property, receiver) as unknown;
        return async (name: string, specs?: unknown) => {
          const collection = await target.collection(name, specs as never);
          if (name !== 'transcriptTerms') return collection;
          return new Proxy(collection, {
            get(inner, method, innerReceiver) {
              const value = Reflect.get(inner, method, innerReceiver) as unknown;
              if (method !== 'insertManyIgnoringDuplicates' || typeof value !== 'function') return value;
              return (documents: { term: string }[]) => {
                written.push(documents.map((document) => document.term).sort());
                return (value as (documents: unknown[]) => unknown).call(inner, documents);
              };
            },
          });
        };
      },
    });
    const remembering = await TranscriptTermRepository.open(counting);
    const logged = await TranscriptRepository.open(counting, { termIndex: remembering });
    await logged.logActivities([fromCustomer('m1', 'refund please', AT)]);
    await logged.logActivities([fromCustomer('m2', 'refund please now', AT + 1000)]);
    await logged.logActivities([fromCustomer('m3', 'please refund', AT + 2000)]);
    assert.deepEqual(written, [['please', 'refund'], ['now']], 'the second turn writes its one new word, the third nothing');
    await logged.purgeCustomer('line:U1');
    await logged.logActivities([fromCustomer('m4', 'refund please', AT + 3000)]);
    assert.equal(await remembering.countSince('refund', since), 1, 'written again after the purge');
  });

  it("deletes every term of a purged customer's conversations", async () => {
    await transcripts.logActivities([fromCustomer('m1', '返品したい refund', AT)]);
    await transcripts.purgeCustomer('line:U1');
    assert.equal(await terms.countSince('refund', since), 0);
    assert.equal(await terms.countSince('返品', since), 0);
  });
});
