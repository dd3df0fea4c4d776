import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fixtures from '../fixtures/lineEvents';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'test-admin-key-0123456789';
const ADMIN_USERNAME = 'Root.Admin';
const ADMIN_PASSWORD = 'bootstrap-admin-password';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

describe('users, roles and login', () => {
  let server: TestServer;
  /** Every response body, to check that no password hash ever left the server. */
  const bodies: string[] = [];

  before(async () => {
    server = await startTestServer({ ADMIN_USERNAME, ADMIN_PASSWORD, ADMIN_API_KEY: ADMIN_KEY });
  });
  after(async () => server.close());

  async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
    const response = await fetch(`${server.app.url}${path}`, {
      method,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function login(username: string, password: string): Promise<Answer> {
    return call('POST', '/api/auth/login', { body: { username, password } });
  }

  async function tokenOf(username: string, password: string): Promise<string> {
    const answer = await login(username, password);
    assert.equal(answer.status, 200, answer.text);
    return String(answer.json.token);
  }

  let adminToken = '';
  let agentId = '';
  let supervisorId = '';
  const conversationId = `default:user:${fixtures.USER_ID}`;

  it('the bootstrap admin logs in and sees who they are', async () => {
    const answer = await login('root.admin', ADMIN_PASSWORD);
    assert.equal(answer.status, 200, answer.text);
    adminToken = String(answer.json.token);
    assert.ok(adminToken.length >= 40);
    assert.ok(Date.parse(String(answer.json.expiresAt)) > Date.now() + 11 * 60 * 60 * 1000, 'about twelve hours');
    assert.deepEqual((answer.json.user as { roles: string[] }).roles, ['admin']);
    const me = await call('GET', '/api/auth/me', { token: adminToken });
    assert.equal(me.status, 200);
    assert.equal((me.json.user as { username: string }).username, 'root.admin');
    assert.equal((await call('GET', '/api/auth/me', { token: ADMIN_KEY })).json.kind, 'apiKey');
  });

  it('an admin creates an agent and a supervisor; bad fields are named; a taken username is 409', async () => {
    const agent = await call('POST', '/api/admin/users', { token: adminToken, body: { username: 'Agent.Ann', displayName: 'Ann', roles: ['agent'], password: 'agent-password-1' } });
    assert.equal(agent.status, 201, agent.text);
    agentId = String(agent.json.id);
    assert.equal(agent.json.username, 'agent.ann');
    const supervisor = await call('POST', '/api/admin/users', { token: ADMIN_KEY, body: { username: 'sue', roles: ['supervisor'], password: 'supervisor-password-1' } });
    assert.equal(supervisor.status, 201, supervisor.text);
    supervisorId = String(supervisor.json.id);

    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'short-pw', roles: ['agent'], password: 'too-short' }, 'password'],
      [{ username: 'no-roles', roles: [], password: 'long-enough-password' }, 'roles'],
      [{ username: 'bad-role', roles: ['root'], password: 'long-enough-password' }, 'roles.0'],
      [{ username: 'has space', roles: ['agent'], password: 'long-enough-password' }, 'username'],
      [{ username: 'extra', roles: ['agent'], password: 'long-enough-password', superuser: true }, 'superuser'],
    ];
    for (const [body, field] of cases) {
      const answer = await call('POST', '/api/admin/users', { token: adminToken, body });
      assert.equal(answer.status, 400, field);
      assert.equal(answer.json.field, field);
    }
    const taken = await call('POST', '/api/admin/users', { token: adminToken, body: { username: 'AGENT.ANN', roles: ['agent'], password: 'long-enough-password' } });
    assert.equal(taken.status, 409);
    const list = await call('GET', '/api/admin/users', { token: adminToken });
    assert.deepEqual((list.json.items as { username: string }[]).map((user) => user.username), ['agent.ann', 'root.admin', 'sue']);
  });

  it('authorizes each route by role', async () => {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(fixtures.USER_ID), message: { text: 'hello' }, replyToken: server.fake.api.issueReplyToken(fixtures.USER_ID) });
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), server.channelSecret);
    assert.equal((await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw })).status, 200);
    await server.app.whenIdle();

    const agentToken = await tokenOf('agent.ann', 'agent-password-1');
    const supervisorToken = await tokenOf('SUE', 'supervisor-password-1');
    const transcript = `/api/transcripts/line/${encodeURIComponent(conversationId)}`;

    assert.equal((await call('GET', '/api/admin/channels/line', { token: agentToken })).status, 403);
    assert.equal((await call('GET', transcript, { token: agentToken })).status, 403);
    assert.equal((await call('GET', '/api/admin/users', { token: agentToken })).status, 403);
    assert.equal((await call('GET', '/api/auth/me', { token: agentToken })).status, 200);

    const supervisorTranscript = await call('GET', transcript, { token: supervisorToken });
    assert.equal(supervisorTranscript.status, 200);
    assert.ok((supervisorTranscript.json.items as unknown[]).length >= 2);
    assert.equal((await call('GET', '/api/admin/channels/line', { token: supervisorToken })).status, 403);
    assert.equal((await call('DELETE', `/api/admin/customers/line:${fixtures.USER_ID}`, { token: supervisorToken })).status, 403);
    assert.equal((await call('GET', '/api/admin/automated-messages/default/ja', { token: supervisorToken })).status, 403);

    assert.equal((await call('GET', '/api/admin/channels/line', { token: adminToken })).status, 200);
    assert.equal((await call('GET', transcript, { token: adminToken })).status, 200);
    assert.equal((await call('GET', '/api/admin/channels/line', { token: ADMIN_KEY })).status, 200);

    const none = await call('GET', '/api/admin/channels/line');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await call('GET', '/api/admin/channels/line', { token: 'not-a-session-token' })).status, 401);
  });

  it('answers a wrong password exactly as an unknown user, and rate-limits the sixth failure', async () => {
    const wrongPassword = await login('sue', 'not-sues-password');
    const unknownUser = await login('nobody-at-all', 'not-sues-password');
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownUser.status, 401);
    assert.equal(wrongPassword.text, unknownUser.text);

    for (let attempt = 1; attempt <= 5; attempt += 1) assert.equal((await login('agent.ann', `wrong-guess-${attempt}`)).status, 401, `failure ${attempt}`);
    const limited = await login('agent.ann', 'agent-password-1');
    assert.equal(limited.status, 429, 'from the same address, even the right password waits');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${String(retryAfter)}`);
    assert.equal((await login('sue', 'supervisor-password-1')).status, 200, 'other users still log in');
  });

  it('refuses a token after logout', async () => {
    const token = await tokenOf('sue', 'supervisor-password-1');
    assert.equal((await call('GET', '/api/auth/me', { token })).status, 200);
    assert.equal((await call('POST', '/api/auth/logout', { token })).status, 204);
    assert.equal((await call('GET', '/api/auth/me', { token })).status, 401);
    assert.equal((await call('POST', '/api/auth/logout', { token })).status, 401);
  });

  it('disabling a user ends their sessions and refuses their logins; a role change applies at once', async () => {
    const token = await tokenOf('sue', 'supervisor-password-1');
    const promoted = await call('PATCH', `/api/admin/users/${supervisorId}`, { token: adminToken, body: { roles: ['supervisor', 'admin'] } });
    assert.equal(promoted.status, 200);
    assert.equal((await call('GET', '/api/admin/channels/line', { token })).status, 200);
    const disabled = await call('PATCH', `/api/admin/users/${supervisorId}`, { token: adminToken, body: { disabled: true } });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.json.disabled, true);
    assert.equal((await call('GET', '/api/auth/me', { token })).status, 401);
    const refusedLogin = await login('sue', 'supervisor-password-1');
    assert.equal(refusedLogin.status, 401);
    assert.equal(refusedLogin.json.message, 'invalid username or password');
  });

  it('a new password ends the sessions; deleting a user too; the last admin stays', async () => {
    const reader = await call('POST', '/api/admin/users', { token: adminToken, body: { username: 'reader', roles: ['supervisor'], password: 'reader-password-1' } });
    const readerId = String(reader.json.id);
    const token = await tokenOf('reader', 'reader-password-1');
    assert.equal((await call('PATCH', `/api/admin/users/${readerId}`, { token: adminToken, body: { password: 'short' } })).json.field, 'password');
    assert.equal((await call('PATCH', `/api/admin/users/${readerId}`, { token: adminToken, body: { password: 'reader-new-password' } })).status, 200);
    assert.equal((await call('GET', '/api/auth/me', { token })).status, 401);
    const second = await tokenOf('reader', 'reader-new-password');
    assert.equal((await call('DELETE', `/api/admin/users/${readerId}`, { token: adminToken })).status, 204);
    assert.equal((await call('GET', '/api/auth/me', { token: second })).status, 401);
    assert.equal((await call('GET', `/api/admin/users/${readerId}`, { token: adminToken })).status, 404);
    assert.equal((await call('DELETE', `/api/admin/users/${readerId}`, { token: adminToken })).status, 404);

    const me = await call('GET', '/api/auth/me', { token: adminToken });
    const rootId = String((me.json.user as { id: string }).id);
    assert.equal((await call('DELETE', `/api/admin/users/${rootId}`, { token: adminToken })).status, 409);
    assert.equal((await call('GET', `/api/admin/users/${agentId}`, { token: adminToken })).json.username, 'agent.ann');
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.app.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/admin/users', '/api/admin/users/{id}']) assert.ok(path in document.paths, path);
  });

  it('never sent a password hash or a password', () => {
    assert.ok(bodies.length > 30);
    for (const body of bodies) {
      assert.ok(!/scrypt\$|passwordHash/.test(body), body);
      assert.ok(!body.includes(ADMIN_PASSWORD) && !body.includes('agent-password-1'), body);
    }
  });

  it('creates the first admin only once across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-auth-'));
    try {
      const first = await startTestServer({ DATA_DIR: dataDir, ADMIN_USERNAME: 'first-admin', ADMIN_PASSWORD: 'first-admin-password' });
      await first.close();
      const restarted = await startTestServer({ DATA_DIR: dataDir, ADMIN_USERNAME: 'another-admin', ADMIN_PASSWORD: 'another-admin-password' });
      try {
        assert.deepEqual((await restarted.app.users.list()).map((user) => [user.username, user.roles]), [['first-admin', ['admin']]]);
      } finally {
        await restarted.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the first administrator, created with the setup code', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${server.app.url}/api/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }
  const needed = async (): Promise<unknown> => ((await (await fetch(`${server.app.url}/api/auth/setup`)).json()) as { needed: unknown }).needed;

  it('is needed until an admin exists, refuses a wrong code and a weak password, then closes for good', async () => {
    const code = server.app.firstAdminSetup.code ?? '';
    assert.match(code, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    assert.equal(await needed(), true);
    const admin = { username: 'owner', password: 'a-long-enough-password', displayName: 'Owner' };
    assert.equal((await post({ ...admin, code: code.replace(/^./, (first) => (first === 'A' ? 'B' : 'A')) })).status, 403);
    const weak = await post({ ...admin, code, password: 'short' });
    assert.equal(weak.status, 400);
    assert.equal(weak.json.field, 'password');
    assert.equal(await needed(), true, 'nothing was created');

    const created = await post({ ...admin, code: code.toLowerCase() });
    assert.equal(created.status, 201);
    const me = await fetch(`${server.app.url}/api/auth/me`, { headers: { authorization: `Bearer ${String(created.json.token)}` } });
    assert.deepEqual(((await me.json()) as { user: { username: string; roles: string[] } }).user.roles, ['admin']);
    assert.equal(await needed(), false);
    const again = await post({ ...admin, username: 'second', code });
    assert.equal(again.status, 409, 'the code is spent once an admin exists');
  });

  it('counts wrong codes like failed logins, so the code cannot be guessed', async () => {
    const fresh = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt += 1) {
        const response = await fetch(`${fresh.app.url}/api/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'WRONG', username: 'x', password: 'a-long-enough-password' }) });
        statuses.push(response.status);
      }
      assert.deepEqual(statuses.slice(0, 5), [403, 403, 403, 403, 403]);
      assert.equal(statuses.at(-1), 429, `then refused outright: ${statuses.join(',')}`);
    } finally {
      await fresh.close();
    }
  });
});
