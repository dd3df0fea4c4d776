import { z } from 'zod';
import { LINE_ACCOUNT_ID_PATTERN } from '../../adapters/line/lineAccount.js';

/** LINE's Messaging API, unless an account names another. */
export const DEFAULT_API_BASE_URL = 'https://api.line.me';

/** LINE's content (data) API, unless an account names another. */
export const DEFAULT_DATA_API_BASE_URL = 'https://api-data.line.me';

/** An http(s) URL without trailing slashes. */
export const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .transform((value) => value.replace(/\/+$/, ''));

/** A BCP-47 language tag, canonicalised (`EN-us` → `en-US`). */
export const languageTag = z
  .string()
  .trim()
  .min(1)
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical !== undefined) return canonical;
    } catch {
      // Reported below as an invalid tag.
    }
    ctx.addIssue({ code: 'custom', message: 'must be a BCP-47 language tag such as en, ja or zh-TW' });
    return z.NEVER;
  });

/** A channel secret or access token: trimmed, not empty. */
export const secret = z.string().trim().min(1, 'must not be empty').max(4096);

/** Validation of each account field. */
export const fieldSchemas = {
  id: z.string().regex(LINE_ACCOUNT_ID_PATTERN, 'must be 1–63 lower-case letters, digits or dashes, starting with a letter or digit'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  channelId: z.string().trim().min(1, 'must not be empty').max(64),
  channelSecret: secret,
  channelAccessToken: secret,
  apiBaseUrl: httpUrl,
  dataApiBaseUrl: httpUrl,
  defaultLanguage: languageTag,
  enabled: z.boolean(),
};

/** Validation of a {@link NewChannelAccount}, with its defaults. */
export const newAccountSchema = z.object({
  id: fieldSchemas.id.optional(),
  name: fieldSchemas.name,
  channelId: fieldSchemas.channelId.optional(),
  channelSecret: fieldSchemas.channelSecret.optional(),
  channelAccessToken: fieldSchemas.channelAccessToken.optional(),
  apiBaseUrl: fieldSchemas.apiBaseUrl.default(DEFAULT_API_BASE_URL),
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl.default(DEFAULT_DATA_API_BASE_URL),
  defaultLanguage: fieldSchemas.defaultLanguage.default('en'),
  enabled: fieldSchemas.enabled.default(true),
});

/** Validation of a {@link ChannelAccountPatch}. */
export const patchSchema = z.object({
  name: fieldSchemas.name.optional(),
  channelId: fieldSchemas.channelId.nullable().optional(),
  channelSecret: fieldSchemas.channelSecret.optional(),
  channelAccessToken: fieldSchemas.channelAccessToken.optional(),
  apiBaseUrl: fieldSchemas.apiBaseUrl.optional(),
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl.optional(),
  defaultLanguage: fieldSchemas.defaultLanguage.optional(),
  enabled: fieldSchemas.enabled.optional(),
});

/** Validation of the account the `LINE_*` environment describes. */
export const environmentAccountSchema = z.object({
  id: fieldSchemas.id,
  name: fieldSchemas.name,
  channelId: fieldSchemas.channelId.optional(),
  channelSecret: fieldSchemas.channelSecret,
  channelAccessToken: fieldSchemas.channelAccessToken,
  apiBaseUrl: fieldSchemas.apiBaseUrl,
  dataApiBaseUrl: fieldSchemas.dataApiBaseUrl,
});
