import type { Activity } from 'botbuilder';
import { LINE_BOT_STICKER_PACKAGES, lineStickerImageUrl } from '../../adapters/line/lineStickers';
import { labelTappedButtons } from '../transcript/tappedButtonLabels';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Role } from '../auth/roles';
import type { AgentContactAccess } from '../handoff/agentContactAccess';
import { MAX_FILES_PER_MESSAGE } from '../handoff/agentFileSending';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffService } from '../handoff/handoffService';
import { ContactExternalIdTakenError, ContactNotFoundError, CustomerAlreadyLinkedError, CustomerNotFoundError, CustomerValidationError, type CustomerRepository } from '../storage/customerRepository';
import { AgentFilePreviewError, type AgentFile } from '../storage/agentFileRepository';
import { AttachmentContentMismatchError } from '../storage/attachmentContentRules';
import { AttachmentTypeNotAllowedError, type AttachmentRepository } from '../storage/attachmentRepository';
import { BlobTooLargeError } from '../storage/engine/documentStore';
import type { TranscriptRepository } from '../storage/transcriptRepository';
import type { HandoffCycleRepository } from '../reports/handoffCycleRepository';
import { sendCustomerMedia } from './customerMediaResponse';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Who may use the agent endpoints: anyone who logs in; an agent profile decides whether they take conversations. */
const AGENT_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

/** Transcript pages an agent's view gathers at most (twenty activities a page). */
const MAX_TRANSCRIPT_PAGES = 50;

const presenceSchema = z.strictObject({ presence: z.enum(['available', 'busy', 'away', 'offline']) });
const transferSchema = z.strictObject({
  queueId: z.string().trim().min(1).max(63).optional(),
  agentId: z.string().trim().min(1).max(128).optional(),
  note: z.string().max(2000).optional(),
});
const messageSchema = z.strictObject({
  text: z.string().max(5000).optional(),
  attachments: z
    .array(z.strictObject({ contentType: z.string().trim().min(1).max(200), contentUrl: z.url({ protocol: /^https$/ }), name: z.string().max(200).optional() }))
    .max(MAX_FILES_PER_MESSAGE)
    .optional(),
  files: z.array(z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'must be the id of an uploaded file')).max(MAX_FILES_PER_MESSAGE).optional(),
  clientMessageId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1 to 100 letters, digits, dots, colons, hyphens or underscores').optional(),
  sticker: z.strictObject({ packageId: z.string().regex(/^\d{1,12}$/), stickerId: z.string().regex(/^\d{1,12}$/) }).optional(),
  // LINE's limits: at most 13 quick-reply buttons, labels of at most 20 characters.
  quickReplies: z.array(z.string().trim().min(1).max(20)).max(13).optional(),
});
const contactSchema = z.union([
  z.strictObject({ contactId: z.string().trim().min(1).max(100) }),
  z.strictObject({
    create: z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      email: z.string().trim().max(320).optional(),
      phone: z.string().trim().max(50).optional(),
      externalId: z.string().trim().max(200).optional(),
      notes: z.string().max(5000).optional(),
    }),
  }),
]);

/** What the agent endpoints need. */
export interface AgentRoutesOptions {
  readonly handoff: HandoffService;
  /** Media customers sent, kept on the server. */
  readonly attachments: AttachmentRepository;
  readonly transcripts: TranscriptRepository;
  readonly customers: CustomerRepository;
  /** Which contacts and linked customers' conversations each agent may read. */
  readonly contactAccess: AgentContactAccess;
  readonly authorizer: RequestAuthorizer;
  /** Each handoff cycle's facts: "past conversations" lists every cycle of a conversation separately. */
  readonly cycles?: Pick<HandoffCycleRepository, 'cyclesOf'>;
}

