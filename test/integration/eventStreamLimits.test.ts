import assert from 'node:assert/strict';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { eventually } from '../support/eventually';

/** An open `GET /api/handoff/events`, read in the background. */
interface OpenStream {
  text(): string;
  /** Whether the server ended the stream. */
  ended(): boolean;
  waitFor(condition: () => boolean, what: string): Promise<void>;
  close(): void;
}

describe('event stream limits', () => {
  let h: HandoffHarness;
  let amy: TestAgent;
  let bob: TestAgent;
  let cal: TestAgent;
  const open: OpenStream[] = [];

  async function openStream(token: string): Promise<OpenStream> {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/api/handoff/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    assert.equal(response.status, 200, await (response.status === 200 ? Promise.resolve('') : response.text()));
    assert.ok(response.body);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let received = '';
    let done = false;
    void (async () => {
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          received += decoder.decode(chunk.value, { stream: true });
        }
        done = true;
      } catch {
        // Aborted by close().
      }
    })();
    const stream: OpenStream = {
      text: () => received,
      ended: () => done,
      waitFor: (condition, what) => eventually(() => assert.ok(condition(), `${what}; the stream has: ${received}`)),
      close: () => controller.abort(),
    };
    open.push(stream);
    // The server subscribes right after writing this line: from here on the stream misses no event.
    await stream.waitFor(() => /^retry: \d+\n\n/.test(received), 'the retry line');
    return stream;
  }

  before(async () => {
    h = await HandoffHarness.start({ EVENT_STREAMS_PER_USER: '2', EVENT_STREAMS_MAX: '3' });
    amy = await h.createAgent('amy', undefined, ['supervisor']);
    bob = await h.createAgent('bob', undefined, ['supervisor']);
    cal = await h.createAgent('cal', undefined, ['supervisor']);
  });
  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });
  after(async () => h.server.close());

  it("ends a user's oldest stream when they open one more than allowed, and keeps the others", async () => {
    const first = await openStream(amy.token);
    const second = await openStream(amy.token);
    const third = await openStream(amy.token);

    await first.waitFor(() => first.ended(), 'the end of the oldest stream');
    assert.match(first.text(), /event: superseded\ndata: \{"type":"superseded"\}\n\n$/);
    h.server.app.handoffEvents.publish({ type: 'presence', agentId: amy.id, presence: 'away' });
    for (const stream of [second, third]) await stream.waitFor(() => /event: presence\n/.test(stream.text()), 'the presence event');
    assert.ok(!second.ended() && !third.ended());
  });

  it('refuses a stream past the process-wide maximum with 503 and Retry-After', async () => {
    const amyStreams = [await openStream(amy.token), await openStream(amy.token)];
    const bobStream = await openStream(bob.token);

    const controller = new AbortController();
    const refused = await fetch(`${h.url}/api/handoff/events`, { headers: { authorization: `Bearer ${cal.token}` }, signal: controller.signal });
    controller.abort();
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);

    // A stream that ends frees its place.
    bobStream.close();
    await eventually(async () => {
      const retry = new AbortController();
      const response = await fetch(`${h.url}/api/handoff/events`, { headers: { authorization: `Bearer ${cal.token}` }, signal: retry.signal });
      retry.abort();
      assert.equal(response.status, 200, 'the freed place admits another stream');
    });
    assert.ok(amyStreams.every((stream) => !stream.ended()));
  });
});
