import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { searchHistory, type HistorySources } from '../../src/history/historySearch';
import { textSearchSources } from '../../src/history/transcriptTextSearch';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import type { StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { TranscriptMessageTexts } from '../../src/transcripts/transcriptMessageTexts';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { dayOf, MAX_TERMS_PER_WRITE, postingId, TRANSCRIPT_TERMS_COLLECTION, TranscriptTermRepository, type TermPosting } from '../../src/transcripts/transcriptTermRepository';
import { indexTermsOf } from '../../src/history/searchTerms';

const DAY = 86_400_000;
/** Turns indexed one by one through the repository (timed); the rest are written in bulk. */
const TIMED_WRITES = 2000;
/** What customers write: a phrase in one of four languages, with an order number; one in 8 asks for a return in Japanese. */
const PHRASES = [
  (n: number) => `注文${n}の返品をお願いします`,
  (n: number) => `配送状況を教えてください 注文${n}`,
  (n: number) => `ฉันต้องการคืนเงินค่ะ หมายเลข ${n}`,
  (n: number) => `我想要退貨，訂單 ${n}，謝謝`,
  (n: number) => `Where is my parcel? Order ${n}`,
  (n: number) => `The app crashes when I pay, ticket${n}`,
  (n: number) => `ログインできません ${n}`,
  (n: number) => `Can I change my address for order ${n}?`,
];

/** One search of the bench: what is typed, and why it is interesting. */
interface BenchSearch {
  readonly label: string;
  readonly q: (cycles: number) => string;
}

const SEARCHES: readonly BenchSearch[] = [
  { label: 'rare word (one conversation)', q: (cycles) => `ticket${cycles - 11}` },
  { label: 'common Japanese 返品 (1 in 8)', q: () => '返品' },
  { label: 'common Thai คืนเงิน (1 in 8)', q: () => 'คืนเงิน' },
  { label: 'common + rare (parcel 1236)', q: () => 'parcel 1236' },
  { label: 'no match (東京都)', q: () => '東京都' },
];

/** Timings of one seeded size. */
export interface HistoryTextBenchSize {
  readonly cycles: number;
  readonly postings: number;
  readonly seedMs: number;
  /** Milliseconds per indexed turn (one message), through the repository's write (the first 2,000). */
  readonly indexWriteMs: number;
  readonly rows: readonly { readonly label: string; readonly items: number; readonly p50Ms: number; readonly maxMs: number }[];
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function factOf(n: number, start: number, cycles: number): HandoffCycleFact {
  const requestedAt = new Date(start + Math.floor((n * 30 * DAY) / cycles));
  const conversationId = `default:user:U${n}`;
  return {
    _id: `${handoffIdOf('line', conversationId)}:1`, handoffId: handoffIdOf('line', conversationId), cycle: 1, channelId: 'line', conversationId, customerId: `line:U${n}`,
    language: 'ja', firstQueueId: `queue-${n % 6}`, queueId: `queue-${n % 6}`, agentId: `agent-${n % 40}`, agentIds: [`agent-${n % 40}`], state: 'closed',
    requestedAt, queuedAt: requestedAt, assignedAt: requestedAt, endedAt: new Date(requestedAt.getTime() + 600_000), closedAt: new Date(requestedAt.getTime() + 600_000), closeReason: 'agent', transfers: 0, recordVersion: 5,
  };
}

/**
 * Seeds `cycles` closed handoff cycles over 30 days into a temporary embedded store, each with a customer message and
 * an agent's answer in its transcript and in the text index, then times history searches by text as the endpoint runs
 * them (a supervisor, 25 a page), `runs` times each.
 */
export async function measureHistoryText(cycles: number, runs = 5): Promise<HistoryTextBenchSize> {
  const dataDir = await mkdtemp(join(tmpdir(), 'history-text-bench-'));
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const cycleRepository = await HandoffCycleRepository.open(store, pino({ level: 'silent' }));
    const terms = await TranscriptTermRepository.open(store);
    await TranscriptRepository.open(store);
    const messageTexts = await TranscriptMessageTexts.open(store);
    const facts = await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION);
    const activities = await store.collection<StoredDocument>('transcripts');
    const start = Date.UTC(2026, 10, 1);
    const seeding = performance.now();
    let writeMs = 0;
    let writes = 0;
    const termCollection = await store.collection<TermPosting>(TRANSCRIPT_TERMS_COLLECTION);
    const postings = new Map<string, TermPosting>();
    for (let first = 0; first < cycles; first += 1000) {
      const batch = Array.from({ length: Math.min(1000, cycles - first) }, (_, i) => factOf(first + i, start, cycles));
      await facts.insertManyIgnoringDuplicates(batch as unknown as StoredDocument[]);
      const documents: StoredDocument[] = [];
      for (const fact of batch) {
        const n = Number(fact.customerId.slice(6));
        const at = new Date(fact.requestedAt.getTime() + 60_000);
        const texts = [{ text: PHRASES[n % PHRASES.length]!(n), timestamp: at, role: 'user' }, { text: `Thank you, we are looking into it (case ${n})`, timestamp: new Date(at.getTime() + 60_000), role: 'agent' }];
        texts.forEach((entry, seq) => {
          documents.push({ _id: `line|${fact.conversationId}|a${seq}`, channelId: 'line', conversationId: fact.conversationId, customerId: fact.customerId, activityId: `a${seq}`, seq: seq + 1, timestamp: entry.timestamp, type: 'message', role: entry.role, activity: JSON.stringify({ type: 'message', text: entry.text }) });
        });
        if (writes < TIMED_WRITES) {
          const began = performance.now();
          await terms.record('line', fact.conversationId, fact.customerId, texts);
          writeMs += performance.now() - began;
          writes += 1;
        } else {
          // The rest in bulk, as the same postings, so that seeding 100,000 stays within minutes.
          for (const entry of texts) for (const term of indexTermsOf(entry.text, MAX_TERMS_PER_WRITE)) {
            const day = dayOf(entry.timestamp);
            postings.set(postingId(day, 'line', fact.conversationId, term), { _id: postingId(day, 'line', fact.conversationId, term), term, day, channelId: 'line', conversationId: fact.conversationId, customerId: fact.customerId });
          }
        }
      }
      await activities.insertManyIgnoringDuplicates(documents);
      await termCollection.insertManyIgnoringDuplicates([...postings.values()]);
      postings.clear();
    }
    const seedMs = performance.now() - seeding;
    const indexEntries = await termCollection.countDocuments({});
    const sources: HistorySources = {
      search: (filter, limit) => cycleRepository.search(filter, limit),
      customerNames: async (ids) => new Map(ids.map((id) => [id, undefined])),
      customersOfContact: async () => [],
      summaries: async () => new Map(),
      text: textSearchSources(cycleRepository, terms, messageTexts),
    };
    const rows = [];
    for (const search of SEARCHES) {
      const times: number[] = [];
      let items = 0;
      for (let run = 0; run < runs; run += 1) {
        const began = performance.now();
        const page = await searchHistory(sources, { q: search.q(cycles), limit: 25 }, { kind: 'supervisor' });
        times.push(performance.now() - began);
        items = page.items.length;
      }
      rows.push({ label: search.label, items, p50Ms: percentile(times, 0.5), maxMs: Math.max(...times) });
    }
    return { cycles, postings: indexEntries, seedMs, indexWriteMs: writeMs / writes, rows };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The text search section of the bench output. */
export function renderHistoryTextBench(results: readonly HistoryTextBenchSize[]): string {
  const lines = ['history text search: closed cycles over 30 days, a customer message and an agent answer each (embedded store), supervisor, 25 a page'];
  for (const result of results) {
    lines.push(`  ${result.cycles.toLocaleString('en')} cycles, ${result.postings.toLocaleString('en')} index entries (seeded in ${Math.round(result.seedMs)} ms; index write ${result.indexWriteMs.toFixed(2)} ms per turn)`);
    for (const row of result.rows) lines.push(`    ${row.label.padEnd(32)} ${String(row.items).padStart(3)} found   p50 ${Math.round(row.p50Ms).toString().padStart(5)} ms   max ${Math.round(row.maxMs).toString().padStart(5)} ms`);
  }
  return lines.join('\n');
}
