import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeLineApi } from './fakeLineApi.js';
import type { DeliveredMessages, LoadingAnimation } from './fakeLineApiTypes.js';

/** How often a comment line keeps idle proxies and browsers from closing the stream. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/**
 * Serves Server-Sent Events of what the bot sends one chat through a {@link FakeLineApi}: a `bot-message` event per
 * message (`{ via, message, messageId, at }`) and a `loading` event per loading animation (`{ loadingSeconds, at }`).
 * Listeners and the heartbeat timer go away when the client disconnects.
 *
 * @returns a function that ends the stream from the server side (on shutdown).
 * @example server.get('/stream', (req, res, next) => { openDeliveryStream(req, res, api, 'U4af…'); next(); });
 */
export function openDeliveryStream(req: IncomingMessage, res: ServerResponse, fakeApi: FakeLineApi, chatId: string, heartbeatMs = HEARTBEAT_INTERVAL_MS): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // The socket is not reused after a stream, and closing it lets a server that is shutting down finish at once.
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n: connected\n\n');

  const send = (event: string, data: unknown): void => {
    if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const onDelivered = (batch: DeliveredMessages): void => {
    if (batch.chatId !== chatId) return;
    batch.messages.forEach((message, index) => {
      send('bot-message', { via: batch.via, message, messageId: batch.sentMessages[index]?.id, at: batch.at });
    });
  };
  const onLoading = (loading: LoadingAnimation): void => {
    if (loading.chatId === chatId) send('loading', { loadingSeconds: loading.loadingSeconds, at: loading.at });
  };
  const heartbeat = setInterval(() => {
    if (!res.destroyed) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  fakeApi.on('delivered', onDelivered);
  fakeApi.on('loading', onLoading);
  const cleanUp = (): void => {
    clearInterval(heartbeat);
    fakeApi.off('delivered', onDelivered);
    fakeApi.off('loading', onLoading);
  };
  res.once('close', cleanUp);
  req.once('close', cleanUp);
  return () => {
    cleanUp();
    res.end();
  };
}
