import { z } from 'zod';
import { dateTimeSchema } from '../api/commonSchemas';

/** Body of `POST /api/admin/channels/line`. */
export const newLineChannelSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    channelId: z.string().trim().regex(/^\d{1,20}$/, 'must be the numeric Channel ID from the LINE Developers console'),
    channelSecret: z.string().trim().regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hexadecimal Channel secret'),
    channelAccessToken: z.string().trim().min(20).max(1000),
    defaultLanguage: z.string().trim().min(2).max(35).optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'NewLineChannel' });

/** Body of `PATCH /api/admin/channels/line/:id`; every field optional. */
export const lineChannelPatchSchema = z
  .strictObject({
    name: newLineChannelSchema.shape.name.optional(),
    channelId: newLineChannelSchema.shape.channelId.optional(),
    channelSecret: newLineChannelSchema.shape.channelSecret.optional(),
    channelAccessToken: newLineChannelSchema.shape.channelAccessToken.optional(),
    defaultLanguage: z.string().trim().min(2).max(35).optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'LineChannelPatch' });

/** A LINE channel account as operators see it: everything but its secrets. */
export const channelAccountViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    channelId: z.string().optional(),
    hasSecret: z.boolean(),
    hasAccessToken: z.boolean(),
    accessTokenLast4: z.string().optional().describe('the access token’s last four characters, for long tokens only'),
    apiBaseUrl: z.string(),
    dataApiBaseUrl: z.string(),
    defaultLanguage: z.string().describe('BCP-47, canonicalised (en, ja, zh-TW)'),
    enabled: z.boolean(),
    origin: z.enum(['environment', 'admin']).describe('`environment`: LINE_* settings, re-synced at every start; `admin`: this API'),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .meta({ id: 'LineChannelAccountView', description: 'A LINE channel account. Secrets are never returned.' });

/** An account with the callback URL to paste into the LINE Developers console. */
export const channelAccountSchema = channelAccountViewSchema
  .extend({ callbackUrl: z.string().describe('paste into the LINE Developers console as the Webhook URL') })
  .meta({ id: 'LineChannelAccount', description: 'A LINE channel account and its callback URL. Secrets are never returned.' });

/** `GET /api/admin/channels/line`. */
export const channelAccountListSchema = z.object({ items: z.array(channelAccountSchema) });

/** `POST /api/admin/channels/line`: the new account and the LINE bot its token belongs to. */
export const createdChannelAccountSchema = z.object({
  id: z.string(),
  callbackUrl: z.string(),
  account: channelAccountViewSchema,
  bot: z.object({ userId: z.string(), basicId: z.string(), displayName: z.string() }),
});

/** The `:id` of an account's routes. */
export const channelAccountParamsSchema = z.object({ id: z.string() });
