import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SECRETS_KEY_FILE_NAME,
  SecretBox,
  SecretBoxOpenError,
  SecretsKeyInvalidError,
  SecretsKeyRequiredError,
  resolveSecretsKey,
  type SecretsKeyLogger,
} from '../../src/storage/secretBox.js';

const SEALED_SHAPE = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/** A logger that keeps its warnings. */
function recordingLogger(): SecretsKeyLogger & { warnings: { fields: object; message: string }[] } {
  const warnings: { fields: object; message: string }[] = [];
  return { warnings, warn: (fields, message) => warnings.push({ fields, message }) };
}

/** Replaces one character of the part `index` of a sealed value with another base64url character. */
function alterPart(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index] ?? '';
  const first = part.charAt(0);
  parts[index] = (first === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('opens what it sealed, including empty and non-ASCII text', () => {
    for (const plaintext of ['channel-secret-0123456789abcdef', '', 'ทดสอบ 日本語 🔐']) {
      const sealed = box.seal(plaintext);
      assert.match(sealed, SEALED_SHAPE);
      assert.equal(box.open(sealed), plaintext);
    }
  });

  it('never leaves the plaintext readable in the sealed value', () => {
    const plaintext = 'a-very-recognisable-secret-value';
    const sealed = box.seal(plaintext);
    assert.ok(!sealed.includes(plaintext));
    assert.ok(!sealed.includes(Buffer.from(plaintext).toString('base64url')));
  });

  it('uses a fresh IV at every seal', () => {
    const sealed = Array.from({ length: 20 }, () => box.seal('same plaintext'));
    const ivs = new Set(sealed.map((value) => value.split('.')[1]));
    assert.equal(ivs.size, 20);
    assert.equal(new Set(sealed).size, 20);
    assert.equal(Buffer.from(sealed[0]?.split('.')[1] ?? '', 'base64url').length, 12);
  });

  it('refuses a sealed value whose ciphertext, tag or IV was altered', () => {
    const sealed = box.seal('do not touch');
    for (const index of [1, 2, 3]) {
      assert.throws(
        () => box.open(alterPart(sealed, index)),
        (error: unknown) => error instanceof SecretBoxOpenError && error.code === 'secret_box_open_failed' && error.reason === 'authentication_failed',
        `part ${index}`,
      );
    }
  });

  it('refuses malformed values and unknown versions', () => {
    const sealed = box.seal('x');
    const [, iv, tag, ciphertext] = sealed.split('.');
    const cases: [string, string][] = [
      ['not sealed at all', 'malformed'],
      [`v1.${iv}.${tag}`, 'malformed'],
      [`v1.${iv}.${tag}.${ciphertext}.extra`, 'malformed'],
      [`v1.${iv}.${tag}.${ciphertext}!`, 'malformed'],
      [`v1.${iv?.slice(2)}.${tag}.${ciphertext}`, 'malformed'],
      [`v2.${iv}.${tag}.${ciphertext}`, 'unsupported_version'],
    ];
    for (const [value, reason] of cases) {
      assert.throws(() => box.open(value), (error: unknown) => error instanceof SecretBoxOpenError && error.reason === reason, value);
    }
  });

  it('refuses a value sealed under another key', () => {
    const other = new SecretBox(randomBytes(32));
    assert.throws(() => other.open(box.seal('secret')), (error: unknown) => error instanceof SecretBoxOpenError && error.reason === 'authentication_failed');
  });

  it('binds a value to its associated data', () => {
    const sealed = box.seal('token', 'lineChannelAccounts/acme/channelAccessToken');
    assert.equal(box.open(sealed, 'lineChannelAccounts/acme/channelAccessToken'), 'token');
    assert.throws(() => box.open(sealed, 'lineChannelAccounts/other/channelAccessToken'), SecretBoxOpenError);
    assert.throws(() => box.open(sealed), SecretBoxOpenError);
  });

  describe('fromKeyString', () => {
    it('reads the same 32 bytes from hex, base64 (padded or not) and base64url', () => {
      const bytes = Buffer.from('fb'.repeat(16) + 'ff'.repeat(16), 'hex');
      const sealed = new SecretBox(bytes).seal('interoperable');
      const spellings = [
        bytes.toString('hex'),
        bytes.toString('hex').toUpperCase(),
        bytes.toString('base64'),
        bytes.toString('base64').replace(/=+$/, ''),
        bytes.toString('base64url'),
        `  ${bytes.toString('base64')}\n`,
      ];
      for (const spelling of spellings) assert.equal(SecretBox.fromKeyString(spelling).open(sealed), 'interoperable', spelling);
    });

    it('refuses anything that is not exactly 32 bytes, without echoing the key', () => {
      const tooShort = randomBytes(31).toString('base64');
      const tooLong = randomBytes(33).toString('hex');
      for (const text of [tooShort, tooLong, randomBytes(16).toString('hex'), 'correct horse battery staple', '', 'zz'.repeat(32)]) {
        assert.throws(
          () => SecretBox.fromKeyString(text),
          (error: unknown) => error instanceof SecretsKeyInvalidError && error.code === 'secrets_key_invalid' && (text === '' || !error.message.includes(text)),
          text,
        );
      }
    });

    it('generates keys it can read', () => {
      const text = SecretBox.generateKeyString();
      assert.equal(Buffer.from(text, 'base64').length, 32);
      assert.equal(SecretBox.fromKeyString(text).open(SecretBox.fromKeyString(text).seal('ok')), 'ok');
    });
  });
});

