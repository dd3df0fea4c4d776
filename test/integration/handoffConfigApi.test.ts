import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'test-admin-key-0123456789';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

describe('handoff configuration API', () => {
  let server: TestServer;
  let agentToken = '';
  let supervisorToken = '';

  before(async () => {
    server = await startTestServer({ ADMIN_API_KEY: ADMIN_KEY });
    agentToken = await userToken('agent.bob', 'agent', 'agent-password-1');
    supervisorToken = await userToken('sup.sam', 'supervisor', 'supervisor-password-1');
  });
  after(async () => server.close());

  async function call(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
    const token = options.token === undefined ? ADMIN_KEY : options.token;
    const response = await fetch(`${server.app.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function userToken(username: string, role: string, password: string): Promise<string> {
    const created = await call('POST', '/api/admin/users', { body: { username, roles: [role], password } });
    assert.equal(created.status, 201, created.text);
    const login = await call('POST', '/api/auth/login', { token: null, body: { username, password } });
    assert.equal(login.status, 200, login.text);
    return String(login.json.token);
  }

  const tokyoQueue = {
    id: 'ja-billing',
    name: 'Billing (ja)',
    languages: ['ja'],
    priority: 5,
    distribution: 'push',
    hours: { timeZone: 'Asia/Tokyo', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '18:00' })), holidays: ['2026-01-01'] },
  };
  const vipRule = { id: 'vip-ja', name: 'VIP customers (ja)', order: 10, when: { languages: ['ja'], customerTagsAny: ['vip'] }, queueId: 'ja-billing', requiredSkills: ['billing'], priority: 10 };
  const agentProfile = { id: 'user-bob', displayName: 'Bob', languages: ['ja', 'en'], skills: [{ name: 'billing', proficiency: 4 }], capacity: 3, queueIds: ['ja-billing'] };
  const workstream = { id: 'line-ja', name: 'LINE (ja)', language: 'ja', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: false, automatedMessagesWorkstreamId: 'default' };

  it('creates a queue with Tokyo hours, a rule targeting it, an agent profile and a workstream', async () => {
    const queue = await call('POST', '/api/admin/queues', { body: tokyoQueue });
    assert.equal(queue.status, 201, queue.text);
    assert.deepEqual(queue.json, tokyoQueue);
    assert.equal((await call('POST', '/api/admin/routing-rules', { body: vipRule })).status, 201);
    assert.equal((await call('POST', '/api/admin/agents', { body: agentProfile })).status, 201);
    assert.equal((await call('POST', '/api/admin/workstreams', { body: workstream })).status, 201);
    // The fallback queue exists from the start; administrators reshape it like any other.
    assert.equal((await call('GET', '/api/admin/queues/general')).status, 200);
    assert.equal((await call('PUT', '/api/admin/queues/general', { body: { name: 'General', languages: ['en'], priority: 0, distribution: 'pick' } })).status, 200);

    const taken = await call('POST', '/api/admin/queues', { body: tokyoQueue });
    assert.equal(taken.status, 409);
    assert.equal(taken.json.code, 'exists');
  });

  it('lists and reads what was created', async () => {
    assert.deepEqual(((await call('GET', '/api/admin/queues')).json.items as { id: string }[]).map((item) => item.id), ['general', 'ja-billing']);
    assert.deepEqual((await call('GET', '/api/admin/routing-rules')).json.items, [vipRule]);
    assert.deepEqual((await call('GET', '/api/admin/agents/user-bob')).json, agentProfile);
    assert.deepEqual((await call('GET', '/api/admin/workstreams/line-ja')).json, workstream);
    assert.equal((await call('GET', '/api/admin/workstreams/nope')).status, 404);
  });

  it('replaces items; an id in the body must match the path', async () => {
    const changed = await call('PUT', '/api/admin/routing-rules/vip-ja', { body: { ...vipRule, id: undefined, order: 1, priority: 20 } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.priority, 20);
    assert.equal(((await call('GET', '/api/admin/routing-rules')).json.items as { order: number }[])[0]?.order, 1);
    const renamed = await call('PUT', '/api/admin/queues/ja-billing', { body: { ...tokyoQueue, id: 'other' } });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.json.field, 'id');
    assert.equal((await call('PUT', '/api/admin/workstreams/nope', { body: workstream })).status, 400, 'body id differs from the path');
    assert.equal((await call('PUT', '/api/admin/workstreams/nope', { body: { ...workstream, id: undefined } })).status, 404);
  });

  it('refuses to delete a queue in use, naming who uses it; deletes it once free', async () => {
    const refused = await call('DELETE', '/api/admin/queues/ja-billing');
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(refused.json.usedBy, { routingRules: ['vip-ja'], agents: ['user-bob'] });

    assert.equal((await call('PUT', '/api/admin/routing-rules/vip-ja', { body: { ...vipRule, queueId: 'general' } })).status, 200);
    assert.equal((await call('PUT', '/api/admin/agents/user-bob', { body: { ...agentProfile, queueIds: ['general'] } })).status, 200);
    assert.equal((await call('DELETE', '/api/admin/queues/ja-billing')).status, 204);
    assert.equal((await call('DELETE', '/api/admin/queues/ja-billing')).status, 404);
    assert.equal((await call('DELETE', '/api/admin/workstreams/line-ja')).status, 204);
  });

  it('answers 400 naming the field at fault', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/admin/queues', { ...tokyoQueue, id: 'q2', hours: { ...tokyoQueue.hours, timeZone: 'Asia/Atlantis' } }, 'hours.timeZone'],
      ['/api/admin/queues', { ...tokyoQueue, id: 'q2', languages: ['ja', 'fr'] }, 'languages.1'],
      ['/api/admin/queues', { ...tokyoQueue, id: 'q2', languages: [] }, 'languages'],
      ['/api/admin/queues', { ...tokyoQueue, id: 'q2', hours: { ...tokyoQueue.hours, weekly: [{ day: 1, opens: '9:00', closes: '18:00' }] } }, 'hours.weekly.0.opens'],
      ['/api/admin/queues', { ...tokyoQueue, id: 'q2', hours: { ...tokyoQueue.hours, holidays: ['2026-02-30'] } }, 'hours.holidays.0'],
      ['/api/admin/queues', { ...tokyoQueue, id: 'Not A Slug' }, 'id'],
      ['/api/admin/routing-rules', { ...vipRule, id: 'r2', queueId: 'missing' }, 'queueId'],
      ['/api/admin/agents', { ...agentProfile, id: 'user-2', capacity: 51, queueIds: [] }, 'capacity'],
      ['/api/admin/agents', { ...agentProfile, id: 'user-2', skills: [{ name: 'billing', proficiency: 6 }], queueIds: [] }, 'skills.0.proficiency'],
      ['/api/admin/workstreams', { ...workstream, id: 'w2', language: 'de' }, 'language'],
    ];
    for (const [path, body, field] of cases) {
      const answer = await call('POST', path, { body });
      assert.equal(answer.status, 400, `${field}: ${answer.text}`);
      assert.equal(answer.json.field, field, answer.text);
    }
  });

  it('lets only admins write, and supervisors read queues and agents', async () => {
    for (const path of ['/api/admin/queues', '/api/admin/routing-rules', '/api/admin/agents', '/api/admin/workstreams']) {
      assert.equal((await call('GET', path, { token: agentToken })).status, 403, path);
    }
    assert.equal((await call('POST', '/api/admin/queues', { token: agentToken, body: tokyoQueue })).status, 403);
    assert.equal((await call('DELETE', '/api/admin/queues/general', { token: agentToken })).status, 403);
    assert.equal((await call('GET', '/api/admin/queues', { token: supervisorToken })).status, 200);
    assert.equal((await call('GET', '/api/admin/agents/user-bob', { token: supervisorToken })).status, 200);
    assert.equal((await call('GET', '/api/admin/routing-rules', { token: supervisorToken })).status, 403);
    assert.equal((await call('PUT', '/api/admin/queues/general', { token: supervisorToken, body: { name: 'G', languages: ['en'], priority: 0, distribution: 'pick' } })).status, 403);
    assert.equal((await call('GET', '/api/admin/queues', { token: null })).status, 401);
  });

  it('describes the routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.app.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    for (const kind of ['queues', 'routing-rules', 'agents', 'workstreams']) {
      assert.ok(`/api/admin/${kind}` in document.paths, kind);
      assert.ok(`/api/admin/${kind}/{id}` in document.paths, kind);
    }
    assert.ok('HandoffQueue' in document.components.schemas);
  });

  it('describes the agent API, the supervisor API and the event stream in the OpenAPI document', async () => {
    type Operation = { security?: Record<string, unknown>[]; responses: Record<string, { content?: Record<string, unknown> }> };
    const document = (await (await fetch(`${server.app.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    const expected: [string, string[]][] = [
      ['/api/agent/presence', ['get', 'put']],
      ['/api/agent/conversations', ['get']],
      ['/api/agent/conversations/{id}', ['get']],
      ...['accept', 'decline', 'close', 'wait', 'transfer', 'read', 'messages', 'contact'].map((action): [string, string[]] => [`/api/agent/conversations/{id}/${action}`, ['post']]),
      ['/api/agent/conversations/{id}/transcript', ['get']],
      ['/api/agent/contacts', ['get']],
      ['/api/agent/contacts/{contactId}', ['get']],
      ['/api/agent/directory', ['get']],
      ['/api/agent/canned-responses', ['get']],
      ['/api/agent/conversations/{id}/history', ['get']],
      ['/api/admin/canned-responses', ['get', 'post']],
      ['/api/agent/conversations/{id}/attachments/{messageId}', ['get']],
      ['/api/supervisor/overview', ['get']],
      ...['assign', 'transfer', 'close'].map((action): [string, string[]] => [`/api/supervisor/conversations/{id}/${action}`, ['post']]),
      ['/api/supervisor/agents/{id}/presence', ['put']],
      ['/api/handoff/events', ['get']],
    ];
    for (const [path, methods] of expected) {
      const item = document.paths[path];
      assert.ok(item, path);
      for (const method of methods) {
        const operation = item[method];
        assert.ok(operation, `${method.toUpperCase()} ${path}`);
        assert.ok(operation.responses['401'], `${method.toUpperCase()} ${path} documents 401`);
        assert.ok(operation.responses['403'], `${method.toUpperCase()} ${path} documents 403`);
      }
    }
    // The agent API acts for a logged-in user: only the session token is a way in.
    assert.deepEqual(document.paths['/api/agent/presence']?.get?.security, [{ sessionToken: [] }]);
    const messages = document.paths['/api/agent/conversations/{id}/messages']?.post;
    for (const status of ['200', '201', '404', '409']) assert.ok(messages?.responses[status], `messages documents ${status}`);
    assert.ok(document.paths['/api/handoff/events']?.get?.responses['200']?.content?.['text/event-stream']);
    for (const schema of ['HandoffConversationView', 'HandoffOverview', 'HandoffEvent', 'AgentMessage']) assert.ok(schema in document.components.schemas, schema);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] ?? '');
    assert.deepEqual(refs.filter((name) => !(name in document.components.schemas)), [], 'every $ref names a schema');
  });
});
