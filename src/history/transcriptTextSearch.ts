import { handoffIdOf } from '../handoff/handoffConversation';
import type { HandoffCycleFact } from '../reports/handoffCycleFact';
import type { Filter } from '../storage/engine/documentStore';
import { dayOf, postingId, type TermPosting } from '../transcripts/transcriptTermRepository';
import { textsMatch, type TextSearch } from './searchTerms';

/** What a cycle's text is: messages from this long before the request (what the customer told the bot first)… */
export const TEXT_BEFORE_REQUEST_MS = 60 * 60 * 1000;
/** …until this long after the close (the last goodbyes), or on while the cycle is open. */
export const TEXT_AFTER_CLOSE_MS = 10 * 60 * 1000;
/** A term with at most this many (day, conversation) postings leads the search: its postings are all read. */
export const TERM_LED_LIMIT = 5000;
/** Days of a cycle's text looked up when the search goes through the cycles (a cycle open longer is looked up this far). */
const MAX_WINDOW_DAYS = 31;
/** Candidates whose transcript is read to confirm a match, at most, per page. */
export const CONFIRM_LIMIT = 200;
/** Activities read per candidate when confirming. */
const CONFIRM_ACTIVITIES = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the text search reads. */
export interface TextSearchSources {
  /** Cycle facts matching `filter`, newest request first, at most `limit`. */
  search(filter: Filter, limit: number): Promise<HandoffCycleFact[]>;
  /** Cycle facts matching `filter` in any order, at most `limit`. */
  find(filter: Filter, limit: number): Promise<HandoffCycleFact[]>;
  countSince(term: string, since: Date): Promise<number>;
  postingsSince(term: string, since: Date, limit: number): Promise<TermPosting[]>;
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** The largest count of postings of a term that leads the search (default {@link TERM_LED_LIMIT}). */
  readonly termLedLimit?: number;
  /** Message texts of a conversation in a time window. */
  messageTexts(customerId: string, channelId: string, conversationId: string, from: Date, to: Date | undefined, limit: number): Promise<string[]>;
}

/** The cycles that may match, newest first, and whether they are only those of a bounded scan. */
export interface TextCandidates {
  readonly facts: readonly HandoffCycleFact[];
  /** The cycles scanned reached `scanLimit`: older ones were not looked at. */
  readonly scanLimited: boolean;
  /** The cycles of the filters read newest first, when the search went through them (every term common). */
  readonly scanned?: readonly HandoffCycleFact[];
}

/** The time window of a cycle's text. */
export function textWindowOf(fact: Pick<HandoffCycleFact, 'requestedAt' | 'closedAt'>): { readonly from: Date; readonly to: Date | undefined } {
  return { from: new Date(fact.requestedAt.getTime() - TEXT_BEFORE_REQUEST_MS), to: fact.closedAt && new Date(fact.closedAt.getTime() + TEXT_AFTER_CLOSE_MS) };
}

/** The UTC days of a cycle's text window (up to {@link MAX_WINDOW_DAYS}). */
function daysOf(fact: HandoffCycleFact): Date[] {
  const { from, to } = textWindowOf(fact);
  const first = dayOf(from).getTime();
  const last = Math.min(to ? dayOf(to).getTime() : Infinity, first + (MAX_WINDOW_DAYS - 1) * DAY_MS);
  const days: Date[] = [];
  for (let day = first; day <= last; day += DAY_MS) days.push(new Date(day));
  return days;
}

