import assert from 'node:assert/strict';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { SurveyRepository } from '../../src/bot/surveyRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

describeEachBackend('SurveyRepository', (backend) => {
  let store: DocumentStore;
  let surveys: SurveyRepository;

  beforeEach(async () => {
    store = await backend.open();
    surveys = await SurveyRepository.open(store);
  });
  afterEach(async () => store.close());

  const base = { channelId: 'line', conversationId: 'default:user:U4af4980629d3f6e1a7b0c2d5e8f91a3b', customerId: 'line:U4af4980629d3f6e1a7b0c2d5e8f91a3b', language: 'ja' as const };

  it('keeps results with their conversation, in order, comment optional', async () => {
    await surveys.save({ ...base, rating: 4, comment: '丁寧でした', at: new Date('2026-11-20T10:00:00Z') });
    await surveys.save({ ...base, rating: 5, comment: undefined, at: new Date('2026-11-22T10:00:00Z') });
    await surveys.save({ ...base, conversationId: 'default:user:Uother', customerId: 'line:Uother', rating: 1, comment: undefined, at: new Date('2026-11-21T10:00:00Z') });
    const results = await surveys.listByConversation('line', base.conversationId);
    assert.deepEqual(results.map((result) => [result.rating, result.comment, result.at.toISOString()]), [
      [4, '丁寧でした', '2026-11-20T10:00:00.000Z'],
      [5, undefined, '2026-11-22T10:00:00.000Z'],
    ]);
  });

  it('purges a customer’s results', async () => {
    await surveys.save({ ...base, rating: 3, comment: undefined, at: new Date() });
    assert.equal(await surveys.purgeCustomer(base.customerId), 1);
    assert.deepEqual(await surveys.listByConversation('line', base.conversationId), []);
  });
});
