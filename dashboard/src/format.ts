import { currentLocale, texts } from './i18n/current';
import type { TextKey } from './i18n/en';

/** `1:05`, `12:30`, `1:02:03` for a number of seconds (the same digits in every language the dashboard speaks). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Seconds from `iso` to `now` (never negative). */
export function secondsSince(iso: string | undefined, now: number): number {
  if (!iso) return 0;
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
}

/** A time of day, or a date and time when not today, as the dashboard language writes them. */
export function clock(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const today = new Date().toDateString() === at.toDateString();
  const locale = currentLocale();
  return today ? at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** A number as the dashboard language writes it (`1,234`). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), options).format(value);
}

/** A share between 0 and 1 as a percentage in the dashboard language (`87%`, `87 %`). */
export function percent(share: number): string {
  return formatNumber(share, { style: 'percent', maximumFractionDigits: 0 });
}

/**
 * How long ago (or in how long) `iso` is from `now`, in words of the dashboard language (`5 minutes ago`, `5 分前`).
 *
 * @example
 * relativeTime('2026-01-01T10:00:00Z', Date.parse('2026-01-01T10:05:00Z')) // '5 minutes ago' in English
 */
export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' });
  const size = Math.abs(seconds);
  if (size < 60) return format.format(seconds, 'second');
  if (size < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (size < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

const LANGUAGE_KEYS: Readonly<Record<string, TextKey>> = { en: 'languageEn', ja: 'languageJa', th: 'languageTh', 'zh-TW': 'languageZhTW' };

/** `Japanese`, without the code, in the dashboard language; other codes as the browser names them. */
export function plainLanguageName(code: string): string {
  const key = LANGUAGE_KEYS[code];
  const named = key ? texts()[key] : undefined;
  if (typeof named === 'string') return named;
  try {
    return new Intl.DisplayNames(currentLocale(), { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** `Japanese (ja)`. */
export function languageName(code: string | undefined): string {
  if (!code) return '—';
  const name = plainLanguageName(code);
  return name !== code ? `${name} (${code})` : code;
}

const STATE_KEYS: Readonly<Record<string, TextKey>> = { queued: 'stateQueued', assigned: 'stateAssigned', waiting: 'stateWaiting', wrapUp: 'stateWrapUp', closed: 'stateClosed' };

/** A conversation state as the dashboard language names it (`Wrap-up`); an unknown state as it is. */
export function stateName(state: string): string {
  const key = STATE_KEYS[state];
  const named = key ? texts()[key] : undefined;
  return typeof named === 'string' ? named : state;
}

const CLOSE_REASON_KEYS: Readonly<Record<string, TextKey>> = {
  agent: 'closeReasonAgent',
  customerCancelled: 'closeReasonCustomerCancelled',
  outOfHours: 'closeReasonOutOfHours',
  inactivity: 'closeReasonInactivity',
  supervisor: 'closeReasonSupervisor',
  customerLeft: 'closeReasonCustomerLeft',
  accountRemoved: 'closeReasonAccountRemoved',
};

/** Why a handoff cycle closed, as the dashboard language says it; an unknown reason as it is. */
export function closeReasonName(reason: string): string {
  const key = CLOSE_REASON_KEYS[reason];
  const named = key ? texts()[key] : undefined;
  return typeof named === 'string' ? named : reason;
}

const REASON_KEYS: Readonly<Record<string, TextKey>> = { customerAsked: 'reasonCustomerAsked', notHelpful: 'reasonNotHelpful', notUnderstood: 'reasonNotUnderstood' };

/** Why a conversation was handed to people, as the dashboard language says it; an unknown reason as it is. */
export function handoffReasonName(reason: string): string {
  const key = REASON_KEYS[reason];
  const named = key ? texts()[key] : undefined;
  return typeof named === 'string' ? named : reason;
}

/** Only HTTPS URLs are ever put into `src` or `href` (the CSP also blocks anything else for images). */
export function safeHttpsUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a comma-separated list typed in a field. */
export function listOf(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}

/** A fresh id for one message, kept across its retries so the server sends it once. */
export function newClientMessageId(): string {
  const random = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `web-${random}`;
}
