import assert from 'node:assert/strict';
import type { messagingApi } from '@line/bot-sdk';
import nock from 'nock';
import type { LineAccount } from '../../../adapters/line/lineAccount';
import { silentLineAdapterLogger } from '../../../adapters/line/lineAdapterLogger';
import { LineApiClient } from '../../../adapters/line/lineApiClient';
import { LineDeliveryError } from '../../../adapters/line/lineDeliveryError';
import { LineDeliveryStats } from '../../../adapters/line/lineDeliveryStats';
import { LineMessageSender, type ReplyTokenState } from '../../../adapters/line/lineMessageSender';

const API = 'https://api.line.test';
const account: LineAccount = {
  id: 'acme',
  name: 'Acme',
  channelSecret: 'secret',
  channelAccessToken: 'token-acme',
  apiBaseUrl: API,
  dataApiBaseUrl: 'https://api-data.line.test',
};
const USER = 'U0123456789abcdef0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function texts(count: number): messagingApi.Message[] {
  return Array.from({ length: count }, (_, index) => ({ type: 'text', text: `message ${index + 1}` }));
}

function freshToken(now = Date.now()): ReplyTokenState {
  return { token: 'reply-token-1', expiresAt: now + 50_000, used: false };
}

describe('LineMessageSender', () => {
  let stats: LineDeliveryStats;
  let sender: LineMessageSender;

  beforeEach(() => {
    nock.disableNetConnect();
    stats = new LineDeliveryStats();
    sender = new LineMessageSender({
      clientFor: (acc) => new LineApiClient(acc, 2_000),
      stats,
      logger: silentLineAdapterLogger,
      retryPolicy: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    });
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('sends up to five messages in one free reply', async () => {
    let body: { replyToken?: string; messages?: unknown[] } = {};
    const scope = nock(API, { reqheaders: { authorization: 'Bearer token-acme' } })
      .post('/v2/bot/message/reply', (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { sentMessages: [] });
    const token = freshToken();
    const outcome = await sender.deliver(account, USER, texts(5), token);
    assert.deepEqual(outcome, { repliedMessages: 5, pushedMessages: 0 });
    assert.equal(body.replyToken, 'reply-token-1');
    assert.equal(body.messages?.length, 5);
    assert.equal(token.used, true);
    assert.equal(stats.snapshot().acme?.replyMessages, 5);
    assert.equal(stats.snapshot().acme?.pushMessages, 0);
    assert.ok(scope.isDone());
  });

  it('replies with the first five and pushes the rest with a retry key', async () => {
    const pushes: { key: string; count: number }[] = [];
    nock(API).post('/v2/bot/message/reply').reply(200, {});
    for (let call = 0; call < 2; call += 1) {
      let key = '';
      nock(API)
        .matchHeader('x-line-retry-key', (value: string | null) => { key = value ?? ''; return true; })
        .post('/v2/bot/message/push', (body: { messages: unknown[] }) => { pushes.push({ key, count: body.messages.length }); return true; })
        .reply(200, {});
    }
    const outcome = await sender.deliver(account, USER, texts(12), freshToken());
    assert.deepEqual(outcome, { repliedMessages: 5, pushedMessages: 7 });
    assert.deepEqual(pushes.map((push) => push.count), [5, 2]);
    for (const push of pushes) assert.match(push.key, UUID);
    assert.notEqual(pushes[0]?.key, pushes[1]?.key);
    assert.equal(stats.snapshot().acme?.pushRequests, 2);
  });

  it('pushes when the reply token has expired, without trying it', async () => {
    const scope = nock(API).post('/v2/bot/message/push').reply(200, {});
    const expired: ReplyTokenState = { token: 'old', expiresAt: Date.now() - 1, used: false };
    const outcome = await sender.deliver(account, USER, texts(2), expired);
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 2 });
    assert.equal(stats.snapshot().acme?.replyFallbacks, 1);
    assert.ok(scope.isDone());
  });

  it('falls back to push when LINE rejects the reply token', async () => {
    nock(API).post('/v2/bot/message/reply').reply(400, { message: 'Invalid reply token' });
    const push = nock(API).post('/v2/bot/message/push').reply(200, {});
    const outcome = await sender.deliver(account, USER, texts(1), freshToken());
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 1 });
    assert.ok(push.isDone());
  });

  it('does not reuse a token that a previous batch used', async () => {
    const token = freshToken();
    nock(API).post('/v2/bot/message/reply').reply(200, {});
    await sender.deliver(account, USER, texts(1), token);
    const push = nock(API).post('/v2/bot/message/push').reply(200, {});
    const outcome = await sender.deliver(account, USER, texts(1), token);
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 1 });
    assert.ok(push.isDone());
  });

  it('retries a push after 429, 500 and a lost connection with the same retry key', async () => {
    const keys: string[] = [];
    const recordKey = (value: string | null): boolean => { keys.push(value ?? ''); return true; };
    nock(API).matchHeader('x-line-retry-key', recordKey).post('/v2/bot/message/push').reply(429, { message: 'Too many requests' });
    nock(API).matchHeader('x-line-retry-key', recordKey).post('/v2/bot/message/push').reply(500, { message: 'Internal error' });
    nock(API).matchHeader('x-line-retry-key', recordKey).post('/v2/bot/message/push').replyWithError('socket hang up');
    nock(API).matchHeader('x-line-retry-key', recordKey).post('/v2/bot/message/push').reply(200, {});
    const outcome = await sender.deliver(account, USER, texts(1));
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 1 });
    assert.equal(keys.length, 4);
    assert.equal(new Set(keys).size, 1, 'every attempt carries the same X-Line-Retry-Key');
    assert.equal(stats.snapshot().acme?.retries, 3);
  });

  it('retries after a lost connection', async () => {
    nock(API).post('/v2/bot/message/push').replyWithError('socket hang up').post('/v2/bot/message/push').reply(200, {});
    const outcome = await sender.deliver(account, USER, texts(1));
    assert.equal(outcome.pushedMessages, 1);
    assert.equal(stats.snapshot().acme?.retries, 1);
  });

  it('treats 409 as already delivered and does not send again', async () => {
    const scope = nock(API).post('/v2/bot/message/push').reply(409, { message: 'The retry key is already accepted' });
    const outcome = await sender.deliver(account, USER, texts(1));
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 1 });
    assert.ok(scope.isDone());
    assert.equal(stats.snapshot().acme?.retries ?? 0, 0);
  });

  it('does not retry other 4xx and reports what was not delivered', async () => {
    nock(API).post('/v2/bot/message/reply').reply(200, {});
    const scope = nock(API).post('/v2/bot/message/push').once().reply(400, { message: 'The request body has 1 error(s)', details: [{ message: 'Length must be between 0 and 5000', property: 'messages[0].text' }] });
    const error = await sender.deliver(account, USER, texts(7), freshToken()).then(
      () => assert.fail('expected a delivery error'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof LineDeliveryError);
    assert.equal(error.delivered, 5);
    assert.equal(error.undelivered.length, 2);
    assert.match(error.message, /HTTP 400/);
    assert.ok(scope.isDone());
    assert.equal(stats.snapshot().acme?.failures, 1);
    assert.equal(stats.snapshot().acme?.retries ?? 0, 0);
  });

  it('falls back to push when a reply keeps failing with server errors', async () => {
    nock(API).post('/v2/bot/message/reply').times(4).reply(503, { message: 'unavailable' });
    const push = nock(API).post('/v2/bot/message/push').reply(200, {});
    const outcome = await sender.deliver(account, USER, texts(1), freshToken());
    assert.deepEqual(outcome, { repliedMessages: 0, pushedMessages: 1 });
    assert.ok(push.isDone());
    assert.equal(stats.snapshot().acme?.retries, 3);
  });
});
