import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { z } from 'zod';
import { createLogger } from '../../src/logger';
import { DomainError } from '../../src/domainError';
import { ANSWERED, apiContract } from '../../src/http/api/apiContract';
import { ApiRouter } from '../../src/http/api/apiRouter';
import { dateTimeSchema } from '../../src/http/api/commonSchemas';
import { openApiFromContracts } from '../../src/http/api/openApiGenerator';
import type { AuthorizationResult, RequestAuthorizer } from '../../src/http/requestAuthorization';

const itemSchema = z.object({ id: z.string(), at: dateTimeSchema, tags: z.array(z.string()) }).meta({ id: 'TestItem' });

const readItem = apiContract({
  method: 'get', path: '/api/items/:id', summary: 'Read an item', tags: ['test'], access: { roles: ['agent'] },
  params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
  query: z.object({ full: z.enum(['yes', 'no']).default('no') }),
  responses: { 200: { description: 'the item', schema: itemSchema }, 404: { description: 'no such item' } },
});
const addItem = apiContract({
  method: 'post', path: '/api/items', summary: 'Add an item', tags: ['test'], access: { roles: ['admin'], usersOnly: true },
  body: z.strictObject({ id: z.string().min(1), tags: z.array(z.string().max(5)).default([]) }),
  responses: { 201: { description: 'added', schema: itemSchema } },
});
const failing = apiContract({ method: 'get', path: '/api/failing/:how', summary: 'Fails', tags: ['test'], access: 'public', params: z.object({ how: z.string() }), responses: { 204: { description: 'never' } } });
const upload = apiContract({ method: 'post', path: '/api/uploads/:name', summary: 'Raw', tags: ['test'], access: 'public', body: { raw: true, contentTypes: ['application/octet-stream'], description: 'bytes' }, responses: { 204: { description: 'stored' } } });
const file = apiContract({ method: 'get', path: '/api/file', summary: 'A file', tags: ['test'], access: 'public', responses: { 200: { description: 'text', contentType: 'text/plain' } } });

class ItemGoneError extends DomainError {
  constructor() {
    super('item_gone', 410, 'the item is gone', { headers: { 'Retry-After': '7' } });
  }
}

/** Tokens: `agent` holds the agent role, `admin` the admin role, `key` is the API key; anything else is unknown. */
const authorizer = {
  async authorize(req: { headers: Record<string, string | string[] | undefined> }, roles: readonly string[]): Promise<AuthorizationResult> {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (token === 'key') return { ok: true, principal: { kind: 'apiKey' } };
    if (token !== 'agent' && token !== 'admin') return { ok: false, refusal: { status: 401, message: 'invalid or expired token' } };
    if (!roles.includes(token)) return { ok: false, refusal: { status: 403, message: 'no role' } };
    return { ok: true, principal: { kind: 'user', userId: `u-${token}`, roles: [token] } };
  },
} as unknown as RequestAuthorizer;

