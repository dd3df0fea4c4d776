import assert from 'node:assert/strict';
import { SessionRepository } from '../../src/auth/sessionRepository';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';

describeEachBackend('SessionRepository', (backend) => {
  let store: DocumentStore;
  let now: Date;
  let sessions: SessionRepository;

  beforeEach(async () => {
    store = await backend.open();
    now = new Date();
    sessions = await SessionRepository.open(store, { ttlMs: 60 * 60 * 1000, now: () => now });
  });
  afterEach(async () => store.close());

  it('issues a random token, stores only its hash, and resolves it until it expires', async () => {
    const issued = await sessions.create('user-1');
    assert.match(issued.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(issued.expiresAt.getTime(), now.getTime() + 60 * 60 * 1000);
    const stored = await (await store.collection('sessions')).find({});
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(issued.token), 'the token itself is not stored');
    assert.match(stored[0]?._id ?? '', /^[0-9a-f]{64}$/);
    assert.equal((await sessions.resolve(issued.token))?.userId, 'user-1');
    assert.equal(await sessions.resolve('not-a-token'), undefined);
    now = new Date(now.getTime() + 60 * 60 * 1000 + 1);
    assert.equal(await sessions.resolve(issued.token), undefined, 'expired');
  });

  it('revokes one session, or every session of a user', async () => {
    const a = await sessions.create('user-1');
    const b = await sessions.create('user-1');
    const c = await sessions.create('user-2');
    assert.equal(await sessions.revoke(a.token), true);
    assert.equal(await sessions.revoke(a.token), false);
    assert.equal(await sessions.resolve(a.token), undefined);
    assert.equal((await sessions.resolve(b.token))?.userId, 'user-1');
    assert.equal(await sessions.revokeAllOf('user-1'), 1);
    assert.equal(await sessions.resolve(b.token), undefined);
    assert.equal((await sessions.resolve(c.token))?.userId, 'user-2');
  });

  if (backend.name === 'mongodb') {
    it('has a TTL index on expiresAt', async () => {
      const indexes = await backend.listIndexes?.(store, 'sessions');
      assert.ok(indexes?.some((index) => index.key.expiresAt === 1 && index.expireAfterSeconds === 0));
    });
  }
});
