/**
 * A failed call to the LINE Messaging API, with what is needed to act on it.
 *
 * `status` is `undefined` for network failures and time-outs (nothing was answered).
 */
export class LineApiError extends Error {
  /** HTTP status LINE answered, or `undefined` when no answer arrived. */
  readonly status: number | undefined;
  /** `METHOD /path` of the call. */
  readonly endpoint: string;
  /** LINE's error body (`{message, details}`) or the raw text, when there was one. */
  readonly body: unknown;
  /** Seconds LINE asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(endpoint: string, status: number | undefined, body: unknown, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(`LINE API ${endpoint} failed: ${status === undefined ? 'no response' : `HTTP ${status}`}${describeBody(body)}`, { cause: options?.cause });
    this.name = 'LineApiError';
    this.endpoint = endpoint;
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /**
   * Whether repeating the same request may succeed: rate limits, server errors and lost answers.
   * Other 4xx mean the request itself is wrong and must not be repeated.
   */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }

  /** LINE's human-readable reason, when it gave one. */
  get lineMessage(): string | undefined {
    if (this.body !== null && typeof this.body === 'object' && 'message' in this.body && typeof this.body.message === 'string') {
      return this.body.message;
    }
    return typeof this.body === 'string' && this.body !== '' ? this.body : undefined;
  }
}

function describeBody(body: unknown): string {
  if (body === undefined || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return ` ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
