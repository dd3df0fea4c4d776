import type { HandoffState } from '../handoff/handoffConversation';
import type { Filter } from '../storage/engine/documentStore';
import type { HandoffCycleFact } from '../reports/handoffCycleFact';
import { parseTextSearch } from './searchTerms';
import { CONFIRM_LIMIT, confirmText, textCandidates, type TextSearchSources } from './transcriptTextSearch';

/** At most this many cycle facts are read per search page before filtering what the index cannot (agents, `q`). */
export const HISTORY_SCAN_LIMIT = 2000;

/** A history search: every field optional; `before` is the cursor of the next page. */
export interface HistoryQuery {
  /**
   * Text written in the conversation (by the customer, the bot or agents; see `transcriptTextSearch.ts`), or words of
   * the customer's name and id, the summary and the wrap-up code (see {@link searchHistory}).
   */
  readonly q?: string | undefined;
  /** A customer id (`line:U…`), or else part of a customer's name. */
  readonly customer?: string | undefined;
  readonly contactId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly queueId?: string | undefined;
  readonly lineAccountId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly state?: HandoffState | undefined;
  /** The cursor of the next page: `nextBefore` of the previous one. */
  readonly before?: HistoryCursor | undefined;
  readonly limit: number;
}

/** Where a page starts: after the cycle requested at `at` with fact id `id` (newest first, ties by id). */
export interface HistoryCursor {
  readonly at: Date;
  readonly id: string;
}

/** Reads a cursor (`{ISO time}|{fact id}`); `undefined` when it is not one. */
export function parseHistoryCursor(text: string): HistoryCursor | undefined {
  const bar = text.indexOf('|');
  if (bar < 0) return undefined;
  const at = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  return Number.isNaN(at.getTime()) || !id ? undefined : { at, id };
}

/** Who searches: a supervisor sees every cycle; an agent the cycles they served and those waiting in their queues. */
export type HistoryViewer = { readonly kind: 'supervisor' } | { readonly kind: 'agent'; readonly agentId: string; readonly queueIds: readonly string[] };

/** What the search needs besides the facts. */
export interface HistorySources {
  search(filter: Filter, limit: number): Promise<HandoffCycleFact[]>;
  /** Display names by customer id. */
  customerNames(customerIds: readonly string[]): Promise<Map<string, string | undefined>>;
  /** The customers a contact ties together. */
  customersOfContact(contactId: string): Promise<string[]>;
  /** Summaries of handoff records by id (the latest cycle's). */
  summaries(handoffIds: readonly string[]): Promise<Map<string, string>>;
  /** The transcript text index; without it `q` matches names, ids, summaries and wrap-up codes only. */
  readonly text?: TextSearchSources;
}

/** One cycle in the results. */
export interface HistoryItem {
  readonly handoffId: string;
  readonly cycle: number;
  readonly customerId: string;
  readonly customerName: string | undefined;
  readonly lineAccountId: string | undefined;
  readonly queueId: string;
  readonly firstQueueId: string;
  readonly agentId: string | undefined;
  readonly state: HandoffState;
  readonly requestedAt: string;
  readonly closedAt: string | undefined;
  readonly closeReason: string | undefined;
  readonly wrapUpCode: string | undefined;
  readonly rating: number | undefined;
}

/** A page of results; `nextBefore` continues the search (absent: no more). */
export interface HistoryPage {
  readonly items: readonly HistoryItem[];
  readonly nextBefore: string | undefined;
  /** The scan limit was reached before the page filled: older matches may exist past `nextBefore`. */
  readonly scanLimited: boolean;
}

/** Whether `viewer` may see cycle `fact` (the agents' rule of today's conversation lists, applied to each cycle). */
export function viewerSees(viewer: HistoryViewer, fact: Pick<HandoffCycleFact, 'agentId' | 'agentIds' | 'state' | 'queueId'>): boolean {
  if (viewer.kind === 'supervisor') return true;
  if (fact.agentId === viewer.agentId || (fact.agentIds ?? []).includes(viewer.agentId)) return true;
  return fact.state === 'queued' && viewer.queueIds.includes(fact.queueId);
}

/**
 * Searches handoff cycles, newest request first. The indexed fields (period, customer, contact's customers, LINE
 * account, state, queue) narrow the `handoffCycles` facts in the store; agent, visibility and customer name are
 * matched on the facts read. `q` matches a cycle two ways: text written in its conversation, through the transcript
 * text index ({@link textCandidates}: by its rarest term's postings when that term is rare enough, else over at most
 * {@link HISTORY_SCAN_LIMIT} cycles of the filters), confirmed on the transcripts of the candidates shown
 * ({@link confirmText}); or words of the customer's name and id, the latest summary and the wrap-up code, among the
 * {@link HISTORY_SCAN_LIMIT} newest cycles of the filters from where the page starts (a wrap-up code equal to a word
 * of `q` is found at any age, through its index). No search reads every transcript.
 *
 * @example await searchHistory(sources, { q: '返品', limit: 20 }, { kind: 'supervisor' });
 */
