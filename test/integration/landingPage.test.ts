import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/testServer';

describe('the landing page at /', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ LINE_SIMULATOR: 'on' });
  });
  after(async () => server.close());

  it('leads to the simulator, the dashboard, the Emulator endpoint and the API description, under a CSP without inline code', async () => {
    const response = await fetch(`${server.app.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await response.text();
    assert.doesNotMatch(html, /<script/i);
    for (const link of ['href="/simulator"', 'href="/dashboard"', 'href="/api/openapi.json"']) assert.ok(html.includes(link), link);
    assert.ok(html.includes(`${server.app.url}/api/messages`), 'the Emulator endpoint');
    for (const target of ['/simulator', '/dashboard', '/api/openapi.json']) assert.equal((await fetch(`${server.app.url}${target}`)).status, 200, target);
  });

  it('names no simulator when it is off', async () => {
    const plain = await startTestServer();
    try {
      assert.doesNotMatch(await (await fetch(`${plain.app.url}/`)).text(), /simulator/i);
    } finally {
      await plain.close();
    }
  });
});
