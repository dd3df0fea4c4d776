import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Role } from '../auth/roles';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffConversationRepository } from '../handoff/handoffConversationRepository';
import type { HandoffService } from '../handoff/handoffService';
import { buildConversationExport, type ConversationExport } from '../history/conversationExport';
import { isTimeZone, renderConversationHtml } from '../history/conversationHtml';
import { downloadLanguage } from '../history/exportLabels';
import { parseHistoryCursor, searchHistory, viewerSees, type HistoryViewer } from '../history/historySearch';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import type { CustomerRepository } from '../storage/customerRepository';
import type { TranscriptRepository } from '../storage/transcriptRepository';
import type { TranscriptMessageTexts } from '../storage/transcriptMessageTexts';
import type { TranscriptTermRepository } from '../storage/transcriptTermRepository';
import { sendAgentError } from './agentRoutes';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

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
  readonly authorizer: RequestAuthorizer;
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
 * @example registerHistoryRoutes(server, { handoff, conversations, cycles, customers, transcripts, transcriptTerms, messageTexts, authorizer });
 */
export function registerHistoryRoutes(server: Server, options: HistoryRoutesOptions): void {
  const { handoff, conversations, cycles, customers, transcripts, transcriptTerms, messageTexts, authorizer } = options;

  const withViewer = (handler: (req: Request, res: Response, viewer: HistoryViewer) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await authorizer.authorize(req, ['agent', 'supervisor', 'admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const principal = authorization.principal;
    try {
      const supervising: readonly Role[] = ['supervisor', 'admin'];
      let viewer: HistoryViewer = { kind: 'supervisor' };
      if (principal.kind === 'user' && !principal.roles.some((role) => supervising.includes(role))) {
        const profile = await handoff.profileOf(principal.userId);
        viewer = { kind: 'agent', agentId: profile.id, queueIds: profile.queueIds };
      }
      await handler(req, res, viewer);
    } catch (error) {
      sendAgentError(res, error);
    }
  };

  server.get('/api/agent/history', withViewer(async (req, res, viewer) => {
    const parsed = searchSchema.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return void res.send(400, { message: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`, field: issue?.path.join('.') });
    }
    const page = await searchHistory(
      {
        search: (filter, limit) => cycles.search(filter, limit),
        customerNames: async (ids) => new Map((await customers.getMany(ids)).map((customer) => [customer.id, customer.displayName])),
        customersOfContact: async (contactId) => (await customers.customersOfContact(contactId)).map((customer) => customer.id),
        summaries: async (ids) => new Map((ids.length === 0 ? [] : await conversations.find({ _id: { $in: [...ids] } })).map((record) => [record.id, record.summary])),
        text: {
          search: (filter, limit) => cycles.search(filter, limit),
          find: (filter, limit) => cycles.find(filter, limit),
          countSince: (term, since) => transcriptTerms.countSince(term, since),
          postingsSince: (term, since, limit) => transcriptTerms.postingsSince(term, since, limit),
          existing: (ids) => transcriptTerms.existing(ids),
          messageTexts: (customerId, channelId, conversationId, from, to, limit) => messageTexts.between(customerId, channelId, conversationId, from, to, limit),
        },
      },
      parsed.data,
      viewer,
    );
    res.send(200, page);
  }));

  const exportOf = async (req: Request, viewer: HistoryViewer): Promise<ConversationExport> => {
    const record = await handoff.require(String(req.params.handoffId));
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

  server.get('/api/agent/history/:handoffId', withViewer(async (req, res, viewer) => {
    res.send(200, await exportOf(req, viewer));
  }));

  server.get('/api/agent/history/:handoffId/download', withViewer(async (req, res, viewer) => {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const format = params.get('format') ?? 'html';
    if (format !== 'html' && format !== 'json') return void res.send(400, { message: 'format: must be html or json', field: 'format' });
    const timeZone = params.get('tz') || 'UTC';
    if (!isTimeZone(timeZone)) return void res.send(400, { message: 'tz: must be an IANA time zone, e.g. Asia/Tokyo', field: 'tz' });
    const language = downloadLanguage(params.get('lang') ?? undefined, req.headers['accept-language']);
    const data = await exportOf(req, viewer);
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
  }));
}
