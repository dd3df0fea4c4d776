import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { waitFor } from '../support/signedWebhook';
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
      await waitFor(() => connector.calls.length === 1, 'the greeting');
      assert.equal(connector.calls[0]?.path, '/v3/conversations/conv-1%7Clivechat/activities/act-1');
      assert.equal(connector.calls[0]?.body.text, EN_TEXTS.greeting('User'));

      const message = await post(emulatorActivity(connector.url, { type: 'message', id: 'act-2', text: 'Where is my order?' }));
      assert.ok(message.status === 200 || message.status === 202, `status ${message.status}`);
      await waitFor(() => connector.calls.length >= 3, 'the answer and the feedback question');
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

    it('refuses requests without a Bot Framework token', async () => {
      const response = await fetch(`${server.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(emulatorActivity('http://127.0.0.1:9', { type: 'message', id: 'x', text: 'hi' })),
      });
      assert.equal(response.status, 401);
    });
  });
});
