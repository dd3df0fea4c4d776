import { z } from 'zod';
import type { Role } from '../auth/roles';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffConversationRepository } from '../handoff/handoffConversationRepository';
import type { HandoffService } from '../handoff/handoffService';
import { buildConversationExport, type ConversationExport } from '../history/conversationExport';
import { isTimeZone, renderConversationHtml } from '../history/conversationHtml';
import { downloadLanguage } from '../history/exportLabels';
import { parseHistoryCursor, searchHistory, viewerSees, type HistoryViewer } from '../history/historySearch';
import { textSearchSources } from '../history/transcriptTextSearch';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import type { CustomerRepository } from '../customers/customerRepository';
import type { TranscriptRepository } from '../transcripts/transcriptRepository';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import type { Principal } from './requestAuthorization';
import { conversationExportSchema, historyPageSchema } from './schemas/historySchemas';
import type { TranscriptMessageTexts } from '../transcripts/transcriptMessageTexts';
import type { TranscriptTermRepository } from '../transcripts/transcriptTermRepository';

/** Transcript pages an export gathers at most (twenty activities a page). */
const MAX_EXPORT_PAGES = 100;

const isoDate = z.string().trim().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date or time').transform((value) => new Date(value));
const searchSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  customer: z.string().trim().min(1).max(200).optional(),
  contactId: z.string().trim().min(1).max(100).optional(),
  agentId: z.string().trim().min(1).max(128).optional(),
  queueId: z.string().trim().min(1).max(63).optional(),
  lineAccountId: z.string().trim().min(1).max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  state: z.enum(['queued', 'assigned', 'waiting', 'wrapUp', 'closed']).optional(),
  before: z.string().trim().max(200).transform((value, context) => parseHistoryCursor(value) ?? (context.addIssue({ code: 'custom', message: 'must be the nextBefore of a previous page' }), z.NEVER)).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const READERS = { roles: ['agent', 'supervisor', 'admin'] } as const;
const handoffIdParams = z.object({ handoffId: z.string().describe('the handoff id') });
const unseen = { description: 'no such conversation, or one this agent never served and may not see' };

/** `GET /api/agent/history`. */
export const searchConversationHistory = apiContract({
  method: 'get', path: '/api/agent/history', tags: ['history'], access: READERS, query: searchSchema,
  summary: 'Searches handoff cycles, open and closed, newest first (agents: the cycles they served and those waiting in their queues)',
  description: '`q` finds text written in the cycle’s conversation (by the customer, the bot or agents, from an hour before the request until ten minutes after the close), through a word index: whole words in spaced scripts, any piece of two or more characters in Japanese, Chinese or Thai. It also matches words of the customer’s name and id, the latest summary and the wrap-up code among the 2000 newest cycles of the other filters from where the page starts. When every word of `q` is common, at most 2000 cycles are looked at per page; `scanLimited` says more may exist past `nextBefore`.',
  responses: { 200: { description: 'a page of cycles', schema: historyPageSchema }, 404: { description: 'the agent has no agent profile' } },
});

/** `GET /api/agent/history/:handoffId`. */
export const readConversationHistory = apiContract({
  method: 'get', path: '/api/agent/history/:handoffId', tags: ['history'], access: READERS, params: handoffIdParams,
  summary: 'A whole conversation: its cycles (queue, agent, close reason, wrap-up, survey), internal notes and recorded actions, messages',
  responses: { 200: { description: 'the conversation', schema: conversationExportSchema }, 404: unseen },
});

/** `GET /api/agent/history/:handoffId/download`. */
export const downloadConversationHistory = apiContract({
  method: 'get', path: '/api/agent/history/:handoffId/download', tags: ['history'], access: READERS, params: handoffIdParams,
  query: z.object({
    format: z.enum(['html', 'json'], { error: 'must be html or json' }).default('html'),
    lang: z.enum(['en', 'ja', 'th', 'zh-TW'], { error: 'must be en, ja, th or zh-TW' }).optional().describe('the language of the HTML page (default: the best match of Accept-Language, else en)'),
    tz: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Tokyo').describe('the IANA time zone of the HTML page’s dates'),
  }),
  summary: 'The whole conversation as a file: one self-contained, print-ready HTML page without script (in the viewer’s language, with states, close reasons, roles and actions in words), or JSON (codes and ISO times)',
  responses: {
    200: { description: 'the file (`text/html` or `application/json`), as an attachment', contentType: 'text/html', headers: { 'Content-Disposition': 'attachment; filename="conversation-<handoffId>.<format>"' } },
    404: unseen,
  },
});

/** What the history endpoints need. */
export interface HistoryRoutesOptions {
  readonly handoff: HandoffService;
  readonly conversations: HandoffConversationRepository;
  readonly cycles: HandoffCycleRepository;
  readonly customers: CustomerRepository;
  readonly transcripts: TranscriptRepository;
  /** The transcript text index `q` searches, and the message texts it confirms a match on. */
  readonly transcriptTerms: TranscriptTermRepository;
  readonly messageTexts: TranscriptMessageTexts;
}

