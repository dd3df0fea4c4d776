import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The dashboard's event-stream reader (dashboard/src/eventStreamReader.ts), the code the dashboard runs on the handoff
 * stream. It imports no DOM type, so Node loads the source as it is (stripping its types) and feeds it byte streams
 * cut at awkward places, as a network may deliver them.
 */
interface ServerSentEvent {
  readonly type: string;
  readonly data: string;
}
type ReadEventStream = (body: ReadableStream<Uint8Array>, handlers: { onEvent: (event: ServerSentEvent) => 'stop' | void; onChunk?: () => void }) => Promise<'ended' | 'stopped'>;

const READER = path.resolve('dashboard/src/eventStreamReader.ts');

async function loadReader(): Promise<ReadEventStream> {
  const module = (await import(pathToFileURL(READER).href)) as { readEventStream: ReadEventStream };
  return module.readEventStream;
}

/** A body that delivers exactly these chunks, one read each. */
function bodyOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next];
      next += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/** `bytes` cut at these offsets. */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const bounds = [0, ...offsets, bytes.length];
  return bounds.slice(1).map((end, index) => bytes.slice(bounds[index], end));
}

async function eventsOf(chunks: readonly Uint8Array[]): Promise<{ events: ServerSentEvent[]; chunks: number; end: string }> {
  const readEventStream = await loadReader();
  const events: ServerSentEvent[] = [];
  let seen = 0;
  const end = await readEventStream(bodyOf(chunks), { onEvent: (event) => void events.push(event), onChunk: () => (seen += 1) });
  return { events, chunks: seen, end };
}

const encoder = new TextEncoder();

describe('the dashboard’s event-stream reader (eventsource-parser)', () => {
  it('reads an event whose CR LF is split between two chunks as one event, with no empty extra line', async () => {
    const bytes = encoder.encode('event: offer\r\ndata: {"n":1}\r\n\r\nevent: accepted\r\ndata: {"n":2}\r\n\r\n');
    // Between the \r and the \n of every line end: each chunk but the last ends with a lone \r.
    const insideCrLf = [...bytes.keys()].filter((index) => bytes[index - 1] === 13 && bytes[index] === 10);
    const { events, chunks, end } = await eventsOf(cut(bytes, insideCrLf));
    assert.equal(chunks, 7);
    assert.equal(end, 'ended');
    assert.deepEqual(events, [
      { type: 'offer', data: '{"n":1}' },
      { type: 'accepted', data: '{"n":2}' },
    ]);
  });

  it('takes a lone CR that ends a chunk for a line end once the next chunk shows no LF follows', async () => {
    const { events } = await eventsOf(['data: a\r', 'data: b\r', '\r', ': heartbeat\r'].map((chunk) => encoder.encode(chunk)));
    assert.deepEqual(events, [{ type: 'message', data: 'a\nb' }]);
  });

  it('joins a UTF-8 character split between chunks (Thai, Japanese, an emoji)', async () => {
    const text = 'ขอบคุณค่ะ ありがとう 🙏';
    const bytes = encoder.encode(`event: message-added\ndata: ${JSON.stringify({ text })}\n\n`);
    const start = bytes.indexOf(encoder.encode('ข')[0]!);
    // Inside the first Thai letter, the first kana and the emoji (each several bytes long).
    const inside = [start + 1, bytes.indexOf(0xe3, start) + 2, bytes.indexOf(0xf0, start) + 3];
    const { events } = await eventsOf(cut(bytes, inside));
    assert.deepEqual(events.map((event) => [event.type, JSON.parse(event.data)]), [['message-added', { text }]]);
  });

  it('reads several events, comments and the retry line from one chunk, and each byte on its own', async () => {
    const stream = 'retry: 3000\n\n: heartbeat\n\nevent: offer\ndata: {"a":1}\n\nevent: withdrawn\ndata: {"a":2}\ndata: {"b":3}\n\n';
    const expected = [
      { type: 'offer', data: '{"a":1}' },
      { type: 'withdrawn', data: '{"a":2}\n{"b":3}' },
    ];
    const bytes = encoder.encode(stream);
    assert.deepEqual((await eventsOf([bytes])).events, expected);
    const byteByByte = await eventsOf(Array.from(bytes, (byte) => Uint8Array.of(byte)));
    assert.deepEqual(byteByByte.events, expected);
    assert.equal(byteByByte.chunks, bytes.length);
  });

  it('stops reading when asked, dropping what followed', async () => {
    const readEventStream = await loadReader();
    const seen: string[] = [];
    const body = bodyOf([encoder.encode('event: superseded\ndata: {"type":"superseded"}\n\nevent: offer\ndata: {}\n\n'), encoder.encode('event: offer\ndata: {}\n\n')]);
    const end = await readEventStream(body, { onEvent: (event) => (seen.push(event.type), event.type === 'superseded' ? 'stop' : undefined) });
    assert.equal(end, 'stopped');
    assert.deepEqual(seen, ['superseded']);
  });
});