/**
 * The agent API, for logged-in users with an agent profile (`Authorization: Bearer <login token>`):
 * - `GET/PUT /api/agent/presence` — presence (`available`, `busy`, `away`, `offline`), capacity and load;
 * - `GET /api/agent/conversations` — offered to me, mine, waiting in my queues; `GET …/:id` one of them;
 * - `POST …/:id/accept|decline|close|wait|transfer|read`, `POST …/:id/messages`, `GET …/:id/transcript`,
 *   `POST …/:id/contact`, `GET …/:id/attachments/:messageId` (media the customer sent, kept on the server);
 * - files for the customer: `GET …/:id/file-sending` (may I, and how large), `POST …/:id/uploads` (raw body, its
 *   `Content-Type`, the name percent-encoded in `X-File-Name`; 201 with the file's id and public address),
 *   `PUT …/:id/uploads/:fileId/preview` (the smaller picture LINE shows), then `POST …/:id/messages` `{ files: [id] }`;
 * - `GET /api/agent/directory` (queues and agents, for transfers), `GET /api/agent/contacts?q=`, `GET …/contacts/:id`;
 * - `GET /api/agent/canned-responses?q=&language=` (words or `#tag`), `GET …/conversations/:id/history` (the customer's
 *   conversations, on every channel their contact ties together, each with its handoff cycles latest first).
 * An agent sees only conversations offered or assigned to them or waiting in their queues (404 otherwise, so ids of
 * others' conversations are not confirmed), and contacts only through the customers of those conversations unless
 * their roles read every contact (see {@link AgentContactAccess}). Refusals: 400 naming the field, 403, 404, 409 when
 * the state does not allow the action now.
 *
 * @example registerAgentRoutes(server, { handoff, transcripts, customers, contactAccess, attachments, authorizer });
 */
