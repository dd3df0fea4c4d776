import assert from 'node:assert/strict';
import { LastAdminError, UserRepository, UsernameTakenError, UserValidationError } from '../../src/auth/userRepository';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';

// Cheap hashes keep the suite fast; the parameters travel with each hash, so nothing else changes.
const hashParameters = { N: 2 ** 10, r: 8, p: 1 };

describeEachBackend('UserRepository', (backend) => {
  let store: DocumentStore;
  let users: UserRepository;

  beforeEach(async () => {
    store = await backend.open();
    users = await UserRepository.open(store, { hashParameters });
  });
  afterEach(async () => store.close());

  it('creates a user with a lower-cased unique username, and never shows the hash', async () => {
    const created = await users.create({ username: 'Alice.Agent', roles: ['agent', 'agent'], password: 'a-long-password-1' });
    assert.equal(created.username, 'alice.agent');
    assert.equal(created.displayName, 'alice.agent');
    assert.deepEqual(created.roles, ['agent']);
    assert.equal(created.disabled, false);
    assert.ok(!('passwordHash' in created));
    assert.deepEqual(await users.get(created.id), created);
    assert.deepEqual(await users.findByUsername('ALICE.agent'), created);
    await assert.rejects(users.create({ username: 'alice.AGENT', roles: ['admin'], password: 'another-password-2' }), UsernameTakenError);
    const stored = await (await store.collection('users')).findOne({ _id: created.id });
    assert.match(String(stored?.passwordHash), /^scrypt\$1024\$8\$1\$/);
    assert.ok(!JSON.stringify(await users.list()).includes('scrypt'));
  });

  it('refuses invalid fields, naming them', async () => {
    const cases: [Parameters<UserRepository['create']>[0], string][] = [
      [{ username: 'has space', roles: ['agent'], password: 'a-long-password-1' }, 'username'],
      [{ username: 'bob', roles: [], password: 'a-long-password-1' }, 'roles'],
      [{ username: 'bob', roles: ['agent'], password: 'short' }, 'password'],
    ];
    for (const [input, field] of cases) {
      await assert.rejects(users.create(input), (error: unknown) => error instanceof UserValidationError && error.field === field);
    }
    assert.deepEqual(await users.list(), []);
  });

  it('authenticates enabled users only, the same way for unknown users and wrong passwords', async () => {
    const bob = await users.create({ username: 'bob', displayName: 'Bob', roles: ['supervisor'], password: 'bobs-password-1' });
    assert.equal((await users.authenticate('BOB', 'bobs-password-1'))?.id, bob.id);
    assert.equal(await users.authenticate('bob', 'wrong-password-1'), undefined);
    assert.equal(await users.authenticate('nobody', 'bobs-password-1'), undefined);
    await users.update(bob.id, { disabled: true });
    assert.equal(await users.authenticate('bob', 'bobs-password-1'), undefined);
  });

  it('updates roles, display name, disabled and password; deletes', async () => {
    await users.create({ username: 'root', roles: ['admin'], password: 'root-password-1' });
    const carol = await users.create({ username: 'carol', roles: ['agent'], password: 'carols-password-1' });
    const updated = await users.update(carol.id, { roles: ['supervisor', 'agent'], displayName: ' Carol C. ', password: 'carols-new-password' });
    assert.deepEqual(updated.roles, ['agent', 'supervisor']);
    assert.equal(updated.displayName, 'Carol C.');
    assert.ok(updated.updatedAt.getTime() >= carol.updatedAt.getTime());
    assert.equal(await users.authenticate('carol', 'carols-password-1'), undefined);
    assert.equal((await users.authenticate('carol', 'carols-new-password'))?.id, carol.id);
    await assert.rejects(users.update(carol.id, { roles: [] }), UserValidationError);
    await assert.rejects(users.update('no-such-id', { disabled: true }), /no user/);
    assert.equal(await users.delete(carol.id), true);
    assert.equal(await users.delete(carol.id), false);
    assert.deepEqual((await users.list()).map((user) => user.username), ['root']);
  });

  it('keeps at least one enabled admin', async () => {
    const root = await users.create({ username: 'root', roles: ['admin'], password: 'root-password-1' });
    await assert.rejects(users.update(root.id, { disabled: true }), LastAdminError);
    await assert.rejects(users.update(root.id, { roles: ['agent'] }), LastAdminError);
    await assert.rejects(users.delete(root.id), LastAdminError);
    await users.create({ username: 'root2', roles: ['admin'], password: 'root-password-2' });
    assert.equal((await users.update(root.id, { disabled: true })).disabled, true);
  });

  it('bootstraps the first admin once, and again after a restart does nothing', async () => {
    const first = await users.bootstrapAdmin('Admin', 'first-admin-password');
    assert.equal(first.outcome, 'created');
    assert.deepEqual(first.outcome === 'created' ? first.user.roles : [], ['admin']);
    assert.deepEqual(await users.bootstrapAdmin('admin', 'first-admin-password'), { outcome: 'adminExists' });
    const reopened = await backend.reopen(store);
    store = reopened;
    const again = await UserRepository.open(reopened, { hashParameters });
    assert.deepEqual(await again.bootstrapAdmin('someone-else', 'another-admin-password'), { outcome: 'adminExists' });
    assert.deepEqual((await again.list()).map((user) => user.username), ['admin']);
  });

  it('does not take over a non-admin user’s username when bootstrapping', async () => {
    await users.create({ username: 'admin', roles: ['agent'], password: 'agent-password-1' });
    assert.deepEqual(await users.bootstrapAdmin('admin', 'first-admin-password'), { outcome: 'usernameTaken' });
    assert.deepEqual((await users.findByUsername('admin'))?.roles, ['agent']);
  });
});
