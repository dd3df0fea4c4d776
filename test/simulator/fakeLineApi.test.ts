import assert from 'node:assert/strict';
import { messagingApi } from '@line/bot-sdk';
import { startFakeLineApi, type DeliveredMessages, type LoadingAnimation } from '../../src/simulator/fakeLineApi';

const TOKEN = 'test-access-token';
const USER = 'U0123456789abcdef0123456789abcdef';
const RETRY_KEY = '123e4567-e89b-12d3-a456-426614174000';

describe('FakeLineApi', () => {
  let fake: Awaited<ReturnType<typeof startFakeLineApi>>;
  let clock: number;

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    fake = await startFakeLineApi({ accessTokens: [TOKEN], now: () => clock });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const response = await fetch(fake.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
  }
  const reply = (replyToken: string, messages: unknown[]) => call('POST', '/v2/bot/message/reply', { replyToken, messages });
  const push = (messages: unknown[], headers: Record<string, string> = {}) => call('POST', '/v2/bot/message/push', { to: USER, messages }, headers);
  const text = (value: string) => ({ type: 'text', text: value });

  describe('authorization', () => {
    it('answers 401 without a bearer token and with an unknown one', async () => {
      const missing = await fetch(`${fake.baseUrl}/v2/bot/info`);
      assert.equal(missing.status, 401);
      assert.match(((await missing.json()) as { message: string }).message, /Authorization header required/);
      const wrong = await call('GET', '/v2/bot/info', undefined, { authorization: 'Bearer nope' });
      assert.equal(wrong.status, 401);
      assert.match(wrong.json.message, /Authentication failed/);
      assert.deepEqual(fake.api.requests.map((r) => [r.method, r.path, r.status]), [['GET', '/v2/bot/info', 401], ['GET', '/v2/bot/info', 401]]);
    });

    it('answers the bot info for a valid token', async () => {
      const info = await call('GET', '/v2/bot/info');
      assert.equal(info.status, 200);
      assert.equal(info.json.userId, fake.api.botInfo.userId);
      assert.match(info.json.userId, /^U[0-9a-f]{32}$/);
      assert.equal(info.json.chatMode, 'bot');
      assert.equal(info.json.markAsReadMode, 'auto');
      assert.match(info.headers.get('x-line-request-id') ?? '', /^[0-9a-f-]{36}$/);
    });
  });

  describe('reply', () => {
    it('delivers once per reply token and refuses the token afterwards', async () => {
      const events: DeliveredMessages[] = [];
      fake.api.on('delivered', (batch) => events.push(batch));
      const token = fake.api.issueReplyToken(USER);
      const first = await reply(token, [text('hello'), text('again')]);
      assert.equal(first.status, 200);
      assert.equal(first.json.sentMessages.length, 2);
      assert.match(first.json.sentMessages[0].id, /^\d{18}$/);
      assert.equal(typeof first.json.sentMessages[0].quoteToken, 'string');
      const second = await reply(token, [text('third')]);
      assert.equal(second.status, 400);
      assert.deepEqual(second.json, { message: 'Invalid reply token' });
      assert.equal(fake.api.delivered.length, 1);
      const batch = fake.api.delivered[0];
      assert.equal(batch?.chatId, USER);
      assert.equal(batch?.via, 'reply');
      assert.deepEqual(batch?.messages, [text('hello'), text('again')]);
      assert.deepEqual(batch?.sentMessages, first.json.sentMessages);
      assert.deepEqual(events, [batch]);
    });

    it('refuses a token that was never issued', async () => {
      const response = await reply('0123456789abcdef0123456789abcdef', [text('hi')]);
      assert.equal(response.status, 400);
      assert.equal(response.json.message, 'Invalid reply token');
    });

    it('expires a token after the TTL by the injected clock', async () => {
      const fresh = fake.api.issueReplyToken(USER);
      const stale = fake.api.issueReplyToken(USER);
      clock += 60_000;
      assert.equal((await reply(fresh, [text('just in time')])).status, 200);
      clock += 1;
      const late = await reply(stale, [text('too late')]);
      assert.equal(late.status, 400);
      assert.equal(late.json.message, 'Invalid reply token');
      assert.equal(fake.api.delivered.length, 1);
    });

    it('does not consume the token when the messages are invalid', async () => {
      const token = fake.api.issueReplyToken(USER);
      const tooMany = await reply(token, [1, 2, 3, 4, 5, 6].map((n) => text(`message ${n}`)));
      assert.equal(tooMany.status, 400);
      assert.deepEqual(tooMany.json.details, [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
      assert.equal((await reply(token, [text('five or fewer')])).status, 200);
    });

    it('names the broken property: text over 5,000 characters, 14 quick replies, an http image', async () => {
      const token = fake.api.issueReplyToken(USER);
      const items = Array.from({ length: 14 }, (_, i) => ({ type: 'action', action: { type: 'message', label: `Option ${i}`, text: `${i}` } }));
      const response = await reply(token, [
        text('x'.repeat(5001)),
        { type: 'text', text: 'pick one', quickReply: { items } },
        { type: 'image', originalContentUrl: 'http://example.com/a.jpg', previewImageUrl: 'https://example.com/a-small.jpg' },
      ]);
      assert.equal(response.status, 400);
      assert.equal(response.json.message, 'The request body has 3 error(s)');
      assert.deepEqual(response.json.details, [
        { message: 'Length must be between 1 and 5000', property: 'messages[0].text' },
        { message: 'Size must be between 1 and 13', property: 'messages[1].quickReply.items' },
        { message: 'Must be an HTTPS URL', property: 'messages[2].originalContentUrl' },
      ]);
      assert.equal(fake.api.delivered.length, 0);
    });

    it('accepts the limits themselves: 5,000 characters, 13 quick replies, https media', async () => {
      const token = fake.api.issueReplyToken(USER);
      const items = Array.from({ length: 13 }, (_, i) => ({ type: 'action', action: { type: 'message', label: 'L'.repeat(20), text: `${i}` } }));
      const response = await reply(token, [
        text('x'.repeat(5000)),
        { type: 'text', text: 'pick one', quickReply: { items } },
        { type: 'image', originalContentUrl: 'https://example.com/a.jpg', previewImageUrl: 'https://example.com/a-small.jpg' },
      ]);
      assert.equal(response.status, 200);
      assert.equal(fake.api.delivered[0]?.messages.length, 3);
    });
  });

  describe('push', () => {
    it('answers 409 to a repeated retry key and does not deliver again', async () => {
      const first = await push([text('once')], { 'x-line-retry-key': RETRY_KEY });
      assert.equal(first.status, 200);
      const again = await push([text('once')], { 'x-line-retry-key': RETRY_KEY });
      assert.equal(again.status, 409);
      assert.equal(again.json.message, 'The retry key is already accepted');
      assert.deepEqual(again.json.sentMessages, first.json.sentMessages);
      assert.equal(again.headers.get('x-line-accepted-request-id'), first.headers.get('x-line-request-id'));
      assert.equal(fake.api.delivered.length, 1);
      assert.equal(fake.api.delivered[0]?.via, 'push');
      assert.equal(fake.api.delivered[0]?.retryKey, RETRY_KEY);
    });

    it('forgets a retry key after 24 hours', async () => {
      assert.equal((await push([text('day one')], { 'x-line-retry-key': RETRY_KEY })).status, 200);
      clock += 24 * 60 * 60 * 1000;
      assert.equal((await push([text('day two')], { 'x-line-retry-key': RETRY_KEY })).status, 200);
      assert.equal(fake.api.delivered.length, 2);
    });

    it('refuses a retry key that is not a UUID, and a missing recipient', async () => {
      const badKey = await push([text('hi')], { 'x-line-retry-key': 'not-a-uuid' });
      assert.equal(badKey.status, 400);
      assert.match(badKey.json.message, /X-Line-Retry-Key/);
      const noTo = await call('POST', '/v2/bot/message/push', { messages: [text('hi')] });
      assert.equal(noTo.status, 400);
      assert.equal(noTo.json.details[0].property, 'to');
      assert.equal(fake.api.delivered.length, 0);
    });

    it('fails on demand (429) without consuming the retry key, then succeeds', async () => {
      fake.api.failNext(1, 429, '/v2/bot/message/push');
      const token = fake.api.issueReplyToken(USER);
      assert.equal((await reply(token, [text('replies are not affected')])).status, 200);
      const limited = await push([text('retry me')], { 'x-line-retry-key': RETRY_KEY });
      assert.equal(limited.status, 429);
      assert.match(limited.json.message, /rate limit/);
      const retried = await push([text('retry me')], { 'x-line-retry-key': RETRY_KEY });
      assert.equal(retried.status, 200);
      assert.deepEqual(fake.api.delivered.map((batch) => batch.via), ['reply', 'push']);
      assert.deepEqual(fake.api.requests.map((r) => r.status), [200, 429, 200]);
    });

    it('drops the connection on demand for a network failure', async () => {
      fake.api.failNext(1, 'network');
      await assert.rejects(push([text('lost')]));
      assert.equal(fake.api.requests[0]?.status, 'network');
      assert.equal((await push([text('through')])).status, 200);
      assert.equal(fake.api.delivered.length, 1);
    });

    it('serves the official SDK client: push with a retry key, profile, content', async () => {
      const client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: fake.baseUrl });
      const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: fake.baseUrl });
      fake.api.setProfile(USER, { displayName: 'Aiko', language: 'ja' });
      fake.api.putContent('100', { contentType: 'image/png', body: Buffer.from([1, 2, 3]) });
      const pushed = await client.pushMessage({ to: USER, messages: [{ type: 'text', text: 'from the SDK' }] }, RETRY_KEY);
      assert.equal(pushed.sentMessages?.length, 1);
      const profile = await client.getProfile(USER);
      assert.equal(profile.displayName, 'Aiko');
      assert.equal(profile.language, 'ja');
      const chunks: Buffer[] = [];
      for await (const chunk of await blob.getMessageContent('100')) chunks.push(Buffer.from(chunk as Uint8Array));
      assert.deepEqual(Buffer.concat(chunks), Buffer.from([1, 2, 3]));
    });
  });

  describe('profiles and content', () => {
    it('answers a set profile, the member variants without language, and 404 otherwise', async () => {
      fake.api.setProfile(USER, { displayName: 'Somchai', pictureUrl: 'https://example.com/p.png', language: 'th', statusMessage: 'hi' });
      const profile = await call('GET', `/v2/bot/profile/${USER}`);
      assert.equal(profile.status, 200);
      assert.deepEqual(profile.json, { userId: USER, displayName: 'Somchai', pictureUrl: 'https://example.com/p.png', statusMessage: 'hi', language: 'th' });
      const member = await call('GET', `/v2/bot/group/C0123/member/${USER}`);
      assert.deepEqual(member.json, { userId: USER, displayName: 'Somchai', pictureUrl: 'https://example.com/p.png' });
      assert.equal((await call('GET', `/v2/bot/room/R0123/member/${USER}`)).status, 200);
      assert.equal((await call('GET', '/v2/bot/profile/Uunknown')).status, 404);
    });

    it('serves put content and its preview with the content type, 404 for unknown ids', async () => {
      fake.api.putContent('555', { contentType: 'image/jpeg', body: Buffer.from('jpeg bytes') });
      for (const path of ['/v2/bot/message/555/content', '/v2/bot/message/555/content/preview']) {
        const response = await fetch(fake.baseUrl + path, { headers: { authorization: `Bearer ${TOKEN}` } });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'image/jpeg');
        assert.equal(Buffer.from(await response.arrayBuffer()).toString(), 'jpeg bytes');
      }
      assert.deepEqual((await call('GET', '/v2/bot/message/555/content/transcoding')).json, { status: 'succeeded' });
      assert.equal((await call('GET', '/v2/bot/message/556/content')).status, 404);
    });
  });

  describe('loading animation', () => {
    it('accepts a user chat and 5..60 seconds in steps of 5, and emits it', async () => {
      const loadings: LoadingAnimation[] = [];
      fake.api.on('loading', (loading) => loadings.push(loading));
      const started = await call('POST', '/v2/bot/chat/loading/start', { chatId: USER, loadingSeconds: 10 });
      assert.equal(started.status, 202);
      assert.deepEqual(started.json, {});
      assert.equal((await call('POST', '/v2/bot/chat/loading/start', { chatId: USER })).status, 202);
      assert.deepEqual(loadings.map((l) => [l.chatId, l.loadingSeconds]), [[USER, 10], [USER, 20]]);
    });

    it('refuses group chats and odd durations', async () => {
      const group = await call('POST', '/v2/bot/chat/loading/start', { chatId: 'C0123456789abcdef0123456789abcdef', loadingSeconds: 5 });
      assert.equal(group.status, 400);
      assert.equal(group.json.details[0].property, 'chatId');
      for (const loadingSeconds of [0, 7, 65, '10']) {
        const response = await call('POST', '/v2/bot/chat/loading/start', { chatId: USER, loadingSeconds });
        assert.equal(response.status, 400, `loadingSeconds ${String(loadingSeconds)}`);
        assert.equal(response.json.details[0].property, 'loadingSeconds');
      }
    });
  });

  describe('HTTP edge', () => {
    it('answers 400 to malformed JSON, 413 past 1 MB, 415 to non-JSON, 404 and 405', async () => {
      const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const malformed = await fetch(`${fake.baseUrl}/v2/bot/message/push`, { method: 'POST', headers, body: '{"to":' });
      assert.equal(malformed.status, 400);
      const huge = await fetch(`${fake.baseUrl}/v2/bot/message/push`, { method: 'POST', headers, body: JSON.stringify({ to: USER, pad: 'x'.repeat(1024 * 1024) }) });
      assert.equal(huge.status, 413);
      const plain = await fetch(`${fake.baseUrl}/v2/bot/message/push`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'hi' });
      assert.equal(plain.status, 415);
      assert.equal((await call('GET', '/v2/bot/nothing-here')).status, 404);
      const wrongMethod = await call('GET', '/v2/bot/message/push');
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      assert.equal(fake.api.delivered.length, 0);
    });

    it('marks as read and records parsed bodies and lower-case headers', async () => {
      const read = await call('POST', '/v2/bot/chat/markAsRead', { markAsReadToken: 'token-1' }, { 'X-Custom': 'yes' });
      assert.equal(read.status, 200);
      assert.deepEqual(read.json, {});
      const recorded = fake.api.requests[0];
      assert.deepEqual(recorded?.body, { markAsReadToken: 'token-1' });
      assert.equal(recorded?.headers['x-custom'], 'yes');
      assert.equal(recorded?.at, clock);
    });

    it('forgets everything on reset', async () => {
      const token = fake.api.issueReplyToken(USER);
      await push([text('before reset')]);
      fake.api.failNext(3, 500);
      fake.api.reset();
      assert.equal(fake.api.requests.length, 0);
      assert.equal(fake.api.delivered.length, 0);
      assert.equal((await reply(token, [text('token gone')])).status, 400);
      assert.equal((await push([text('no failure pending')])).status, 200);
    });
  });
});
