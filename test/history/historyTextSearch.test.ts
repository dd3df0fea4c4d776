import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { parseHistoryCursor, searchHistory, type HistorySources } from '../../src/history/historySearch';
import { textSearchSources } from '../../src/history/transcriptTextSearch';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { TranscriptMessageTexts } from '../../src/transcripts/transcriptMessageTexts';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { TranscriptTermRepository } from '../../src/transcripts/transcriptTermRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

const START = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;

/** Customer n's conversation: one message an hour after the previous customer's, in cycle n. */
function messageOf(n: number): string {
  if (n % 3 === 0) return `返品したいです（注文${n}）`;
  if (n % 3 === 1) return `東京から京都へ行きました ${n}`;
  return `Where is my parcel ${n}?`;
}

describeEachBackend('history search by text: both ways through the index, and paging', (backend) => {
  let store: DocumentStore;
  let sources: HistorySources;
  const CUSTOMERS = 30;

  function conversationOf(n: number): string {
    return `default:user:U${n}`;
  }

  before(async () => {
    store = await backend.open();
    const terms = await TranscriptTermRepository.open(store);
    const transcripts = await TranscriptRepository.open(store, { termIndex: terms });
    const messageTexts = await TranscriptMessageTexts.open(store);
    const cycles = await HandoffCycleRepository.open(store, pino({ level: 'silent' }));
    const facts = await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION);
    // Customer 99's cycle runs over midnight: one word before it, one after.
    const seed = async (n: number, requestedAt: Date, closedAt: Date, messages: readonly { text: string; at: Date }[]): Promise<void> => {
      const conversationId = conversationOf(n);
      const handoffId = handoffIdOf('line', conversationId);
      const fact: HandoffCycleFact = {
        _id: `${handoffId}:1`, handoffId, cycle: 1, channelId: 'line', conversationId, customerId: `line:U${n}`, language: 'ja', firstQueueId: 'desk', queueId: 'desk',
        agentId: 'amy', agentIds: ['amy'], state: 'closed', requestedAt, queuedAt: requestedAt, closedAt, closeReason: 'agent', transfers: 0, recordVersion: 3,
      };
      await facts.insertOne(fact as unknown as StoredDocument);
      for (const [index, message] of messages.entries()) {
        await transcripts.logActivity({
          type: 'message', id: `m${n}-${index}`, text: message.text, channelId: 'line', timestamp: message.at,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          from: { id: `U${n}`, name: 'Customer', role: 'user' }, recipient: { id: 'Ubot', name: 'Bot', role: 'bot' },
        } as Activity);
      }
    };
    const midnight = START - 2 * 24 * HOUR;
    await seed(99, new Date(midnight - HOUR / 2), new Date(midnight + HOUR / 2), [{ text: 'alpha first', at: new Date(midnight - HOUR / 4) }, { text: 'omega after midnight', at: new Date(midnight + HOUR / 4) }]);
    for (let n = 0; n < CUSTOMERS; n += 1) {
      const requestedAt = new Date(START + n * HOUR);
      const conversationId = conversationOf(n);
      const handoffId = handoffIdOf('line', conversationId);
      const fact: HandoffCycleFact = {
        _id: `${handoffId}:1`, handoffId, cycle: 1, channelId: 'line', conversationId, customerId: `line:U${n}`, language: 'ja', firstQueueId: 'desk', queueId: 'desk',
        agentId: 'amy', agentIds: ['amy'], state: 'closed', requestedAt, queuedAt: requestedAt, closedAt: new Date(requestedAt.getTime() + 30 * 60_000), closeReason: 'agent', transfers: 0, recordVersion: 3,
      };
      await facts.insertOne(fact as unknown as StoredDocument);
      await transcripts.logActivity({
        type: 'message', id: `m${n}`, text: messageOf(n), channelId: 'line', timestamp: new Date(requestedAt.getTime() + 60_000),
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: { id: `U${n}`, name: 'Customer', role: 'user' }, recipient: { id: 'Ubot', name: 'Bot', role: 'bot' },
      } as Activity);
    }
    const textSources = (termLedLimit: number): NonNullable<HistorySources['text']> => ({ ...textSearchSources(cycles, terms, messageTexts), termLedLimit });
    sources = {
      search: (filter, limit) => cycles.search(filter, limit),
      customerNames: async (ids) => new Map(ids.map((id) => [id, undefined])),
      customersOfContact: async () => [],
      summaries: async () => new Map(),
      text: textSources(5000),
    };
    scanSources = { ...sources, text: textSources(0) };
  });
  let scanSources: HistorySources;

  after(async () => {
    await store.close();
  });

  /** Every customer number a search finds, page by page (`limit` a page), newest first. */
  async function allPages(from: HistorySources, q: string, limit: number): Promise<number[]> {
    const found: number[] = [];
    let before: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const answer = await searchHistory(from, { q, limit, ...(before ? { before: parseHistoryCursor(before) } : {}) }, { kind: 'supervisor' });
      found.push(...answer.items.map((item) => Number(item.customerId.slice('line:U'.length))));
      if (!answer.nextBefore) return found;
      before = answer.nextBefore;
    }
    throw new Error('the search never ended');
  }

  const expected = (predicate: (n: number) => boolean): number[] => Array.from({ length: CUSTOMERS }, (_, n) => CUSTOMERS - 1 - n).filter(predicate);

  it('finds the same cycles, newest first, whether the rarest term leads or the cycles are scanned', async () => {
    for (const from of [sources, scanSources]) {
      assert.deepEqual(await allPages(from, '返品', 25), expected((n) => n % 3 === 0));
      assert.deepEqual(await allPages(from, 'PARCEL', 25), expected((n) => n % 3 === 2));
      assert.deepEqual(await allPages(from, '東京都', 25), [], 'pairs found apart are no match');
      assert.deepEqual(await allPages(from, '注文12', 25), [12], 'a number inside Japanese text is part of the run');
    }
  });

  it('finds words written on either side of midnight within one cycle, both ways', async () => {
    for (const from of [sources, scanSources]) assert.deepEqual(await allPages(from, 'alpha omega', 25), [99]);
  });

  it('pages through every match once, in order, a few at a time', async () => {
    for (const from of [sources, scanSources]) {
      assert.deepEqual(await allPages(from, '返品', 3), expected((n) => n % 3 === 0));
      assert.deepEqual(await allPages(from, 'parcel', 4), expected((n) => n % 3 === 2));
    }
  });

  it('keeps to the period asked for', async () => {
    const page = await searchHistory(sources, { q: '返品', limit: 25, from: new Date(START + 20 * HOUR), to: new Date(START + 28 * HOUR) }, { kind: 'supervisor' });
    assert.deepEqual(page.items.map((item) => item.customerId), ['line:U27', 'line:U24', 'line:U21']);
  });
});
