import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignatureValidationFailed, messagingApi, middleware, type webhook } from '@line/bot-sdk';
import { startHttpServer, type StartedHttpServer } from './startHttpServer';

/** Where the plain echo server listens and which channel it serves. */
export interface PlainEchoServerOptions {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
  /** Messaging API base URL (the fake's, in the benchmark). */
  readonly apiBaseUrl: string;
  readonly host: string;
  readonly port: number;
}

/** A started plain echo server. */
export type PlainEchoServer = StartedHttpServer;

/**
 * The benchmark's baseline: the simplest correct LINE bot, written with nothing but `node:http`
 * and @line/bot-sdk. It verifies the signature with the SDK's `middleware`, acknowledges the
 * callback at once, then replies to each text message with the same text by `replyMessage`.
 *
 * It answers on any `POST` path, so the benchmark can post to `/api/line/default` on either server.
 *
 * @example
 * const echo = await startPlainEchoServer({ channelSecret, channelAccessToken, apiBaseUrl, host: '127.0.0.1', port: 0 });
 * // POST signed callbacks to `${echo.url}/api/line/default`
 * await echo.close();
 */
export async function startPlainEchoServer(options: PlainEchoServerOptions): Promise<PlainEchoServer> {
  const verify = middleware({ channelSecret: options.channelSecret });
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });

  const echo = async (event: webhook.Event): Promise<void> => {
    if (event.type !== 'message' || event.message.type !== 'text' || !event.replyToken) return;
    try {
      await client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: event.message.text }] });
    } catch (error) {
      // The benchmark counts the event as lost; this line says why.
      process.stderr.write(`plain echo: reply failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // The SDK's middleware stores the parsed body on `req.body`, Express style.
    const request = Object.assign(req, { body: undefined as unknown });
    void verify(request, res, (error) => {
      if (error) {
        res.writeHead(error instanceof SignatureValidationFailed ? 401 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: error.message }));
        return;
      }
      const events = eventsOf(request.body);
      // Acknowledge first, as LINE asks, then answer: the same order as our server.
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const event of events) void echo(event);
    });
  };

  return startHttpServer(handle, options.host, options.port);
}

function eventsOf(body: unknown): webhook.Event[] {
  if (typeof body !== 'object' || body === null || !('events' in body) || !Array.isArray(body.events)) return [];
  // The signature proved LINE sent it; like any SDK-based bot, trust the shape from here on.
  return body.events as webhook.Event[];
}
