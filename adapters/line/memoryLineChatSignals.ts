import type { KeptReplyToken, LineChatSignals } from './lineChatSignals';

/** Kept tokens per conversation beyond which the oldest are dropped: LINE's window leaves only a few useful. */
const MAX_TOKENS_PER_CONVERSATION = 20;

/**
 * {@link LineChatSignals} in this process's memory: the adapter's default, for a single instance and tests. A
 * cluster passes a store-backed implementation.
 */
export class MemoryLineChatSignals implements LineChatSignals {
  private readonly tokens = new Map<string, KeptReplyToken[]>();
  private readonly readTokens = new Map<string, string>();
  private readonly loading = new Map<string, number>();

  async keepReplyToken(conversation: string, token: KeptReplyToken): Promise<void> {
    const kept = (this.tokens.get(conversation) ?? []).filter((item) => item.token !== token.token);
    kept.push(token);
    kept.sort((a, b) => b.expiresAt - a.expiresAt);
    this.tokens.set(conversation, kept.slice(0, MAX_TOKENS_PER_CONVERSATION));
  }

  async takeReplyToken(conversation: string, now: number): Promise<KeptReplyToken | undefined> {
    const kept = (this.tokens.get(conversation) ?? []).filter((item) => item.expiresAt > now);
    const [newest, ...rest] = kept;
    if (rest.length > 0) this.tokens.set(conversation, rest);
    else this.tokens.delete(conversation);
    return newest;
  }

  async keepReadToken(conversation: string, markAsReadToken: string): Promise<void> {
    this.readTokens.set(conversation, markAsReadToken);
  }

  async takeReadToken(conversation: string): Promise<string | undefined> {
    const token = this.readTokens.get(conversation);
    this.readTokens.delete(conversation);
    return token;
  }

  async claimLoading(conversation: string, refreshAfter: number, untilMs: number): Promise<boolean> {
    const until = this.loading.get(conversation);
    if (until !== undefined && until > refreshAfter) return false;
    this.loading.set(conversation, untilMs);
    return true;
  }

  async endLoading(conversation: string): Promise<void> {
    this.loading.delete(conversation);
  }
}