function byNewest(a: HandoffCycleFact, b: HandoffCycleFact): number {
  return b.requestedAt.getTime() - a.requestedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

/**
 * The cycles matching `filter` whose text window may hold every term of `search` (by the index alone), or whose
 * wrap-up code is one of `codes`. Two ways, by the rarest term's postings (counted through the `{ term, day }` index):
 * - at most {@link TERM_LED_LIMIT} (or `sources.termLedLimit`): the term leads — its postings are read and the cycles
 *   of the conversations found read by `handoffId`: every match in the store, however old;
 * - more (every term is common): the cycles matching `filter` are read newest first as without text (at most
 *   `scanLimit`).
 * Then the (other) terms are looked up by posting id over each cycle's window days, so both ways find the same cycles.
 * Either way no transcript is read here; {@link confirmText} reads those of the candidates shown.
 */
export async function textCandidates(sources: TextSearchSources, search: TextSearch, codes: readonly string[], filter: Filter, scanLimit: number, period: { readonly from?: Date | undefined }): Promise<TextCandidates> {
  const since = period.from ? dayOf(new Date(period.from.getTime() - TEXT_BEFORE_REQUEST_MS)) : new Date(0);
  const counts = await Promise.all(search.terms.map((term) => sources.countSince(term, since)));
  const rarest = counts.indexOf(Math.min(...counts));
  const byCode = codes.length > 0 ? await sources.search({ ...filter, wrapUpCode: { $in: [...codes] } }, scanLimit) : [];
  const limit = sources.termLedLimit ?? TERM_LED_LIMIT;
  if (counts[rarest]! <= limit) {
    const facts = new Map(byCode.map((fact) => [fact._id, fact]));
    for (const fact of await termLed(sources, search, rarest, since, filter, limit)) facts.set(fact._id, fact);
    return { facts: [...facts.values()].sort(byNewest), scanLimited: false };
  }
  const scanned = await sources.search(filter, scanLimit);
  const codeIds = new Set(byCode.map((fact) => fact._id));
  const withTerms = new Set((await withEveryTerm(sources, search.terms, scanned.filter((fact) => !codeIds.has(fact._id)))).map((fact) => fact._id));
  return { facts: scanned.filter((fact) => codeIds.has(fact._id) || withTerms.has(fact._id)), scanLimited: scanned.length === scanLimit, scanned };
}

/** Of `facts`, those whose conversation has each of `terms` on some day of the cycle's text window (looked up by id). */
async function withEveryTerm(sources: TextSearchSources, terms: readonly string[], facts: readonly HandoffCycleFact[]): Promise<HandoffCycleFact[]> {
  if (terms.length === 0) return [...facts];
  const idsOf = (fact: HandoffCycleFact, term: string): string[] => daysOf(fact).map((day) => postingId(day, fact.channelId, fact.conversationId, term));
  const found = await sources.existing([...new Set(facts.flatMap((fact) => terms.flatMap((term) => idsOf(fact, term))))]);
  return facts.filter((fact) => terms.every((term) => idsOf(fact, term).some((id) => found.has(id))));
}

/** The cycles (matching `filter`) of the conversations where the leading term was written in their window, with every other term there too. */
async function termLed(sources: TextSearchSources, search: TextSearch, leader: number, since: Date, filter: Filter, limit: number): Promise<HandoffCycleFact[]> {
  const leading = await sources.postingsSince(search.terms[leader]!, since, limit);
  const daysByHandoff = new Map<string, Set<number>>();
  for (const posting of leading) {
    const handoffId = handoffIdOf(posting.channelId, posting.conversationId);
    const days = daysByHandoff.get(handoffId) ?? new Set<number>();
    days.add(posting.day.getTime());
    daysByHandoff.set(handoffId, days);
  }
  const handoffIds = [...daysByHandoff.keys()];
  const facts: HandoffCycleFact[] = [];
  for (let start = 0; start < handoffIds.length; start += 500) {
    const chunk = handoffIds.slice(start, start + 500);
    const read = await sources.find({ ...filter, handoffId: { $in: chunk } }, limit * 4);
    facts.push(...read.filter((fact) => daysOf(fact).some((day) => daysByHandoff.get(fact.handoffId)?.has(day.getTime()))));
  }
  return withEveryTerm(sources, search.terms.filter((_, index) => index !== leader), facts);
}

/** Whether the cycle's transcript really holds the search (the index only says that its pieces' pairs occur). */
export async function confirmText(sources: TextSearchSources, search: TextSearch, fact: HandoffCycleFact): Promise<boolean> {
  const { from, to } = textWindowOf(fact);
  return textsMatch(await sources.messageTexts(fact.customerId, fact.channelId, fact.conversationId, from, to, CONFIRM_ACTIVITIES), search);
}

/**
 * The text search's sources from the stores that hold them: cycle facts, the text index and the transcripts' message
 * texts (what the history route, its test and the bench all search through).
 *
 * @example const text = textSearchSources(handoffCycles, transcriptTerms, messageTexts);
 */
export function textSearchSources(
  cycles: Pick<TextSearchSources, 'search' | 'find'>,
  terms: Pick<TextSearchSources, 'countSince' | 'postingsSince' | 'existing'>,
  messageTexts: { between: TextSearchSources['messageTexts'] },
): TextSearchSources {
  return {
    search: (filter, limit) => cycles.search(filter, limit),
    find: (filter, limit) => cycles.find(filter, limit),
    countSince: (term, since) => terms.countSince(term, since),
    postingsSince: (term, since, limit) => terms.postingsSince(term, since, limit),
    existing: (ids) => terms.existing(ids),
    messageTexts: (customerId, channelId, conversationId, from, to, limit) => messageTexts.between(customerId, channelId, conversationId, from, to, limit),
  };
}
