import { createParser } from 'eventsource-parser';

/** One Server-Sent Event: its type (`message` when the server named none) and its data. */
export interface ServerSentEvent {
  readonly type: string;
  readonly data: string;
}

/** What {@link readEventStream} calls while it reads. */
export interface EventStreamHandlers {
  /** Each complete event, in order. Returning `'stop'` ends the reading (the body is cancelled). */
  readonly onEvent: (event: ServerSentEvent) => 'stop' | void;
  /** Each chunk that arrived, comments and heartbeats included: proof that the connection lives. */
  readonly onChunk?: () => void;
}

/**
 * Reads a `text/event-stream` body to its end with eventsource-parser, which follows the HTML standard's rules:
 * lines may end in `\r\n`, `\r` or `\n` (also split across chunks), comments and unknown fields are skipped, and an
 * event without data is not dispatched. The bytes are decoded as a stream, so a UTF-8 character split between two
 * chunks arrives whole. It imports no DOM type: Node runs it as it is in tests.
 *
 * @returns `'stopped'` when `onEvent` asked to stop, `'ended'` when the server closed the stream.
 * @example
 * const end = await readEventStream(response.body, { onEvent: (event) => console.log(event.type, JSON.parse(event.data)) });
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, handlers: EventStreamHandlers): Promise<'ended' | 'stopped'> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let stopped = false;
  const parser = createParser({
    onEvent: (message) => {
      if (stopped) return;
      if (handlers.onEvent({ type: message.event ?? 'message', data: message.data }) === 'stop') stopped = true;
    },
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        parser.feed(decoder.decode());
        return stopped ? 'stopped' : 'ended';
      }
      handlers.onChunk?.();
      parser.feed(decoder.decode(value, { stream: true }));
      if (stopped) {
        await reader.cancel().catch(() => undefined);
        return 'stopped';
      }
    }
  } finally {
    reader.releaseLock();
  }
}
