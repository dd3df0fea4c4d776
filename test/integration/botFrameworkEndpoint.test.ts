import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { eventually } from '../support/eventually';
import { shippedTopic } from '../support/selfServiceContent';
import { startTestServer, type TestServer } from '../support/testServer';

interface ConnectorCall {
  readonly path: string;
  readonly body: { type?: string; text?: string; replyToId?: string; suggestedActions?: { actions: { title: string }[] } };
}

/** A stand-in for the Emulator's connector service: it receives the bot's replies. */
async function startConnector(): Promise<{ url: string; calls: ConnectorCall[]; server: Server }> {
  const calls: ConnectorCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as ConnectorCall['body'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

function emulatorActivity(serviceUrl: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'conv-1|livechat' },
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    ...extra,
  };
}

describe('Bot Framework endpoint (/api/messages)', () => {
  describe('without an app id (Emulator)', () => {
    let server: TestServer;
    let connector: Awaited<ReturnType<typeof startConnector>>;

    before(async () => {
      server = await startTestServer();
      connector = await startConnector();
    });
    after(async () => {
      await server.close();
      connector.server.close();
    });

    async function post(activity: Record<string, unknown>): Promise<Response> {
      return fetch(`${server.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    }

    it('greets on conversationUpdate and answers a message at the given serviceUrl', async () => {
      const update = await post(emulatorActivity(connector.url, { type: 'conversationUpdate', id: 'act-1', membersAdded: [{ id: 'user-1', name: 'User' }, { id: 'bot-1', name: 'Bot' }] }));
      assert.ok(update.status === 200 || update.status === 202, `status ${update.status}`);
      await eventually(() => assert.equal(connector.calls.length, 1, 'the greeting'));
      assert.equal(connector.calls[0]?.path, '/v3/conversations/conv-1%7Clivechat/activities/act-1');
      assert.equal(connector.calls[0]?.body.text, EN_TEXTS.greeting('User'));

      const message = await post(emulatorActivity(connector.url, { type: 'message', id: 'act-2', text: 'Where is my order?' }));
      assert.ok(message.status === 200 || message.status === 202, `status ${message.status}`);
      await eventually(() => assert.ok(connector.calls.length >= 3, 'the answer and the feedback question'));
      assert.equal(connector.calls[1]?.path, '/v3/conversations/conv-1%7Clivechat/activities/act-2');
      assert.equal(connector.calls[1]?.body.text, shippedTopic('delivery-status').answer.en);
      assert.equal(connector.calls[1]?.body.replyToId, 'act-2');
      assert.equal(connector.calls[2]?.body.text, EN_TEXTS.didThisHelp);
      assert.deepEqual(connector.calls[2]?.body.suggestedActions?.actions.map((action) => action.title), [EN_TEXTS.yesLabel, EN_TEXTS.noLabel]);
    });

    it('refuses a body that is not an activity', async () => {
      for (const body of ['{"nope":true}', '{"type":"message","conversation":42}', '[1,2]']) {
        const response = await fetch(`${server.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.equal(response.status, 400, body);
      }
    });
  });

  describe('with an app id', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used' });
    });
    after(async () => server.close());

    // Any key fetch the SDK attempts for a token stays on this machine (and fails): tests never reach Microsoft.
    before(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    });
    after(() => nock.enableNetConnect());

    it('refuses requests without a Bot Framework token', async () => {
      const response = await fetch(`${server.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(emulatorActivity('http://127.0.0.1:9', { type: 'message', id: 'x', text: 'hi' })),
      });
      assert.equal(response.status, 401);
    });

    it('answers 401, never 500, to bad tokens of every shape, and says nothing of why', async () => {
      const appId = '00000000-0000-0000-0000-000000000001';
      const now = Math.floor(Date.now() / 1000);
      const claims = { aud: appId, iss: 'https://api.botframework.com', serviceurl: 'https://smba.trafficmanager.net/', nbf: now - 60, exp: now + 3600 };
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const shapes: Record<string, string> = {
        'no scheme': 'abc',
        'empty bearer': 'Bearer ',
        'basic credentials': `Basic ${Buffer.from('user:pass').toString('base64')}`,
        'not a JWT': 'Bearer not.a.jwt',
        'unsigned (alg none)': `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, claims, () => '')}`,
        'HMAC-signed': `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, claims, (input) => createHmac('sha256', 'guess').update(input).digest('base64url'))}`,
        'well-formed, trusted issuer, unknown key': `Bearer ${jwt({ alg: 'RS256', typ: 'JWT', kid: 'not-a-microsoft-key' }, claims, (input) => sign('sha256', Buffer.from(input), privateKey).toString('base64url'))}`,
        'well-formed, untrusted issuer': `Bearer ${jwt({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { ...claims, iss: 'https://evil.example' }, (input) => sign('sha256', Buffer.from(input), privateKey).toString('base64url'))}`,
        'expired': `Bearer ${jwt({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { ...claims, exp: now - 3600, nbf: now - 7200 }, (input) => sign('sha256', Buffer.from(input), privateKey).toString('base64url'))}`,
      };
      for (const [shape, authorization] of Object.entries(shapes)) {
        const response = await fetch(`${server.app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify(emulatorActivity('https://smba.trafficmanager.net/', { type: 'message', id: 'x', text: 'hi' })),
        });
        const text = await response.text();
        assert.equal(response.status, 401, `${shape}: ${response.status} ${text}`);
        assert.doesNotMatch(text, /at |Error|\/work\/|node_modules/, `${shape}: the refusal carries no internals`);
      }
    });
  });
});

/** A JSON Web Token with the given header and claims, signed by `signature` over `header.payload`. */
function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, signature: (input: string) => string): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${signature(input)}`;
}

describe('Bot Framework endpoint switched off (BOT_FRAMEWORK_ENDPOINT=off)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ BOT_FRAMEWORK_ENDPOINT: 'off' });
  });
  after(async () => server.close());

  it('is not served at all', async () => {
    const response = await fetch(`${server.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(emulatorActivity('http://127.0.0.1:9', { type: 'message', id: 'x', text: 'hi' })),
    });
    assert.ok(response.status === 404 || response.status === 405, `status ${response.status}`);
  });
});
