/** `1:05`, `12:30`, `1:02:03` for a number of seconds. */
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

/** A time of day, or a date and time when not today. */
export function clock(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ja: 'Japanese', th: 'Thai', 'zh-TW': 'Chinese (Traditional)' };

/** `Japanese`, without the code. */
export function plainLanguageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

/** `Japanese (ja)`. */
export function languageName(code: string | undefined): string {
  if (!code) return '—';
  const name = LANGUAGE_NAMES[code];
  return name ? `${name} (${code})` : code;
}

const STATE_NAMES: Record<string, string> = { queued: 'Waiting', assigned: 'Assigned', waiting: 'Stepped away', wrapUp: 'Wrap-up', closed: 'Closed' };

export function stateName(state: string): string {
  return STATE_NAMES[state] ?? state;
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
