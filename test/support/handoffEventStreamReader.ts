import assert from 'node:assert/strict';
import { eventually } from './eventually';

/** An agent's or supervisor's live handoff stream (`GET /api/handoff/events`), read in the background. */
export interface HandoffEventStreamReader {
  /** Everything received so far. */
  text(): string;
  /** Resolves once `what` matches what was received; rejects after `timeoutMs` naming what never came. */
  waitFor(what: RegExp | (() => boolean), description?: string): Promise<void>;
  close(): void;
}

/**
 * Opens `GET /api/handoff/events` at `baseUrl` with a bearer token and resolves once the server has subscribed (its
 * `retry:` line arrived): from then on the stream misses no event.
 *
 * @example const stream = await openHandoffEventStream(h.url, agent.token); await stream.waitFor(/event: offer/);
 */
export async function openHandoffEventStream(baseUrl: string, token: string, timeoutMs = 5_000): Promise<HandoffEventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/handoff/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.ok(response.body);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = '';
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        received += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // Aborted by close().
    }
  })();
  const stream: HandoffEventStreamReader = {
    text: () => received,
    async waitFor(what, description) {
      const matched = typeof what === 'function' ? what : () => what.test(received);
      await eventually(() => assert.ok(matched(), `${description ?? String(what)} never arrived; the stream has: ${received}`), { timeoutMs });
    },
    close: () => controller.abort(),
  };
  await stream.waitFor(/^retry: \d+\n\n/, 'the retry line');
  return stream;
}
