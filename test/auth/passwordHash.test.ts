import assert from 'node:assert/strict';
import { DEFAULT_SCRYPT_PARAMETERS, hashPassword, parsePasswordHash, verifyPassword } from '../../src/auth/passwordHash';

describe('passwordHash', () => {
  it('hashes with scrypt N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key, and verifies the password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const parsed = parsePasswordHash(stored);
    assert.deepEqual(parsed?.parameters, DEFAULT_SCRYPT_PARAMETERS);
    assert.equal(parsed?.salt.length, 16);
    assert.equal(parsed?.hash.length, 32);
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  });

  it('refuses a wrong password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hashPassword('same password here'), await hashPassword('same password here'));
  });

  it('verifies with the parameters the stored hash names, so they can be raised later', async () => {
    const cheaper = await hashPassword('an older password', { N: 2 ** 10, r: 4, p: 2 });
    assert.deepEqual(parsePasswordHash(cheaper)?.parameters, { N: 1024, r: 4, p: 2 });
    assert.equal(await verifyPassword('an older password', cheaper), true);
    assert.equal(await verifyPassword('another password', cheaper), false);
  });

  it('matches nothing against a malformed or out-of-bounds hash', async () => {
    const stored = await hashPassword('correct horse battery staple', { N: 2 ** 10, r: 8, p: 1 });
    const [, , r, p, salt, hash] = stored.split('$');
    for (const bad of ['', 'plain-text-password', `bcrypt$1024$${r}$${p}$${salt}$${hash}`, `scrypt$1000$${r}$${p}$${salt}$${hash}`, `scrypt$${2 ** 24}$${r}$${p}$${salt}$${hash}`, `scrypt$1024$${r}$${p}$$${hash}`]) {
      assert.equal(parsePasswordHash(bad), undefined, bad);
      assert.equal(await verifyPassword('correct horse battery staple', bad), false, bad);
    }
  });
});
