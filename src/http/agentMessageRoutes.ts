import type { Request } from 'restify';
import { LINE_BOT_STICKER_PACKAGES, lineStickerImageUrl } from '../../adapters/line/lineStickers';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffService } from '../handoff/handoffService';
import type { AgentFile } from '../attachments/agentFileRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { AGENT_ACCESS, AGENT_TAGS, CONVERSATION_NOT_VISIBLE, agentIdOf, visibleConversation, withoutUndefined } from './agentAccess';
import { agentMessageSchema, agentMessageSentSchema, fileSendingSchema, stickerPackagesSchema, uploadPreviewParamsSchema, uploadedFileSchema } from './schemas/agentMessageSchemas';
import { cannedResponseListSchema, cannedResponseQuerySchema, handoffIdParamsSchema, searchQuerySchema } from './schemas/handoffSchemas';

const onConversation = { access: AGENT_ACCESS, tags: AGENT_TAGS, params: handoffIdParamsSchema } as const;
const notServing = { description: 'the conversation is not assigned to me' };

/** `POST /api/agent/conversations/:id/messages`. */
export const sendMessage = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/messages',
  summary: 'Write to the customer through the conversation’s channel (LINE: by the reply token of the customer’s last unanswered message while it lasts, free; else push). Idempotent with `clientMessageId`: a repeat sends nothing',
  body: agentMessageSchema,
  responses: {
    200: { description: 'a repeat of a delivered clientMessageId: nothing sent', schema: agentMessageSentSchema },
    201: { description: 'sent', schema: agentMessageSentSchema },
    400: { description: 'invalid field, or neither text nor an attachment' },
    403: { description: 'ADMIN_API_KEY was presented, or the workstream does not let agents send files' },
    404: CONVERSATION_NOT_VISIBLE,
    409: { description: 'the conversation is not assigned to me (only the serving agent writes; e.g. queued in my queue, waiting, wrapUp)' },
    410: { description: 'the conversation’s LINE account was deleted or disabled; the conversation is closed' },
    502: { description: 'the channel did not take the message; sending again is safe' },
  },
});

/** `GET /api/agent/conversations/:id/file-sending`. */
export const readFileSending = apiContract({
  ...onConversation, method: 'get', path: '/api/agent/conversations/:id/file-sending',
  summary: 'Whether I may send files in a conversation I serve now (the workstream allows it; for LINE, PUBLIC_URL is HTTPS), and the largest file',
  responses: { 200: { description: 'the answer', schema: fileSendingSchema }, 404: CONVERSATION_NOT_VISIBLE, 409: notServing },
});

const binary = (description: string) => ({ raw: true as const, contentTypes: ['*/*'], description });

/** `POST /api/agent/conversations/:id/uploads`. */
export const uploadFile = apiContract({
  ...onConversation, method: 'post', path: '/api/agent/conversations/:id/uploads',
  summary: 'Upload a file to send in a conversation I serve: the raw bytes as the body, their type as `Content-Type` (a generic type is read from the name’s extension), the name percent-encoded in `X-File-Name`. Pictures must be what they claim; HTML, SVG and executables are refused',
  body: binary('the file’s bytes'),
  responses: {
    201: { description: 'kept', schema: uploadedFileSchema },
    400: { description: 'the bytes are not of the declared picture type, or `X-File-Name` is not percent-encoded UTF-8' },
    403: { description: 'ADMIN_API_KEY was presented, or the workstream does not let agents send files' },
    404: CONVERSATION_NOT_VISIBLE,
    409: { description: 'the conversation is not assigned to me, or LINE cannot fetch files from this server (PUBLIC_URL is not HTTPS)' },
    413: { description: 'larger than the largest file (`maxBytes` of `…/file-sending`)' },
    415: { description: 'a type that is not kept' },
  },
});

/** `PUT /api/agent/conversations/:id/uploads/:fileId/preview`. */
export const uploadPreview = apiContract({
  method: 'put', path: '/api/agent/conversations/:id/uploads/:fileId/preview', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'Give an uploaded JPEG/PNG picture the preview LINE shows in the chat (a JPEG or PNG of at most 1 MB; needed for pictures over 1 MB)',
  params: uploadPreviewParamsSchema,
  body: binary('the preview’s bytes (JPEG or PNG)'),
  responses: {
    200: { description: 'kept', schema: uploadedFileSchema },
    400: { description: 'the file is no JPEG/PNG picture, or the preview is not one' },
    404: { description: 'no such conversation or file' },
    413: { description: 'the preview is larger than 1 MB' },
  },
});

