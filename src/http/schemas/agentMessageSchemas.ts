import { z } from 'zod';
import { MAX_FILES_PER_MESSAGE, MAX_QUICK_REPLIES, MAX_QUICK_REPLY_LABEL_LENGTH } from '../../handoff/agentMessageLimits';

/** The id of a file an agent uploaded: 32 URL-safe characters. */
const agentFileIdSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'must be the id of an uploaded file');

/** Body of `POST /api/agent/conversations/:id/messages`: text, files, a sticker, buttons, or several of them. */
export const agentMessageSchema = z
  .strictObject({
    text: z.string().max(5000).optional(),
    attachments: z
      .array(z.strictObject({ contentType: z.string().trim().min(1).max(200), contentUrl: z.url({ protocol: /^https$/ }), name: z.string().max(200).optional() }))
      .max(MAX_FILES_PER_MESSAGE)
      .optional(),
    files: z.array(agentFileIdSchema).max(MAX_FILES_PER_MESSAGE).optional().describe('ids of files uploaded for this conversation (`POST …/uploads`); LINE gets JPEG/PNG pictures as images (with their preview), anything else as a link'),
    clientMessageId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1 to 100 letters, digits, dots, colons, hyphens or underscores')
      .optional()
      .describe('chosen by the screen; sending again with the same id delivers nothing new (answer 200, `duplicate: true`)'),
    sticker: z
      .strictObject({ packageId: z.string().regex(/^\d{1,12}$/), stickerId: z.string().regex(/^\d{1,12}$/) })
      .optional()
      .describe('a sticker from the packages every LINE bot may send (`GET /api/agent/stickers`); other channels get its picture'),
    quickReplies: z
      .array(z.string().trim().min(1).max(MAX_QUICK_REPLY_LABEL_LENGTH))
      .max(MAX_QUICK_REPLIES)
      .optional()
      .describe('buttons under the message (LINE quick replies, suggested actions elsewhere); a tap comes back as the button’s text'),
  })
  .meta({ id: 'AgentMessage', description: 'A message to the customer: text, files, a sticker, buttons, or several of them.' });

/** What sending a message answers. */
export const agentMessageSentSchema = z
  .object({
    messageId: z.string().describe('the clientMessageId, or one chosen by the server'),
    duplicate: z.boolean().describe('true when this id was delivered before and nothing was sent now'),
  })
  .meta({ id: 'AgentMessageSent' });

/** `GET …/file-sending`: whether the serving agent may send files now, and how large. */
export const fileSendingSchema = z.object({ allowed: z.boolean(), reason: z.string().optional().describe('why not'), maxBytes: z.number().int() });

/** A file an agent uploaded, as the agent's screen needs it. */
export const uploadedFileSchema = z
  .object({
    id: z.string().describe('name it in `files` of a message'),
    contentType: z.string(),
    name: z.string().optional().describe('the file name given in `X-File-Name`'),
    size: z.number().int(),
    url: z.string().describe('its public address (LINE fetches it without credentials)'),
    previewUrl: z.string().optional().describe('the preview LINE shows, once uploaded'),
  })
  .meta({ id: 'AgentFile', description: 'A file an agent uploaded, served to anyone holding its unguessable address (LINE fetches it without credentials).' });

/** Path of the preview upload. */
export const uploadPreviewParamsSchema = z.object({ id: z.string().describe('the handoff id'), fileId: z.string() });

/** `GET /api/agent/stickers`: the packages every LINE bot may send, with their stickers' pictures. */
export const stickerPackagesSchema = z.object({
  packages: z.array(
    z.object({
      packageId: z.string(),
      name: z.string(),
      stickerIds: z.array(z.string()),
      stickers: z.array(z.object({ stickerId: z.string(), imageUrl: z.string().describe('on LINE’s sticker CDN (https)') })),
    }),
  ),
});
