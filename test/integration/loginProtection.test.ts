import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'login-protection-admin-key-0123';
const VICTIM = { username: 'victim', password: 'the-victims-password' };
const OTHER = { username: 'other', password: 'the-other-password' };

interface Attempt {
  readonly status: number;
  readonly retryAfter: string | null;
}

/** `POST /api/auth/login`, optionally with an `X-Forwarded-For` header. */
async function login(server: TestServer, credentials: { username: string; password: string }, forwardedFor?: string): Promise<Attempt> {
  const response = await fetch(`${server.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
    body: JSON.stringify(credentials),
  });
  await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

async function startWithUsers(environment: Record<string, string>): Promise<TestServer> {
  // The limits' clock stands still, so no wait runs out between two attempts however slow the machine is.
  const now = new Date();
  const server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY, ...environment }, [], { clock: () => now });
  for (const user of [VICTIM, OTHER]) {
    const response = await fetch(`${server.app.url}/api/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, roles: ['agent'] }),
    });
    assert.equal(response.status, 201, await response.text());
  }
  return server;
}

describe('login protection', () => {
  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let server: TestServer;
    before(async () => {
      server = await startWithUsers({ TRUST_PROXY: 'loopback' });
    });
    after(async () => server.close());

    it('lets the right password in from another address after many failures from an attacker’s address', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 30; attempt += 1) statuses.push((await login(server, { username: VICTIM.username, password: `guess-${attempt}` }, '203.0.113.7')).status);
      assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.ok(statuses.slice(5).every((status) => status === 429), `the attacker's address is slowed down: ${statuses.join(',')}`);
      const refused = await login(server, VICTIM, '203.0.113.7');
      assert.equal(refused.status, 429, 'even the right password waits on the attacker’s address');
      assert.ok(Number(refused.retryAfter) >= 1, `Retry-After ${String(refused.retryAfter)}`);

      assert.equal((await login(server, VICTIM, '198.51.100.20')).status, 200, 'the victim signs in from their own address');
    });

    it('refuses an address after twenty failures whatever the usernames, and only that address, as the proxy names it', async () => {
      // What the client wrote left of the address the proxy appended changes with every attempt, and counts for nothing.
      for (let user = 0; user < 20; user += 1) assert.equal((await login(server, { username: `sprayed-${user}`, password: 'password-1234' }, `10.9.${user}.1, 192.0.2.50`)).status, 401, `failure ${user + 1}`);
      const refused = await login(server, OTHER, '10.9.99.1, 192.0.2.50');
      assert.equal(refused.status, 429, 'the right password of another user, from the spraying address');
      assert.ok(Number(refused.retryAfter) > 60, `Retry-After ${String(refused.retryAfter)}`);
      assert.equal((await login(server, OTHER, '10.9.99.1, 192.0.2.51')).status, 200, 'the next address');
    });
  });

  describe('without a trusted proxy', () => {
    let server: TestServer;
    before(async () => {
      server = await startWithUsers({});
    });
    after(async () => server.close());

    it('ignores X-Forwarded-For: a client cannot take a fresh address with it', async () => {
      for (let user = 0; user < 20; user += 1) assert.equal((await login(server, { username: `spoofer-${user}`, password: 'password-1234' }, `198.51.100.${user + 1}`)).status, 401);
      assert.equal((await login(server, OTHER, '198.51.100.200')).status, 429, 'the socket’s address reached its limit');
    });
  });
});
