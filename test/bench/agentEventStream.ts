import { performance } from 'node:perf_hooks';

/** One Server-Sent Event of the handoff stream, with when this process read it (`performance.now()`). */
export interface StreamedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly receivedAt: number;
}

/**
 * An agent's live handoff stream (`GET /api/handoff/events`), read with `fetch` as the agent's screen reads it. Every
 * event is handed to the listener as soon as its frame is complete; events of one network chunk share its time.
 *
 * @example
 * const stream = await AgentEventStream.open(url, agent.token, (event) => console.log(event.type));
 * await stream.close();
 */
export class AgentEventStream {
  private constructor(
    private readonly controller: AbortController,
    /** Resolves when reading stops: to the error that stopped it, or `undefined` when it ended or was closed. */
    private readonly reading: Promise<unknown>,
  ) {}

  /** Connects and starts reading; resolves once the server answered 200 (so later events are not missed). */
  static async open(baseUrl: string, token: string, listener: (event: StreamedEvent) => void): Promise<AgentEventStream> {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/api/handoff/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    if (response.status !== 200 || !response.body) throw new Error(`the handoff event stream answered ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const reading = (async () => {
      let buffered = '';
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        const receivedAt = performance.now();
        buffered += decoder.decode(chunk.value, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const event = parseFrame(buffered.slice(0, end), receivedAt);
          buffered = buffered.slice(end + 2);
          if (event) listener(event);
          end = buffered.indexOf('\n\n');
        }
      }
    })().then(
      () => undefined,
      // Closing the stream aborts the read; anything else is a real failure, kept for close() to report.
      (error: unknown) => (controller.signal.aborted ? undefined : error),
    );
    return new AgentEventStream(controller, reading);
  }

  /** Disconnects; rejects when the stream had failed before. */
  async close(): Promise<void> {
    this.controller.abort();
    const failure = await this.reading;
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  }
}

/** An `event:` + `data:` frame; comments (heartbeats) and `retry:` lines give none. */
function parseFrame(frame: string, receivedAt: number): StreamedEvent | undefined {
  let type: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (type === undefined || data.length === 0) return undefined;
  return { type, data: JSON.parse(data.join('\n')) as unknown, receivedAt };
}
