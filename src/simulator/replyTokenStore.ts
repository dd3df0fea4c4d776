import { newReplyToken } from './lineIds.js';

/**
 * Reply tokens as LINE handles them: issued per webhook event for one chat, usable once, and only for a limited time.
 *
 * @example
 * const tokens = new ReplyTokenStore(60_000, Date.now);
 * const token = tokens.issue('U4af4980629');
 * tokens.consume(token); // 'U4af4980629'
 * tokens.consume(token); // undefined: already used
 */
export class ReplyTokenStore {
  private readonly tokens = new Map<string, { readonly chatId: string; readonly issuedAt: number }>();

  /** Creates a store whose tokens expire `ttlMs` after issue, by the given clock. */
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Issues a fresh token for a chat. */
  issue(chatId: string): string {
    const now = this.now();
    // Tokens are issued in time order, so the expired ones are at the front of the map.
    for (const [token, issued] of this.tokens) {
      if (now - issued.issuedAt <= this.ttlMs) break;
      this.tokens.delete(token);
    }
    const token = newReplyToken();
    this.tokens.set(token, { chatId, issuedAt: now });
    return token;
  }

  /** Whether the token was issued, is unused and has not expired. */
  isValid(token: string): boolean {
    const issued = this.tokens.get(token);
    return issued !== undefined && this.now() - issued.issuedAt <= this.ttlMs;
  }

  /** Uses a valid token up and returns its chat id; `undefined` for an unknown, used or expired token. */
  consume(token: string): string | undefined {
    const valid = this.isValid(token);
    const issued = this.tokens.get(token);
    this.tokens.delete(token);
    return valid ? issued?.chatId : undefined;
  }

  /** Forgets every token. */
  clear(): void {
    this.tokens.clear();
  }
}
