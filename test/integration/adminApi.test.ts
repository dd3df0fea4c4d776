import assert from 'node:assert/strict';
import * as fixtures from '../fixtures/lineEvents';
import { eventually } from '../support/eventually';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'test-admin-key-0123456789';
const NEW_TOKEN = 'new-channel-access-token-abcdefghijklmnopqrstuvwxyz';
const NEW_SECRET = 'fedcba9876543210fedcba9876543210';

describe('admin API', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, PUBLIC_URL: 'https://support.example.com', LINE_EVENT_POLL_MS: '100' }, [NEW_TOKEN]);
  });
  after(async () => server.close());

  async function call(method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${server.app.url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function postEvent(accountId: string, secret: string, text: string, userId = fixtures.USER_ID): Promise<number> {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: server.fake.api.issueReplyToken(userId) });
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), secret);
    const response = await fetch(`${server.app.url}/api/line/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    return response.status;
  }

  const newChannel = { name: 'Acme Support TH', channelId: '2001234567', channelSecret: NEW_SECRET, channelAccessToken: NEW_TOKEN };

  describe('authorization', () => {
    for (const [what, key] of [['without a key', null], ['with a wrong key', 'not-the-admin-key-at-all']] as const) {
      it(`answers 401 ${what} on every admin endpoint`, async () => {
        for (const [method, path] of [['GET', '/api/admin/channels/line'], ['POST', '/api/admin/channels/line'], ['DELETE', '/api/admin/channels/line/default'], ['GET', '/api/transcripts/line/x'], ['DELETE', '/api/admin/customers/line:U1'], ['GET', '/api/admin/line-events/dead'], ['POST', '/api/admin/line-events/default/x/retry']] as const) {
          const { status } = await call(method, path, method === 'POST' ? newChannel : undefined, key);
          assert.equal(status, 401, `${method} ${path}`);
        }
      });
    }

    it('accepts only user sessions when no ADMIN_API_KEY is configured, and says so', async () => {
      const closed = await startTestServer();
      try {
        const response = await fetch(`${closed.app.url}/api/admin/channels/line`, { headers: { authorization: 'Bearer anything-at-all-here' } });
        assert.equal(response.status, 401);
        assert.match(((await response.json()) as { message: string }).message, /ADMIN_API_KEY/);
      } finally {
        await closed.close();
      }
    });
  });

  describe('LINE channel accounts', () => {
    let createdId = '';

    it('adds an account after checking its token with LINE, and answers its callback URL', async () => {
      const { status, json } = await call('POST', '/api/admin/channels/line', newChannel);
      assert.equal(status, 201, JSON.stringify(json));
      createdId = String(json.id);
      assert.match(createdId, /^acme-support-th/);
      assert.equal(json.callbackUrl, `https://support.example.com/api/line/${createdId}`);
      assert.ok(server.fake.api.requests.some((request) => request.path === '/v2/bot/info' && request.headers.authorization === `Bearer ${NEW_TOKEN}`));
    });

    it('never returns secrets', async () => {
      const list = await call('GET', '/api/admin/channels/line');
      const one = await call('GET', `/api/admin/channels/line/${createdId}`);
      for (const body of [JSON.stringify(list.json), JSON.stringify(one.json)]) {
        assert.ok(!body.includes(NEW_SECRET), 'no channel secret');
        assert.ok(!body.includes(NEW_TOKEN), 'no access token');
        assert.ok(!body.includes(server.channelSecret), 'no secret of the default account');
      }
      const items = list.json.items as { id: string; hasSecret: boolean; callbackUrl: string }[];
      assert.deepEqual(items.map((item) => item.id).sort(), ['default', createdId].sort());
      assert.equal(one.json.hasSecret, true);
    });

    it('serves the new account’s callback URL with its own secret', async () => {
      const before = server.fake.api.delivered.length;
      assert.equal(await postEvent(createdId, NEW_SECRET, 'hello new channel'), 200);
      assert.equal(await postEvent(createdId, server.channelSecret, 'signed with the wrong secret'), 401);
      await eventually(() => assert.ok(server.fake.api.delivered.length > before, 'the answer on the new account'));
      await server.app.whenIdle();
      const conversation = await server.app.transcripts.getConversation('line', `${createdId}:user:${fixtures.USER_ID}`);
      assert.equal(conversation?.customerId, `line:${fixtures.USER_ID}`);
    });

    it('refuses a token LINE rejects, naming the field', async () => {
      const { status, json } = await call('POST', '/api/admin/channels/line', { ...newChannel, channelAccessToken: 'a-token-line-does-not-know-at-all' });
      assert.equal(status, 400);
      assert.equal(json.field, 'channelAccessToken');
      assert.match(String(json.message), /LINE rejected/);
    });

    it('refuses invalid fields with the field at fault', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ ...newChannel, channelSecret: 'not-hex' }, 'channelSecret'],
        [{ ...newChannel, channelId: 'abc' }, 'channelId'],
        [{ ...newChannel, name: '' }, 'name'],
        [{ ...newChannel, unexpected: true }, 'unexpected'],
      ];
      for (const [body, field] of cases) {
        const { status, json } = await call('POST', '/api/admin/channels/line', body);
        assert.equal(status, 400, field);
        assert.equal(json.field, field);
      }
      const malformed = await call('POST', '/api/admin/channels/line', '{"name": ');
      assert.equal(malformed.status, 400);
    });

    it('updates an account and disabling it closes its callback URL', async () => {
      const renamed = await call('PATCH', `/api/admin/channels/line/${createdId}`, { name: 'Acme Support Thailand' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.json.name, 'Acme Support Thailand');
      assert.equal((await call('PATCH', `/api/admin/channels/line/${createdId}`, { enabled: false })).status, 200);
      assert.equal(await postEvent(createdId, NEW_SECRET, 'while disabled'), 404);
      assert.equal((await call('PATCH', `/api/admin/channels/line/${createdId}`, { enabled: true })).status, 200);
      assert.equal(await postEvent(createdId, NEW_SECRET, 'enabled again'), 200);
      assert.equal((await call('PATCH', '/api/admin/channels/line/nobody-here', { name: 'x' })).status, 404);
    });

    it('deletes an account: its callback answers 404 and its transcripts stay', async () => {
      await server.app.whenIdle();
      const conversationId = `${createdId}:user:${fixtures.USER_ID}`;
      const before = await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}`);
      assert.ok((before.json.items as unknown[]).length >= 2);
      assert.equal((await call('DELETE', `/api/admin/channels/line/${createdId}`)).status, 204);
      assert.equal(await postEvent(createdId, NEW_SECRET, 'after deletion'), 404);
      assert.equal((await call('DELETE', `/api/admin/channels/line/${createdId}`)).status, 404);
      const after = await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}`);
      assert.deepEqual(after.json.items, before.json.items);
    });
  });

  describe('transcripts and privacy', () => {
    const customer = fixtures.OTHER_USER_ID;
    const conversationId = `default:user:${customer}`;

    let logged = 0;

    it('pages a conversation’s transcript in order', async () => {
      for (let index = 1; index <= 12; index += 1) assert.equal(await postEvent('default', server.channelSecret, `question ${index}`, customer), 200);
      await server.app.whenIdle();
      const first = await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}`);
      assert.equal(first.status, 200);
      const firstItems = first.json.items as { text?: string; type?: string; from?: { role?: string } }[];
      assert.equal(firstItems.length, 20);
      assert.equal(typeof first.json.continuationToken, 'string');
      const second = await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}?continuationToken=${encodeURIComponent(String(first.json.continuationToken))}`);
      assert.equal(second.json.continuationToken, null);
      const items = [...firstItems, ...(second.json.items as typeof firstItems)];
      logged = items.length;
      const questions = Array.from({ length: 12 }, (_, index) => `question ${index + 1}`);
      assert.deepEqual(items.filter((item) => item.from?.role === 'user').map((item) => item.text), questions);
      // Every question is answered before the next one arrives: the order is the conversation's.
      for (const [index, item] of items.entries()) {
        if (item.from?.role === 'user') assert.equal(items[index + 1]?.from?.role, 'bot', `an answer follows ${item.text ?? ''}`);
      }
      assert.equal((await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}?continuationToken=garbage`)).status, 400);
    });

    it('purges everything about a customer on request', async () => {
      const purge = await call('DELETE', `/api/admin/customers/line:${customer}`);
      assert.equal(purge.status, 200);
      assert.deepEqual(purge.json.deleted, { customerId: `line:${customer}`, activities: logged, conversations: 1, attachments: 0, agentFiles: 0, surveys: 0, customers: 1, contacts: 0, handoffs: 0, inboxEvents: 12 });
      assert.ok(logged >= 24, 'the twelve questions and at least one answer each');
      const after = await call('GET', `/api/transcripts/line/${encodeURIComponent(conversationId)}`);
      assert.deepEqual(after.json.items, []);
      assert.equal(await server.app.customers.get(`line:${customer}`), undefined);
      const inboxLeft = await (await server.app.store.collection<{ _id: string; conversation: string }>('lineInbox')).find({ conversation: conversationId });
      assert.deepEqual(inboxLeft, [], 'the webhook events holding what they wrote are gone');
      assert.equal((await call('DELETE', '/api/admin/customers/not-a-customer-id')).status, 400);
    });
  });

  describe('automated messages', () => {
    it('reads the defaults, overrides some, refuses unknown placeholders, and resets', async () => {
      const defaults = await call('GET', '/api/admin/automated-messages/default/ja');
      assert.equal(defaults.status, 200);
      const original = (defaults.json.messages as Record<string, string>).positionInQueue;
      assert.match(original ?? '', /\{Position\}/);
      const changed = await call('PUT', '/api/admin/automated-messages/default/ja', { positionInQueue: '現在{Position}番目にお待ちいただいています。' });
      assert.equal(changed.status, 200);
      assert.equal((changed.json.messages as Record<string, string>).positionInQueue, '現在{Position}番目にお待ちいただいています。');
      assert.deepEqual((await call('GET', '/api/admin/automated-messages/default/ja')).json.overridden, ['positionInQueue']);
      const refused = await call('PUT', '/api/admin/automated-messages/default/ja', { agentAssigned: '{AgentNmae}が対応します' });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.field, 'agentAssigned');
      assert.equal((await call('PUT', '/api/admin/automated-messages/default/ja', { notAKey: 'x' })).json.field, 'notAKey');
      assert.equal((await call('GET', '/api/admin/automated-messages/default/fr')).status, 400);
      const reset = await call('DELETE', '/api/admin/automated-messages/default/ja');
      assert.equal((reset.json.messages as Record<string, string>).positionInQueue, original);
    });
  });

  describe('LINE dead letters', () => {
    it('lists an event whose answer LINE refused, and retries only its delivery on request', async () => {
      const userId = 'U7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';
      server.fake.api.failNext(1, 400, '/v2/bot/message/reply');
      assert.equal(await postEvent('default', server.channelSecret, 'refused once', userId), 200);
      type Listing = { counts: Record<string, number>; events: { accountId: string; webhookEventId: string; conversation: string; attempts: number; lastError: string; undeliveredMessages: number }[] };
      const listing = await eventually(async () => {
        const answer = await call('GET', '/api/admin/line-events/dead?accountId=default');
        assert.equal(answer.status, 200);
        const found = answer.json as unknown as Listing;
        assert.ok(found.events.length > 0, 'the refused event is a dead letter');
        return found;
      });
      const [dead] = listing.events;
      assert.ok(dead);
      assert.equal(dead.conversation, `default:user:${userId}`);
      assert.equal(dead.attempts, 1);
      assert.match(dead.lastError, /HTTP 400/);
      assert.ok(dead.undeliveredMessages > 0);
      assert.ok((listing.counts.dead ?? 0) >= 1);
      assert.equal((await call('GET', '/api/admin/line-events/dead?limit=0')).status, 400);
      assert.equal((await call('POST', '/api/admin/line-events/default/no-such-event/retry')).status, 404);

      const pushesBefore = server.fake.api.delivered.filter((batch) => batch.chatId === userId).length;
      assert.equal((await call('POST', `/api/admin/line-events/default/${dead.webhookEventId}/retry`)).status, 200);
      await eventually(() => assert.ok(server.fake.api.delivered.some((batch) => batch.chatId === userId && batch.via === 'push'), 'the retried answer to be pushed'));
      assert.equal(pushesBefore, 0);
      const after = (await call('GET', '/api/admin/line-events/dead?accountId=default')).json as unknown as Listing;
      assert.ok(!after.events.some((event) => event.webhookEventId === dead.webhookEventId));
    });
  });

  it('serves the OpenAPI description', async () => {
    const response = await fetch(`${server.app.url}/api/openapi.json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown>; servers: { url: string }[] };
    assert.equal(document.openapi, '3.1.0');
    assert.equal(document.servers[0]?.url, 'https://support.example.com');
    for (const path of ['/api/line/{accountId}', '/api/messages', '/api/admin/channels/line', '/api/admin/channels/line/{id}', '/api/transcripts/{channelId}/{conversationId}', '/api/admin/customers/{customerId}', '/api/admin/automated-messages/{workstreamId}/{language}', '/api/admin/line-events/dead']) {
      assert.ok(path in document.paths, path);
    }
    // Every route the server answers is declared by a contract and so described, method by method (the HTML pages —
    // landing page, dashboard, simulator — aside).
    const routes = (server.app.server.getDebugInfo() as { routes: { method: string; path: string }[] }).routes;
    const page = (path: string): boolean => path === '/' || path.startsWith('/dashboard') || path.startsWith('/simulator');
    const undocumented = routes
      .filter((route) => !page(route.path))
      .map((route) => ({ method: route.method === 'del' ? 'delete' : route.method, path: route.path.replace(/:(\w+)/g, '{$1}') }))
      .filter((route) => !(document.paths[route.path] as Record<string, unknown> | undefined)?.[route.method])
      .map((route) => `${route.method} ${route.path}`);
    assert.deepEqual(undocumented, []);
  });
});