export async function searchHistory(sources: HistorySources, query: HistoryQuery, viewer: HistoryViewer): Promise<HistoryPage> {
  const filter: Filter = {};
  if (query.from || query.to) filter.requestedAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  if (query.lineAccountId) filter.lineAccountId = query.lineAccountId;
  if (query.state) filter.state = query.state;
  const both: Filter[] = [];
  if (query.queueId) both.push({ $or: [{ queueId: query.queueId }, { firstQueueId: query.queueId }] });
  if (query.before) both.push({ $or: [{ requestedAt: { $lt: query.before.at } }, { requestedAt: query.before.at, _id: { $lt: query.before.id } }] });
  if (both.length > 0) filter.$and = both;
  const customerIsId = query.customer !== undefined && /^[a-z]+:/i.test(query.customer);
  const customerIds: string[] = [];
  if (query.customer && customerIsId) customerIds.push(query.customer);
  if (query.contactId) {
    const ofContact = await sources.customersOfContact(query.contactId);
    if (ofContact.length === 0) return { items: [], nextBefore: undefined, scanLimited: false };
    if (customerIds.length > 0) {
      const both = customerIds.filter((id) => ofContact.includes(id));
      if (both.length === 0) return { items: [], nextBefore: undefined, scanLimited: false };
      customerIds.splice(0, customerIds.length, ...both);
    } else customerIds.push(...ofContact);
  }
  if (customerIds.length > 0) filter.customerId = { $in: customerIds };

  const text = query.q ? parseTextSearch(query.q) : undefined;
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const codes = text ? [...new Set(text.pieces.filter((piece) => piece.kind === 'word').map((piece) => piece.text))] : [];
  const byText = text && sources.text ? await textCandidates(sources.text, text, codes, filter, HISTORY_SCAN_LIMIT, query) : undefined;
  // The newest cycles of the filters: the whole search without text; with it, those whose name, id, summary or
  // wrap-up code `q` may name (the text index holds what was written, not these).
  const recent = byText?.scanned ?? (await sources.search(filter, HISTORY_SCAN_LIMIT));
  const visible = (fact: HandoffCycleFact): boolean => viewerSees(viewer, fact) && (query.agentId === undefined || fact.agentId === query.agentId || (fact.agentIds ?? []).includes(query.agentId));
  const names = await sources.customerNames([...new Set([...recent, ...(byText?.facts ?? [])].filter(visible).map((fact) => fact.customerId))]);
  const named = new Set<string>();
  if (words.length > 0) {
    const summaries = await sources.summaries([...new Set(recent.filter(visible).map((fact) => fact.handoffId))]);
    for (const fact of recent) {
      const haystack = [names.get(fact.customerId) ?? '', fact.customerId, summaries.get(fact.handoffId) ?? '', fact.wrapUpCode ?? ''].join('\n').toLowerCase();
      if (words.every((word) => haystack.includes(word))) named.add(fact._id);
    }
  }
  const scanned = byText ? mergeNewest(byText.facts, recent.filter((fact) => named.has(fact._id))) : recent;
  const scanLimited = byText ? byText.scanLimited : recent.length === HISTORY_SCAN_LIMIT;
  let candidates = scanned.filter(visible);
  const nameNeedle = query.customer && !customerIsId ? query.customer.toLowerCase() : undefined;
  if (nameNeedle) candidates = candidates.filter((fact) => (names.get(fact.customerId) ?? '').toLowerCase().includes(nameNeedle));
  let confirmedUpTo: HandoffCycleFact | undefined;
  if (text && sources.text) {
    // Transcripts are read for the candidates shown (and one more, to know whether a next page exists), no more.
    const confirmed: HandoffCycleFact[] = [];
    let read = 0;
    for (const fact of candidates) {
      if (confirmed.length > query.limit) break;
      const byCode = fact.wrapUpCode !== undefined && codes.includes(fact.wrapUpCode.toLowerCase());
      if (byCode || named.has(fact._id)) {
        confirmed.push(fact);
        continue;
      }
      if (read === CONFIRM_LIMIT) {
        confirmedUpTo = fact;
        break;
      }
      read += 1;
      if (await confirmText(sources.text, text, fact)) confirmed.push(fact);
    }
    candidates = confirmed;
  } else if (words.length > 0) {
    candidates = candidates.filter((fact) => named.has(fact._id));
  }
  const page = candidates.slice(0, query.limit);
  // A full page continues after its last row; a stop of the confirming before the page filled continues before the
  // candidate it stopped at; a scan that hit its limit continues after the last fact it read.
  const stoppedBefore = confirmedUpTo && candidates.length <= query.limit ? scanned[scanned.indexOf(confirmedUpTo) - 1] : undefined;
  const continueAfter = candidates.length > query.limit ? page[page.length - 1] : stoppedBefore ? stoppedBefore : scanLimited ? recent[recent.length - 1] : undefined;
  return {
    items: page.map((fact) => itemOf(fact, names.get(fact.customerId))),
    nextBefore: continueAfter ? `${continueAfter.requestedAt.toISOString()}|${continueAfter._id}` : undefined,
    scanLimited: (scanLimited || stoppedBefore !== undefined) && candidates.length <= query.limit,
  };
}

/** Two lists of facts, newest first, merged without repeats. */
function mergeNewest(a: readonly HandoffCycleFact[], b: readonly HandoffCycleFact[]): HandoffCycleFact[] {
  const byId = new Map([...a, ...b].map((fact) => [fact._id, fact]));
  return [...byId.values()].sort((x, y) => y.requestedAt.getTime() - x.requestedAt.getTime() || (x._id < y._id ? 1 : x._id > y._id ? -1 : 0));
}

/** A fact as a result row. */
export function itemOf(fact: HandoffCycleFact, customerName: string | undefined): HistoryItem {
  return {
    handoffId: fact.handoffId,
    cycle: fact.cycle,
    customerId: fact.customerId,
    customerName,
    lineAccountId: fact.lineAccountId,
    queueId: fact.queueId,
    firstQueueId: fact.firstQueueId,
    agentId: fact.agentId,
    state: fact.state,
    requestedAt: fact.requestedAt.toISOString(),
    closedAt: fact.closedAt?.toISOString(),
    closeReason: fact.closeReason,
    wrapUpCode: fact.wrapUpCode,
    rating: fact.rating,
  };
}