describe('resolveSecretsKey', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'secrets-key-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the configured key in any environment, writing no file', async () => {
    const text = randomBytes(32).toString('base64');
    const logger = recordingLogger();
    for (const env of ['production', 'development', 'test'] as const) {
      const box = await resolveSecretsKey({ secretsKey: text, env, dataDir, logger });
      assert.equal(SecretBox.fromKeyString(text).open(box.seal('configured')), 'configured');
    }
    await assert.rejects(stat(join(dataDir, SECRETS_KEY_FILE_NAME)), { code: 'ENOENT' });
    assert.equal(logger.warnings.length, 0);
  });

  it('refuses production without a key, and writes nothing', async () => {
    for (const secretsKey of [undefined, '', '   ']) {
      await assert.rejects(
        resolveSecretsKey({ secretsKey, env: 'production', dataDir, logger: recordingLogger() }),
        (error: unknown) => error instanceof SecretsKeyRequiredError && error.code === 'secrets_key_required' && /refuse to store secrets without SECRETS_KEY/.test(error.message),
      );
    }
    await assert.rejects(stat(join(dataDir, SECRETS_KEY_FILE_NAME)), { code: 'ENOENT' });
  });

  it('refuses production even when a development key file exists', async () => {
    await resolveSecretsKey({ env: 'development', dataDir, logger: recordingLogger() });
    await assert.rejects(resolveSecretsKey({ env: 'production', dataDir, logger: recordingLogger() }), SecretsKeyRequiredError);
  });

  it('refuses an invalid configured key', async () => {
    await assert.rejects(resolveSecretsKey({ secretsKey: 'too-short', env: 'development', dataDir, logger: recordingLogger() }), SecretsKeyInvalidError);
  });

  it('generates a development key once, keeps it private in the data dir, warns, and reuses it', async () => {
    const nested = join(dataDir, 'not', 'yet', 'there');
    const logger = recordingLogger();
    const first = await resolveSecretsKey({ env: 'development', dataDir: nested, logger });
    const path = join(nested, SECRETS_KEY_FILE_NAME);
    const info = await stat(path);
    assert.equal(info.mode & 0o777, 0o600);
    const text = await readFile(path, 'utf8');
    assert.equal(SecretBox.fromKeyString(text).open(first.seal('persisted')), 'persisted');
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0]?.message ?? '', /SECRETS_KEY/);
    assert.deepEqual(logger.warnings[0]?.fields, { keyFile: path });

    const second = await resolveSecretsKey({ env: 'test', dataDir: nested, logger });
    assert.equal(second.open(first.seal('reused')), 'reused');
    assert.equal(await readFile(path, 'utf8'), text);
    assert.equal(logger.warnings.length, 2);
  });

  it('gives processes starting together the same key', async () => {
    const boxes = await Promise.all(Array.from({ length: 5 }, () => resolveSecretsKey({ env: 'development', dataDir, logger: recordingLogger() })));
    const sealed = boxes[0]?.seal('shared') ?? '';
    for (const box of boxes) assert.equal(box.open(sealed), 'shared');
  });

  it('refuses a corrupt key file rather than replacing it', async () => {
    const path = join(dataDir, SECRETS_KEY_FILE_NAME);
    await writeFile(path, 'not a key\n', { mode: 0o600 });
    await assert.rejects(
      resolveSecretsKey({ env: 'development', dataDir, logger: recordingLogger() }),
      (error: unknown) => error instanceof SecretsKeyInvalidError && error.origin === path,
    );
    assert.equal(await readFile(path, 'utf8'), 'not a key\n');
  });
});