/**
 * Conversation history, for agents and supervisors:
 * - `GET /api/agent/history?q=&customer=&contactId=&agentId=&queueId=&lineAccountId=&from=&to=&state=&before=&limit=`
 *   — handoff cycles, open and closed, newest first; `nextBefore` of the answer is the next page's `before`;
 * - `GET /api/agent/history/:handoffId` — the whole conversation: cycles (queue, agent, close reason, wrap-up, survey),
 *   internal notes and recorded actions, messages;
 * - `GET /api/agent/history/:handoffId/download?format=html|json&lang=en|ja|th|zh-TW&tz=Asia/Tokyo` — the same as a
 *   file (HTML: one self-contained, print-ready page without script, in `lang` — else the `Accept-Language` header's
 *   best match, else English — with human-readable states, close reasons, roles and actions, and dates in `tz`, UTC by
 *   default; JSON keeps the codes and ISO times).
 * Agents see the cycles they served and those waiting in their queues; supervisors and admins every one.
 *
 * @example registerHistoryRoutes(api, { handoff, conversations, cycles, customers, transcripts, transcriptTerms, messageTexts });
 */
export function registerHistoryRoutes(api: ApiRouter, options: HistoryRoutesOptions): void {
  const { handoff, conversations, cycles, customers, transcripts, transcriptTerms, messageTexts } = options;

  const viewerOf = async (principal: Principal | undefined): Promise<HistoryViewer> => {
    const supervising: readonly Role[] = ['supervisor', 'admin'];
    if (principal?.kind !== 'user' || principal.roles.some((role) => supervising.includes(role))) return { kind: 'supervisor' };
    const profile = await handoff.profileOf(principal.userId);
    return { kind: 'agent', agentId: profile.id, queueIds: profile.queueIds };
  };

  api.route(searchConversationHistory, async ({ principal, query }) => {
    const viewer = await viewerOf(principal);
    const page = await searchHistory(
      {
        search: (filter, limit) => cycles.search(filter, limit),
        customerNames: async (ids) => new Map((await customers.getMany(ids)).map((customer) => [customer.id, customer.displayName])),
        customersOfContact: async (contactId) => (await customers.customersOfContact(contactId)).map((customer) => customer.id),
        summaries: async (ids) => new Map((ids.length === 0 ? [] : await conversations.find({ _id: { $in: [...ids] } })).map((record) => [record.id, record.summary])),
        text: textSearchSources(cycles, transcriptTerms, messageTexts),
      },
      query,
      viewer,
    );
    return { status: 200, body: page };
  });

  const exportOf = async (handoffId: string, viewer: HistoryViewer): Promise<ConversationExport> => {
    const record = await handoff.require(handoffId);
    const facts = await cycles.cyclesOf(record.id);
    if (viewer.kind === 'agent' && !facts.some((fact) => viewerSees(viewer, fact)) && !handoff.canSee(record, await handoff.profileOf(viewer.agentId))) {
      throw new HandoffActionError('not_found', 'no such conversation');
    }
    const activities: unknown[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_EXPORT_PAGES; page += 1) {
      const result = await transcripts.getTranscriptActivities(record.channelId, record.conversationId, token);
      activities.push(...result.items);
      token = result.continuationToken || undefined;
      if (!token) break;
    }
    const [customer, journal, directory, codes] = await Promise.all([customers.get(record.customerId), handoff.journalOf(record.id), handoff.directory(), handoff.wrapUpCodes.list()]);
    return buildConversationExport({
      handoffId: record.id,
      channelId: record.channelId,
      conversationId: record.conversationId,
      customer: { id: record.customerId, name: customer?.displayName },
      cycles: facts,
      journal,
      activities: activities as never,
      truncated: token !== undefined,
      queueNames: new Map(directory.queues.map((queue) => [queue.id, queue.name])),
      userNames: new Map(directory.agents.map((agent) => [agent.id, agent.displayName])),
      wrapUpLabels: new Map(codes.map((code) => [code.id, code.label])),
      at: new Date(),
    });
  };

  api.route(readConversationHistory, async ({ principal, params }) => ({ status: 200, body: await exportOf(params.handoffId, await viewerOf(principal)) }));

  api.route(downloadConversationHistory, async ({ principal, params, query, req, res }) => {
    const { format, tz: timeZone } = query;
    const language = downloadLanguage(query.lang, req.headers['accept-language']);
    const data = await exportOf(params.handoffId, await viewerOf(principal));
    const name = `conversation-${data.handoffId}.${format}`;
    const body = format === 'html' ? renderConversationHtml(data, { language, timeZone }) : JSON.stringify(data, null, 2);
    res.writeHead(200, {
      'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      // The page is opened from disk or the browser's downloads: it runs nothing and loads nothing.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'cache-control': 'no-store',
    });
    res.end(body);
    return ANSWERED;
  });
}
