import type { Middleware, TurnContext } from 'botbuilder';

/** Where a turn's time goes: its channel, seconds, and whether the middleware or bot threw. */
export type TurnObserver = (channel: string, seconds: number, outcome: 'ok' | 'error') => void;

/**
 * Times each turn through the middleware after it and the bot logic (added first, it times them all).
 *
 * @example adapter.use(new TurnTimingMiddleware((channel, s, outcome) => histogram.observe({ channel, outcome }, s)), …);
 */
export class TurnTimingMiddleware implements Middleware {
  constructor(private readonly observe: TurnObserver) {}

  /** Runs the rest of the turn and reports its time. */
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    const channel = context.activity.channelId ?? 'unknown';
    try {
      await next();
      this.observe(channel, (performance.now() - started) / 1000, 'ok');
    } catch (error) {
      this.observe(channel, (performance.now() - started) / 1000, 'error');
      throw error;
    }
  }
}