export function registerAgentRoutes(server: Server, options: AgentRoutesOptions): void {
  const { handoff, transcripts, customers, contactAccess, attachments, authorizer, cycles } = options;

  const asAgent = (handler: (req: Request, res: Response, agentId: string, roles: readonly Role[]) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await authorizer.authorize(req, AGENT_ROLES);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    if (authorization.principal.kind !== 'user') return void res.send(403, { message: 'the agent API acts for a logged-in user; log in with /api/auth/login' });
    try {
      await handler(req, res, authorization.principal.userId, authorization.principal.roles);
    } catch (error) {
      sendAgentError(res, error);
    }
  };

  /** The conversation, when this agent may see it; 404 otherwise. */
  const visible = async (req: Request, agentId: string) => {
    const conversation = await handoff.require(String(req.params.id));
    const profile = await handoff.profileOf(agentId);
    if (!handoff.canSee(conversation, profile)) throw new HandoffActionError('not_found', 'no such conversation');
    return conversation;
  };

  server.get('/api/agent/presence', asAgent(async (_req, res, agentId) => {
    res.send(200, await handoff.presenceOf(agentId));
  }));

  server.put('/api/agent/presence', asAgent(async (req, res, agentId) => {
    const body = await readValidJson(req, res, presenceSchema);
    if (!body) return;
    res.send(200, await handoff.setPresence(agentId, body.presence));
  }));

  server.get('/api/agent/conversations', asAgent(async (_req, res, agentId) => {
    res.send(200, { items: await handoff.listForAgent(agentId) });
  }));

  server.get('/api/agent/conversations/:id', asAgent(async (req, res, agentId) => {
    res.send(200, await handoff.view(await visible(req, agentId)));
  }));

  server.post('/api/agent/conversations/:id/accept', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    res.send(200, await handoff.accept(String(req.params.id), agentId));
  }));

  server.post('/api/agent/conversations/:id/decline', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    res.send(200, await handoff.decline(String(req.params.id), agentId));
  }));

  server.post('/api/agent/conversations/:id/close', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    res.send(200, await handoff.close(String(req.params.id), { kind: 'agent', userId: agentId }));
  }));

  server.post('/api/agent/conversations/:id/wait', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    res.send(200, await handoff.wait(String(req.params.id), agentId));
  }));

  server.post('/api/agent/conversations/:id/transfer', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    const body = await readValidJson(req, res, transferSchema);
    if (!body) return;
    res.send(200, await handoff.transfer(String(req.params.id), { kind: 'agent', userId: agentId }, withoutUndefined(body)));
  }));

  server.post('/api/agent/conversations/:id/messages', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    const body = await readValidJson(req, res, messageSchema);
    if (!body) return;
    const sent = await handoff.sendAgentMessage(String(req.params.id), agentId, withoutUndefined(body));
    res.send(sent.duplicate ? 200 : 201, sent);
  }));

  server.post('/api/agent/conversations/:id/typing', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    await handoff.agentTyping(String(req.params.id), agentId);
    res.send(204);
  }));

  server.get('/api/agent/conversations/:id/canned-responses', asAgent(async (req, res, agentId) => {
    const conversation = await visible(req, agentId);
    const words = searchWords(req);
    const items = (await handoff.cannedResponsesFor(conversation, agentId)).filter((item) => matchesWords(item, words));
    res.send(200, { items });
  }));

  server.get('/api/agent/stickers', asAgent(async (_req, res, agentId) => {
    await handoff.profileOf(agentId);
    res.send(200, {
      packages: LINE_BOT_STICKER_PACKAGES.map((item) => ({ ...item, stickers: item.stickerIds.map((stickerId) => ({ stickerId, imageUrl: lineStickerImageUrl(stickerId) })) })),
    });
  }));

  server.get('/api/agent/conversations/:id/file-sending', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    res.send(200, await handoff.fileSendingFor(String(req.params.id), agentId));
  }));

  server.post('/api/agent/conversations/:id/uploads', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    const file = await handoff.uploadAgentFile(String(req.params.id), agentId, {
      contentType: req.headers['content-type'] ?? '',
      ...fileNameOf(req),
      content: req,
    });
    res.send(201, uploadedFile(file, handoff));
  }));

  server.put('/api/agent/conversations/:id/uploads/:fileId/preview', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    const file = await handoff.storeAgentFilePreview(String(req.params.id), agentId, String(req.params.fileId), req.headers['content-type'] ?? '', req);
    res.send(200, uploadedFile(file, handoff));
  }));

  server.post('/api/agent/conversations/:id/read', asAgent(async (req, res, agentId) => {
    await visible(req, agentId);
    await handoff.markRead(String(req.params.id), agentId);
    res.send(204);
  }));

  server.get('/api/agent/conversations/:id/transcript', asAgent(async (req, res, agentId) => {
    const conversation = await visible(req, agentId);
    const items: unknown[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page += 1) {
      const result = await transcripts.getTranscriptActivities(conversation.channelId, conversation.conversationId, token);
      items.push(...result.items);
      token = result.continuationToken || undefined;
      if (!token) break;
    }
    if (conversation.agentId === agentId) await handoff.markRead(conversation.id, agentId);
    const marks = await handoff.deliveryMarks.of(conversation.id);
    const labelled = labelTappedButtons(items as Activity[]).map((item) => {
      const via = item.id === undefined ? undefined : marks.get(item.id);
      return via === undefined ? item : { ...item, delivery: via };
    });
    res.send(200, { items: labelled, truncated: token !== undefined, delivery: await handoff.deliveryMarks.totals(conversation.id) });
  }));

  server.post('/api/agent/conversations/:id/contact', asAgent(async (req, res, agentId, roles) => {
    const conversation = await visible(req, agentId);
    // Linking is part of serving the customer: a conversation merely waiting in the agent's queue is not theirs yet.
    if (conversation.agentId !== agentId) throw new HandoffActionError('forbidden', 'only the agent serving the customer links their contact');
    const body = await readValidJson(req, res, contactSchema);
    if (!body) return;
    if ('contactId' in body) {
      // Only to a contact the agent may read already: the link would otherwise make a stranger's contact theirs.
      const contact = await contactAccess.read({ profile: await handoff.profileOf(agentId), roles }, body.contactId);
      if (!contact) throw new HandoffActionError('not_found', 'no such contact');
      await customers.linkContact(conversation.customerId, contact.id);
      res.send(200, { customerId: conversation.customerId, contact: await customers.getContact(contact.id) });
    } else {
      const contact = await customers.createContactFromCustomer(conversation.customerId, withoutUndefined(body.create));
      res.send(201, { customerId: conversation.customerId, contact });
    }
  }));

  server.get('/api/agent/directory', asAgent(async (_req, res, agentId) => {
    await handoff.profileOf(agentId);
    res.send(200, await handoff.directory());
  }));

  server.get('/api/agent/conversations/:id/attachments/:messageId', asAgent(async (req, res, agentId) => {
    const conversation = await visible(req, agentId);
    await sendCustomerMedia(res, attachments, conversation, String(req.params.messageId));
  }));

  server.get('/api/agent/canned-responses', asAgent(async (req, res, agentId) => {
    await handoff.profileOf(agentId);
    const language = new URL(req.url ?? '/', 'http://localhost').searchParams.get('language');
    const words = searchWords(req);
    const items = (await handoff.cannedResponses()).filter((item) => !(language && item.language !== undefined && item.language !== language) && matchesWords(item, words));
    res.send(200, { items });
  }));

  server.get('/api/agent/conversations/:id/history', asAgent(async (req, res, agentId, roles) => {
    const conversation = await visible(req, agentId);
    // The same person on other channels or accounts, when a contact ties their customer records together.
    const related = await contactAccess.historyCustomerIds({ profile: await handoff.profileOf(agentId), roles }, conversation);
    const records = (await Promise.all(related.map((customerId) => transcripts.listConversationsOfCustomer(customerId, { limit: 20 })))).flat();
    records.sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
    const items = await Promise.all(
      records.slice(0, 20).map(async (record) => {
        const handoffRecord = await handoff.recordOf(record.channelId, record.conversationId);
        const facts = handoffRecord && cycles ? await cycles.cyclesOf(handoffRecord.id) : [];
        return {
          ...record,
          current: record.channelId === conversation.channelId && record.conversationId === conversation.conversationId,
          handoff: handoffRecord ? { id: handoffRecord.id, state: handoffRecord.state, cycles: handoffRecord.cycle, lastAgentId: handoffRecord.lastAgentId, closedAt: handoffRecord.closedAt, closeReason: handoffRecord.closeReason, cycleList: facts.map((fact) => ({ cycle: fact.cycle, state: fact.state, requestedAt: fact.requestedAt, closedAt: fact.closedAt, closeReason: fact.closeReason, agentId: fact.agentId, queueId: fact.queueId, wrapUpCode: fact.wrapUpCode, rating: fact.rating })).reverse() } : undefined,
        };
      }),
    );
    res.send(200, { items });
  }));

  server.get('/api/agent/contacts/:contactId', asAgent(async (req, res, agentId, roles) => {
    const contact = await contactAccess.read({ profile: await handoff.profileOf(agentId), roles }, String(req.params.contactId));
    if (!contact) throw new HandoffActionError('not_found', 'no such contact');
    res.send(200, contact);
  }));

  server.get('/api/agent/contacts', asAgent(async (req, res, agentId, roles) => {
    const profile = await handoff.profileOf(agentId);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? '';
    res.send(200, { items: await contactAccess.search({ profile, roles }, query, 20) });
  }));
}