/** `GET /api/agent/stickers`. */
export const listStickers = apiContract({
  method: 'get', path: '/api/agent/stickers', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'The sticker packages every LINE bot may send, with each sticker’s picture on LINE’s sticker CDN',
  responses: { 200: { description: 'packages', schema: stickerPackagesSchema }, 404: { description: 'the user has no agent profile' } },
});

/** `GET /api/agent/conversations/:id/canned-responses`. */
export const cannedResponsesForConversation = apiContract({
  ...onConversation, method: 'get', path: '/api/agent/conversations/:id/canned-responses',
  summary: 'Canned responses for this conversation: in the customer’s language (or in none), matching every word of `q`, with `{CustomerName}`, `{AgentName}` and `{QueueName}` filled in (`template` keeps the text as written)',
  query: searchQuerySchema,
  responses: { 200: { description: 'matching responses', schema: cannedResponseListSchema }, 404: CONVERSATION_NOT_VISIBLE },
});

/** `GET /api/agent/canned-responses`. */
export const searchCannedResponses = apiContract({
  method: 'get', path: '/api/agent/canned-responses', tags: AGENT_TAGS, access: AGENT_ACCESS,
  summary: 'Canned responses whose title, text or tags contain every word of `q` (`#tag` works too), for `language` (responses without a language always match)',
  query: cannedResponseQuerySchema,
  responses: { 200: { description: 'matching responses', schema: cannedResponseListSchema }, 404: { description: 'the user has no agent profile' } },
});

/**
 * What an agent sends: messages (text, files, a sticker, quick replies; idempotent by `clientMessageId`), file
 * uploads and their previews, and the stickers and canned responses to choose from.
 *
 * @example registerAgentMessageRoutes(api, handoff);
 */
export function registerAgentMessageRoutes(api: ApiRouter, handoff: HandoffService): void {
  api.route(sendMessage, async ({ userId, params, body }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    const sent = await handoff.sendAgentMessage(params.id, agentId, withoutUndefined(body));
    return sent.duplicate ? { status: 200, body: sent } : { status: 201, body: sent };
  });

  api.route(readFileSending, async ({ userId, params }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    return { status: 200, body: await handoff.fileSendingFor(params.id, agentId) };
  });

  api.route(uploadFile, async ({ userId, params, req }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    const file = await handoff.uploadAgentFile(params.id, agentId, { contentType: req.headers['content-type'] ?? '', ...fileNameOf(req), content: req });
    return { status: 201, body: uploadedFile(file, handoff) };
  });

  api.route(uploadPreview, async ({ userId, params, req }) => {
    const agentId = agentIdOf(userId);
    await visibleConversation(handoff, params.id, agentId);
    const file = await handoff.storeAgentFilePreview(params.id, agentId, params.fileId, req.headers['content-type'] ?? '', req);
    return { status: 200, body: uploadedFile(file, handoff) };
  });

  api.route(listStickers, async ({ userId }) => {
    await handoff.profileOf(agentIdOf(userId));
    return { status: 200, body: { packages: LINE_BOT_STICKER_PACKAGES.map((item) => ({ ...item, stickers: item.stickerIds.map((stickerId) => ({ stickerId, imageUrl: lineStickerImageUrl(stickerId) })) })) } };
  });

  api.route(cannedResponsesForConversation, async ({ userId, params, query }) => {
    const agentId = agentIdOf(userId);
    const conversation = await visibleConversation(handoff, params.id, agentId);
    const words = searchWords(query.q);
    return { status: 200, body: { items: (await handoff.cannedResponsesFor(conversation, agentId)).filter((item) => matchesWords(item, words)) } };
  });

  api.route(searchCannedResponses, async ({ userId, query }) => {
    await handoff.profileOf(agentIdOf(userId));
    const { language } = query;
    const words = searchWords(query.q);
    const items = (await handoff.cannedResponses()).filter((item) => !(language && item.language !== undefined && item.language !== language) && matchesWords(item, words));
    return { status: 200, body: { items } };
  });
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

/** The words of a search's `q` (lower case; `#tag` counts as `tag`). */
function searchWords(q: string | undefined): string[] {
  return (q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).map((word) => word.replace(/^#/, ''));
}

/** Whether a canned response's title, text or tags hold every word. */
function matchesWords(item: { readonly title: string; readonly text: string; readonly tags: readonly string[] }, words: readonly string[]): boolean {
  const haystack = `${item.title}\n${item.text}\n${item.tags.join(' ')}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}
