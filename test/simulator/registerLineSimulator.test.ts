import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';
import { validateSignature } from '@line/bot-sdk';
import pino from 'pino';
import restify from 'restify';
import { FakeLineApi } from '../../src/simulator/fakeLineApi';
import { registerLineSimulator } from '../../src/simulator/registerLineSimulator';
import { STICKER_PALETTE } from '../../src/simulator/stickerPalette';
import { eventually } from '../support/eventually';

const SECRET = 'simulator-test-secret';
const TOKEN = 'simulator-test-token';
const USER = 'Ufedcba9876543210fedcba9876543210';
const OTHER_USER = 'U00000000000000000000000000000001';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

interface ReceivedWebhook {
  readonly signatureValid: boolean;
  readonly body: { destination: string; events: any[] };
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: restify.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: restify.Server): Promise<void> {
  server.server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Reads Server-Sent Events from a streaming response. */
class EventReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    assert.ok(response.body);
    this.reader = response.body.getReader();
  }

  /** The next block (up to a blank line), raw. */
  async nextBlock(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return block;
      }
      const { done, value } = await this.reader.read();
      if (done) throw new Error('stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next named event, skipping comments. */
  async nextEvent(): Promise<{ event: string; data: any }> {
    for (;;) {
      const block = await this.nextBlock();
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) return { event, data: JSON.parse(data) };
    }
  }
}