/**
 * Answers an error of the handoff or customer layers; anything else is rethrown for restify to report as 500.
 *
 * @example try { … } catch (error) { sendAgentError(res, error); }
 */
export function sendAgentError(res: Response, error: unknown): void {
  if (error instanceof HandoffActionError) {
    res.send(error.status, { message: error.message, code: error.code });
  } else if (error instanceof AttachmentTypeNotAllowedError) {
    res.send(415, { message: `${error.message}: send a picture, video, sound, PDF, Office document, text or ZIP file`, code: error.code });
  } else if (error instanceof AttachmentContentMismatchError || error instanceof AgentFilePreviewError) {
    res.send(400, { message: error.message, code: error.code });
  } else if (error instanceof BlobTooLargeError) {
    res.send(413, { message: `the file is larger than ${error.maxBytes} bytes`, code: error.code });
  } else if (error instanceof CustomerValidationError) {
    res.send(400, { message: error.message, field: error.field });
  } else if (error instanceof ContactNotFoundError || error instanceof CustomerNotFoundError) {
    res.send(404, { message: error.message });
  } else if (error instanceof CustomerAlreadyLinkedError || error instanceof ContactExternalIdTakenError) {
    res.send(409, { message: error.message });
  } else {
    throw error;
  }
}

/** The `X-File-Name` header, percent-encoded by the client (header values are Latin-1; names are in any script). */
function fileNameOf(req: Request): { fileName?: string } {
  const header = req.headers['x-file-name'];
  if (typeof header !== 'string' || header === '') return {};
  try {
    return { fileName: decodeURIComponent(header) };
  } catch {
    throw new HandoffActionError('invalid', 'X-File-Name must be percent-encoded UTF-8');
  }
}

/** An uploaded file as the agent's screen needs it: what to name in a message, and where it can be seen. */
function uploadedFile(file: AgentFile, handoff: HandoffService) {
  return {
    id: file.id,
    contentType: file.contentType,
    name: file.fileName,
    size: file.size,
    url: handoff.agentFileUrl(file.id),
    previewUrl: file.preview ? handoff.agentFileUrl(file.id, 'preview') : undefined,
  };
}

/** zod leaves optional keys present with `undefined`; the handoff's types say "absent". */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** The words of a search's `q` (lower case; `#tag` counts as `tag`). */
function searchWords(req: Request): string[] {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  return (query.get('q') ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).map((word) => word.replace(/^#/, ''));
}

/** Whether a canned response's title, text or tags hold every word. */
function matchesWords(item: { readonly title: string; readonly text: string; readonly tags: readonly string[] }, words: readonly string[]): boolean {
  const haystack = `${item.title}\n${item.text}\n${item.tags.join(' ')}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}
