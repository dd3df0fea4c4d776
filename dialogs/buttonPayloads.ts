/*
 * Payloads of the bot's own buttons: what a tap sends back as the message text (LINE postback data,
 * Bot Framework messageBack text). The `cmd:` payloads of commands belong to `commandRecognizer`.
 */
import { isSupportedLanguage, type SupportedLanguage } from './language/supportedLanguage';

/** Opens the language picker. */
export const LANGUAGE_PICKER_PAYLOAD = 'lang:choose';

/** Skips the survey's comment. */
export const SKIP_COMMENT_PAYLOAD = 'survey:skip';

/** Skips the survey's rating (and so the whole survey). */
export const SKIP_RATING_PAYLOAD = 'survey:skip-rating';

const PAYLOAD_PATTERN = /^(?:cmd|topic|lang|rating|survey):[\w.-]+$/;

/**
 * Whether `text` is a button payload rather than something the customer wrote.
 *
 * @example
 * isButtonPayload('topic:delivery-status'); // true
 * isButtonPayload('Where is my parcel?'); // false
 */
export function isButtonPayload(text: string): boolean {
  return PAYLOAD_PATTERN.test(text);
}

/**
 * The payload of a self-service topic button.
 *
 * @example
 * topicPayload('delivery-status'); // 'topic:delivery-status'
 */
export function topicPayload(topicId: string): string {
  return `topic:${topicId}`;
}

/**
 * The topic id of a topic button's payload; `undefined` for anything else.
 *
 * @example
 * parseTopicPayload('topic:delivery-status'); // 'delivery-status'
 */
export function parseTopicPayload(text: string): string | undefined {
  const match = /^topic:([\w.-]+)$/.exec(text);
  return match?.[1];
}

/**
 * The payload of a language button.
 *
 * @example
 * languagePayload('zh-TW'); // 'lang:zh-TW'
 */
export function languagePayload(language: SupportedLanguage): string {
  return `lang:${language}`;
}

/**
 * The language of a language button's payload; `undefined` for anything else.
 *
 * @example
 * parseLanguagePayload('lang:ja'); // 'ja'
 */
export function parseLanguagePayload(text: string): SupportedLanguage | undefined {
  const match = /^lang:(.+)$/.exec(text);
  const code = match?.[1];
  return isSupportedLanguage(code) ? code : undefined;
}

/**
 * The payload of a survey rating button.
 *
 * @example
 * ratingPayload(4); // 'rating:4'
 */
export function ratingPayload(rating: 1 | 2 | 3 | 4 | 5): string {
  return `rating:${rating}`;
}
