import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openDocumentStore } from '../../src/storage/engine/openDocumentStore';
import { startTestServer, type TestServer } from '../support/testServer';

const ADMIN_KEY = 'error-responses-admin-key';
/** What a failing disk says: an absolute path the client must never see. */
const STORE_FAILURE = "EROFS: read-only file system, open '/var/lib/line-omnichannel/data/users.db'";

/** A real store whose collections throw {@link STORE_FAILURE} while `failing` is on. */
function failableStore(inner: DocumentStore, state: { failing: boolean }): DocumentStore {
  const wrapCollection = <T extends StoredDocument>(collection: DocumentCollection<T>): DocumentCollection<T> =>
    new Proxy(collection, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (state.failing) return Promise.reject(Object.assign(new Error(STORE_FAILURE), { code: 'EROFS' }));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'collection') {
        return async (...args: Parameters<DocumentStore['collection']>) => wrapCollection(await target.collection(...args));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe('error answers and security headers', () => {
  let server: TestServer;
  let dataDir: string;
  const state = { failing: false };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-errors-'));
    const store = failableStore(await openDocumentStore({ dataDir }), state);
    server = await startTestServer({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY }, [], { store });
  });
  after(async () => {
    state.failing = false;
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(() => {
    state.failing = false;
  });

  it('answers a failing store with a request id, never its paths or stack', async () => {
    state.failing = true;
    const requests: [string, RequestInit][] = [
      ['/api/admin/users', { headers: { authorization: `Bearer ${ADMIN_KEY}` } }],
      ['/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'someone', password: 'a-password-123' }) }],
      ['/api/admin/customers/line:U0123', { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } }],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(`${server.app.url}${path}`, init);
      const text = await response.text();
      assert.ok(response.status >= 500, `${path}: ${response.status} ${text}`);
      assert.doesNotMatch(text, /EROFS|\/var\/lib|users\.db|node_modules|\bat \w/, `${path}: ${text}`);
      const requestId = response.headers.get('x-request-id');
      assert.ok(requestId, `${path}: a request id header`);
      if (response.status === 500) assert.equal((JSON.parse(text) as { requestId?: string }).requestId, requestId, `${path}: the body names the same request id`);
    }
  });

  it('marks API answers nosniff and uncacheable, and every answer with a request id', async () => {
    const api = await fetch(`${server.app.url}/api/openapi.json`);
    assert.equal(api.status, 200);
    assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(api.headers.get('cache-control'), 'no-store');
    const refused = await fetch(`${server.app.url}/api/admin/users`);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
    const health = await fetch(`${server.app.url}/healthz`);
    assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
    assert.match(health.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(health.headers.get('x-request-id'), api.headers.get('x-request-id'));
  });

  it('keeps the message of a 4xx that is about the request', async () => {
    const response = await fetch(`${server.app.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': 'bad' }, body: '{}' });
    assert.equal(response.status, 401);
    const missing = await fetch(`${server.app.url}/api/nothing-here`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /does not exist|not found/i);
  });
});