describe('registerLineSimulator', () => {
  let server: restify.Server;
  let baseUrl: string;
  let fakeApi: FakeLineApi;
  let received: ReceivedWebhook[];
  let webhookStatus: number;

  before(async () => {
    server = restify.createServer();
    server.post('/api/line/test', async (req: restify.Request, res: restify.Response) => {
      const raw = await readRaw(req);
      const signature = req.headers['x-line-signature'];
      const signatureValid = typeof signature === 'string' && validateSignature(raw, SECRET, signature);
      received.push({ signatureValid, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(signatureValid ? webhookStatus : 401, { 'content-type': 'application/json' });
      res.end('{}');
    });
    baseUrl = await listen(server);
    fakeApi = new FakeLineApi({ accessTokens: [TOKEN] });
    registerLineSimulator(server, {
      fakeApi,
      account: { id: 'test', channelSecret: SECRET },
      webhookUrl: `${baseUrl}/api/line/test`,
      logger: pino({ level: 'silent' }),
    });
  });
  after(async () => {
    await close(server);
  });
  beforeEach(() => {
    received = [];
    webhookStatus = 200;
    fakeApi.reset();
  });

  async function post(path: string, body: unknown, method = 'POST'): Promise<{ status: number; json: any }> {
    const response = await fetch(baseUrl + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: await response.json() };
  }
  const sendAs = (userId: string, input: unknown) => post(`/simulator/api/users/${userId}/events`, input);
  const lineApi = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/simulator/line-api${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });

  function onlyEvent(): any {
    assert.equal(received.length, 1);
    const [webhook] = received;
    assert.equal(webhook?.signatureValid, true);
    assert.equal(webhook?.body.destination, fakeApi.botInfo.userId);
    assert.equal(webhook?.body.events.length, 1);
    return webhook?.body.events[0];
  }

  function assertCommonShape(event: any, userId = USER): void {
    assert.match(event.webhookEventId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(event.mode, 'active');
    assert.deepEqual(event.deliveryContext, { isRedelivery: false });
    assert.deepEqual(event.source, { type: 'user', userId });
    assert.ok(Math.abs(event.timestamp - Date.now()) < 5000);
  }

  it('serves the built page, its hashed script and style with a strict CSP and the right caching', async () => {
    const page = await fetch(`${baseUrl}/simulator`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    const html = await page.text();
    assert.match(html, /<title>LINE simulator<\/title>/);
    assert.match(html, /<label for="message-text"/);
    assert.doesNotMatch(html, /<script>|<style>|\sstyle=/, 'nothing inline');
    const scriptPath = /<script type="module"[^>]*src="(\/simulator\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const stylePath = /<link rel="stylesheet"[^>]*href="(\/simulator\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    assert.ok(scriptPath && stylePath, 'the page links its built script and style');
    const script = await fetch(`${baseUrl}${scriptPath}`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
    const source = await script.text();
    assert.doesNotThrow(() => new Script(source));
    assert.doesNotMatch(source, /innerHTML/);
    const style = await fetch(`${baseUrl}${stylePath}`);
    assert.equal(style.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(style.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await fetch(`${baseUrl}/simulator/assets/missing.js`)).status, 404);
    assert.equal((await fetch(`${baseUrl}/simulator/assets/..%2Findex.html`)).status, 404);
  });

  it('says how to build the page when it has not been built', async () => {
    const unbuilt = restify.createServer();
    const emptyDirectory = mkdtempSync(path.join(tmpdir(), 'simulator-page-unbuilt-'));
    registerLineSimulator(unbuilt, { fakeApi, account: { id: 'test', channelSecret: SECRET }, webhookUrl: `${baseUrl}/api/line/test`, logger: pino({ level: 'silent' }), pageDirectory: emptyDirectory });
    const unbuiltUrl = await listen(unbuilt);
    try {
      const page = await fetch(`${unbuiltUrl}/simulator`);
      assert.equal(page.status, 503);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.match(await page.text(), /npm run build:simulator-page/);
      assert.equal((await fetch(`${unbuiltUrl}/simulator/assets/index.js`)).status, 404);
    } finally {
      await close(unbuilt);
      rmSync(emptyDirectory, { recursive: true, force: true });
    }
  });

  it('answers its configuration', async () => {
    const config = (await (await fetch(`${baseUrl}/simulator/api/config`)).json()) as any;
    assert.equal(config.accountId, 'test');
    assert.equal(config.webhookUrl, `${baseUrl}/api/line/test`);
    assert.equal(config.bot.userId, fakeApi.botInfo.userId);
    assert.deepEqual(config.stickers[0], STICKER_PALETTE[0]);
  });

  it('posts a signed text message event whose reply token the fake API accepts', async () => {
    const answer = await sendAs(USER, { kind: 'text', text: 'hello bot' });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.webhookStatus, 200);
    assert.equal(typeof answer.json.elapsedMs, 'number');
    const event = onlyEvent();
    assertCommonShape(event);
    assert.equal(event.type, 'message');
    assert.equal(event.message.type, 'text');
    assert.equal(event.message.text, 'hello bot');
    assert.match(event.message.id, /^\d{18}$/);
    assert.equal(typeof event.message.quoteToken, 'string');
    assert.match(event.replyToken, /^[0-9a-f]{32}$/);

    const reply = await lineApi('/v2/bot/message/reply', { method: 'POST', body: JSON.stringify({ replyToken: event.replyToken, messages: [{ type: 'text', text: 'hi!' }] }) });
    assert.equal(reply.status, 200);
    assert.deepEqual(fakeApi.delivered.map((batch) => [batch.chatId, batch.via]), [[USER, 'reply']]);
  });

  it('posts a sticker event', async () => {
    await sendAs(USER, { kind: 'sticker', packageId: '446', stickerId: '1989' });
    const event = onlyEvent();
    assertCommonShape(event);
    assert.deepEqual(
      { type: event.message.type, packageId: event.message.packageId, stickerId: event.message.stickerId, resource: event.message.stickerResourceType },
      { type: 'sticker', packageId: '446', stickerId: '1989', resource: 'STATIC' },
    );
    assert.equal(typeof event.replyToken, 'string');
  });

  it('posts an image event whose content the mounted API serves back', async () => {
    await sendAs(USER, { kind: 'image', contentType: 'image/png', dataBase64: PNG.toString('base64') });
    const event = onlyEvent();
    assertCommonShape(event);
    assert.equal(event.message.type, 'image');
    assert.deepEqual(event.message.contentProvider, { type: 'line' });
    const content = await lineApi(`/v2/bot/message/${event.message.id}/content`);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await content.arrayBuffer()), PNG);
    const anonymous = await fetch(`${baseUrl}/simulator/line-api/v2/bot/message/${event.message.id}/content`);
    assert.equal(anonymous.status, 401);
  });

  it('posts a postback event with date-picker params', async () => {
    await sendAs(USER, { kind: 'postback', data: 'action=book', params: { date: '2026-12-24' } });
    const event = onlyEvent();
    assertCommonShape(event);
    assert.equal(event.type, 'postback');
    assert.deepEqual(event.postback, { data: 'action=book', params: { date: '2026-12-24' } });
    assert.match(event.replyToken, /^[0-9a-f]{32}$/);
  });

  it('posts a location event without a quote token', async () => {
    await sendAs(USER, { kind: 'location', title: 'Tokyo Station', latitude: 35.681236, longitude: 139.767125 });
    const event = onlyEvent();
    assertCommonShape(event);
    assert.equal(event.message.type, 'location');
    assert.deepEqual([event.message.title, event.message.latitude, event.message.longitude], ['Tokyo Station', 35.681236, 139.767125]);
    assert.equal(event.message.quoteToken, undefined);
    assert.equal(typeof event.replyToken, 'string');
  });

  it('posts follow, unfollow without a reply token, then a follow marked as unblocked', async () => {
    const user = 'U0000000000000000000000000000abcd';
    await sendAs(user, { kind: 'follow' });
    await sendAs(user, { kind: 'unfollow' });
    await sendAs(user, { kind: 'follow' });
    const events = received.map((webhook) => webhook.body.events[0]);
    assert.deepEqual(events.map((event) => [event.type, event.follow?.isUnblocked, typeof event.replyToken]), [
      ['follow', false, 'string'],
      ['unfollow', undefined, 'undefined'],
      ['follow', true, 'string'],
    ]);
    events.forEach((event) => assertCommonShape(event, user));
  });

  it('shows the webhook status when the webhook refuses the event', async () => {
    webhookStatus = 503;
    const answer = await sendAs(USER, { kind: 'text', text: 'anyone there?' });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.webhookStatus, 503);
    assert.equal(received.length, 1);
  });

  it('refuses bad input before anything reaches the webhook', async () => {
    assert.equal((await sendAs('U123', { kind: 'text', text: 'hi' })).status, 400);
    assert.equal((await sendAs(USER, { kind: 'text', text: '' })).status, 400);
    assert.equal((await sendAs(USER, { kind: 'video' })).status, 400);
    assert.equal((await sendAs(USER, { kind: 'image', contentType: 'image/svg+xml', dataBase64: 'AAAA' })).status, 400);
    const tooBig = Buffer.alloc(5 * 1024 * 1024 + 3).toString('base64');
    assert.equal((await sendAs(USER, { kind: 'image', contentType: 'image/png', dataBase64: tooBig })).status, 400);
    const notJson = await fetch(`${baseUrl}/simulator/api/users/${USER}/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(notJson.status, 415);
    assert.equal(received.length, 0);
  });

  it('saves the profile that the fake API answers', async () => {
    const saved = await post(`/simulator/api/users/${USER}/profile`, { displayName: 'Mei', language: 'zh-TW' }, 'PUT');
    assert.equal(saved.status, 200);
    const profile = await lineApi(`/v2/bot/profile/${USER}`);
    assert.deepEqual(await profile.json(), { userId: USER, displayName: 'Mei', language: 'zh-TW' });
    assert.equal((await post(`/simulator/api/users/${USER}/profile`, { displayName: 'Mei', language: 'fr' }, 'PUT')).status, 400);
  });

  it('streams what the bot pushes to this user, and loading animations, over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/simulator/api/users/${USER}/stream`, { signal: controller.signal });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const events = new EventReader(response);
    assert.match(await events.nextBlock(), /: connected/);
    assert.equal(fakeApi.listenerCount('delivered'), 1);

    const pushTo = (to: string, text: string) =>
      lineApi('/v2/bot/message/push', { method: 'POST', body: JSON.stringify({ to, messages: [{ type: 'text', text }] }) });
    assert.equal((await pushTo(OTHER_USER, 'not for you')).status, 200);
    assert.equal((await lineApi('/v2/bot/chat/loading/start', { method: 'POST', body: JSON.stringify({ chatId: USER, loadingSeconds: 5 }) })).status, 202);
    assert.equal((await pushTo(USER, 'your order shipped')).status, 200);

    const loading = await events.nextEvent();
    assert.deepEqual([loading.event, loading.data.loadingSeconds], ['loading', 5]);
    const message = await events.nextEvent();
    assert.equal(message.event, 'bot-message');
    assert.equal(message.data.via, 'push');
    assert.deepEqual(message.data.message, { type: 'text', text: 'your order shipped' });
    assert.equal(message.data.messageId, fakeApi.delivered[1]?.sentMessages[0]?.id);

    controller.abort();
    await eventually(() => assert.equal(fakeApi.listenerCount('delivered'), 0, 'the closed stream stopped listening'));
    assert.equal(fakeApi.listenerCount('loading'), 0);
  });

  it('makes the next LINE API calls fail on demand', async () => {
    const set = await post('/simulator/api/fail', { status: 429, count: 1, pathPrefix: '/v2/bot/message/reply' });
    assert.deepEqual(set, { status: 200, json: { status: 429, count: 1, pathPrefix: '/v2/bot/message/reply' } });
    const replyToken = fakeApi.issueReplyToken(USER);
    const body = JSON.stringify({ replyToken, messages: [{ type: 'text', text: 'retry' }] });
    assert.equal((await lineApi('/v2/bot/message/reply', { method: 'POST', body })).status, 429);
    assert.equal((await lineApi('/v2/bot/message/reply', { method: 'POST', body })).status, 200);
    assert.equal((await post('/simulator/api/fail', { status: 200, count: 1 })).status, 400);
  });

  it('mounts the whole fake API under /simulator/line-api', async () => {
    const info = await lineApi('/v2/bot/info');
    assert.equal(info.status, 200);
    assert.equal(((await info.json()) as { userId: string }).userId, fakeApi.botInfo.userId);
    const unknown = await lineApi('/v2/bot/unknown');
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: 'Not found' });
    assert.deepEqual(fakeApi.requests.map((r) => r.path), ['/v2/bot/info', '/v2/bot/unknown']);
  });

  it('ends open event streams when the server closes, so shutdown does not hang', async () => {
    const own = restify.createServer();
    const ownUrl = await listen(own);
    registerLineSimulator(own, { fakeApi, account: { id: 'test', channelSecret: SECRET }, webhookUrl: `${ownUrl}/api/line/test`, logger: pino({ level: 'silent' }) });
    const response = await fetch(`${ownUrl}/simulator/api/users/${USER}/stream`);
    const events = new EventReader(response);
    assert.match(await events.nextBlock(), /: connected/);
    const started = Date.now();
    await new Promise<void>((resolve) => own.close(() => resolve()));
    assert.ok(Date.now() - started < 2000, 'close() waited for the stream');
    await assert.rejects(events.nextBlock(), /stream ended/);
    assert.equal(fakeApi.listenerCount('delivered'), 0);
  });

  it('answers 502 when the webhook cannot be reached', async () => {
    const lonely = restify.createServer();
    const lonelyUrl = await listen(lonely);
    try {
      registerLineSimulator(lonely, {
        fakeApi: new FakeLineApi({ accessTokens: [TOKEN] }),
        account: { id: 'test', channelSecret: SECRET },
        webhookUrl: 'http://127.0.0.1:1/api/line/test',
        logger: pino({ level: 'silent' }),
      });
      const response = await fetch(`${lonelyUrl}/simulator/api/users/${USER}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'text', text: 'hello?' }),
      });
      assert.equal(response.status, 502);
      assert.match(((await response.json()) as { message: string }).message, /could not be reached/);
    } finally {
      await close(lonely);
    }
  });
});