describe('ApiRouter: routes from contracts', () => {
  let server: Server;
  let url: string;
  let api: ApiRouter;
  const added: unknown[] = [];

  before(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    api = new ApiRouter(server, { authorizer, logger: createLogger('silent') });
    api.route(readItem, async ({ params, query }) => {
      if (params.id === 'gone') throw new ItemGoneError();
      if (params.id === 'none') throw new DomainError('not_found', 404, 'no such item');
      if (params.id === 'stale') throw new DomainError('stale', 409, 'changed meanwhile', { field: 'version', body: { version: 7, message: 'not this one', code: 'nor this' } });
      // `secret` is not in the schema: serialising through it drops the key.
      return { status: 200, body: { id: params.id, at: new Date('2026-01-02T03:04:05Z'), tags: [query.full], secret: 's3cr3t' } as never };
    });
    api.route(addItem, async ({ body, userId }) => {
      added.push({ ...body, userId });
      return { status: 201, body: { id: body.id, at: '2026-01-01T00:00:00Z', tags: body.tags } };
    });
    api.route(failing, async ({ params }) => {
      if (params.how === 'crash') throw new Error('ENOENT: /var/lib/secret/path');
      return { status: 200 as never };
    });
    api.route(file, async ({ res }) => {
      res.setHeader('content-type', 'text/plain');
      res.end('hello');
      return ANSWERED;
    });
    api.route(upload, async () => ({ status: 204 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  type Answer = Omit<Response, 'json'> & { json(): Promise<Record<string, unknown>> };
  const call = async (path: string, init: RequestInit & { token?: string } = {}): Promise<Answer> =>
    (await fetch(`${url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) } })) as Answer;

  it('validates params and query, and serialises the answer through its schema', async () => {
    const ok = await call('/api/items/abc?full=yes', { token: 'agent' });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { id: 'abc', at: '2026-01-02T03:04:05.000Z', tags: ['yes'] });
    const badParam = await call('/api/items/ABC', { token: 'agent' });
    assert.equal(badParam.status, 400);
    assert.deepEqual(Object.keys(await badParam.json()).sort(), ['code', 'field', 'message']);
    const badQuery = await (await call('/api/items/abc?full=maybe', { token: 'agent' })).json();
    assert.equal(badQuery.field, 'full');
    assert.equal(badQuery.code, 'invalid_request');
  });

  it('answers refusals of the caller: 401 with WWW-Authenticate, 403, and a users-only route refusing the API key', async () => {
    const unknown = await call('/api/items/abc', { token: 'nobody' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await unknown.json()).code, 'not_authenticated');
    assert.equal((await call('/api/items/abc', { token: 'admin' })).status, 403);
    const key = await call('/api/items', { method: 'POST', token: 'key', body: JSON.stringify({ id: 'x' }) });
    assert.equal(key.status, 403);
    assert.equal(added.length, 0);
  });

  it('reads a JSON body: the field at fault, an unknown key, malformed JSON, defaults applied', async () => {
    const tooLong = await (await call('/api/items', { method: 'POST', token: 'admin', body: JSON.stringify({ id: 'x', tags: ['toolong'] }) })).json();
    assert.equal(tooLong.field, 'tags.0');
    const unknownKey = await (await call('/api/items', { method: 'POST', token: 'admin', body: JSON.stringify({ id: 'x', colour: 'red' }) })).json();
    assert.equal(unknownKey.field, 'colour');
    const malformed = await call('/api/items', { method: 'POST', token: 'admin', body: '{"id":' });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).code, 'malformed_body');
    assert.equal(added.length, 0);
    const created = await call('/api/items', { method: 'POST', token: 'admin', body: JSON.stringify({ id: 'x' }) });
    assert.equal(created.status, 201);
    assert.deepEqual(added, [{ id: 'x', tags: [], userId: 'u-admin' }]);
  });

  it('maps domain errors with their status, code and headers, and hides everything of other failures', async () => {
    const gone = await call('/api/items/gone', { token: 'agent' });
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('retry-after'), '7');
    assert.deepEqual(await gone.json(), { message: 'the item is gone', code: 'item_gone' });
    assert.equal((await call('/api/items/none', { token: 'agent' })).status, 404);
    const stale = await call('/api/items/stale', { token: 'agent' });
    assert.equal(stale.status, 409);
    assert.deepEqual(await stale.json(), { version: 7, message: 'changed meanwhile', code: 'stale', field: 'version' }, 'a refusal’s own fields join the body without replacing the common ones');
    const crash = await call('/api/failing/crash');
    assert.equal(crash.status, 500);
    const body = await crash.json();
    assert.equal(body.code, 'InternalError');
    assert.ok(typeof body.requestId === 'string' && body.requestId.length > 0);
    assert.ok(!JSON.stringify(body).includes('/var/lib'), 'no internals in the answer');
    assert.equal((await call('/api/failing/undeclared')).status, 500, 'a status the contract does not declare is a failure of ours');
  });

  it('lets a handler write a non-JSON answer itself', async () => {
    const answer = await call('/api/file');
    assert.equal(await answer.text(), 'hello');
  });

  it('generates the OpenAPI document from the same contracts', () => {
    const document = openApiFromContracts(api.contracts, { title: 't', version: '1', description: 'd', publicUrl: 'http://example.test' }) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[]; requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    assert.deepEqual(Object.keys(document.paths).sort(), ['/api/failing/{how}', '/api/file', '/api/items', '/api/items/{id}', '/api/uploads/{name}']);
    assert.deepEqual(document.paths['/api/uploads/{name}']?.post?.parameters?.map(({ name, in: where, required }) => [name, where, required]), [['name', 'path', true]], 'a path parameter without a schema is still described');
    const read = document.paths['/api/items/{id}']?.get;
    assert.deepEqual(read?.parameters?.map(({ name, in: where, required }) => [name, where, required]), [['id', 'path', true], ['full', 'query', false]]);
    assert.deepEqual(read?.responses['200']?.content?.['application/json']?.schema, { $ref: '#/components/schemas/TestItem' });
    assert.deepEqual(document.components.schemas.TestItem?.properties?.at, { type: 'string', format: 'date-time' });
    assert.ok(read?.responses['401'] && read.responses['403'] && read.responses['400'], 'shared refusals are described');
    assert.deepEqual(document.paths['/api/items']?.post?.requestBody?.content['application/json']?.schema.required, ['id'], 'a defaulted field is optional in the request');
    assert.deepEqual(document.paths['/api/items']?.post?.security, [{ sessionToken: [] }], 'a users-only route takes no API key');
    assert.equal(document.paths['/api/file']?.get?.security, undefined);
    assert.ok(document.paths['/api/file']?.get?.responses['200']?.content?.['text/plain']);
  });
});
