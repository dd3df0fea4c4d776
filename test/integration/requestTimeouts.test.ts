import assert from 'node:assert/strict';
import { sendAndStall, type StalledExchange } from '../support/stalledRequest';
import { startTestServer, type TestServer } from '../support/testServer';

function statusOf(exchange: StalledExchange): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(exchange.received);
  return match ? Number(match[1]) : undefined;
}

describe('request timeouts', () => {
  let server: TestServer;

  before(async () => {
    // Tiny timeouts keep the test quick; the assertions are on what happens, not on when.
    server = await startTestServer({
      HTTP_HEADERS_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '600',
      WEBHOOK_BODY_TIMEOUT_MS: '200',
      API_BODY_TIMEOUT_MS: '200',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '200',
      ADMIN_API_KEY: 'request-timeouts-admin-key',
    });
  });
  after(async () => server.close());

  it('answers a LINE webhook whose body stalls with 408 and closes the connection', async () => {
    const exchange = await sendAndStall(
      server.app.url,
      'POST /api/line/default HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Line-Signature: c2lnbmF0dXJl\r\nContent-Length: 500\r\n\r\n{"destination":"U0","events":[',
    );
    assert.equal(statusOf(exchange), 408, exchange.received);
    assert.match(exchange.received, /\r\nconnection: close\r\n/i);
    assert.ok(exchange.closedByServer, 'the server kept the connection open');
  });

  it('answers a management API request whose JSON body stalls with 408 and closes the connection', async () => {
    const exchange = await sendAndStall(server.app.url, 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":');
    assert.equal(statusOf(exchange), 408, exchange.received);
    assert.ok(exchange.closedByServer, 'the server kept the connection open');
  });

  it('answers a request whose headers stall with 408 and closes the connection', async () => {
    const exchange = await sendAndStall(server.app.url, 'POST /api/line/default HTTP/1.1\r\nHost: localhost\r\nX-Line-Sig');
    assert.equal(statusOf(exchange), 408, exchange.received);
    assert.ok(exchange.closedByServer, 'the server kept the connection open');
  });

  it('bounds a body no route reads in time by the request timeout (408, connection closed)', async () => {
    const exchange = await sendAndStall(server.app.url, 'POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"type":"message"');
    assert.equal(statusOf(exchange), 408, exchange.received);
    assert.ok(exchange.closedByServer, 'the server kept the connection open');
  });

  it('closes an idle keep-alive connection', async () => {
    const exchange = await sendAndStall(server.app.url, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal(statusOf(exchange), 200, exchange.received);
    assert.ok(exchange.closedByServer, 'the server kept the idle connection open');
  });

  it('keeps an event stream open past the request timeout', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.app.url}/api/handoff/events`, { headers: { authorization: 'Bearer request-timeouts-admin-key' }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.ok(response.body);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(received)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended; it had: ${received}`);
        received += decoder.decode(chunk.value, { stream: true });
      }
    };
    try {
      await readUntil(/^retry: \d+\n\n/);
      // Longer than the request and headers timeouts together, so the server has had every chance to cut it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      server.app.handoffEvents.publish({ type: 'presence', agentId: 'someone', presence: 'available' });
      await readUntil(/event: presence\n/);
    } finally {
      controller.abort();
    }
  });
});
