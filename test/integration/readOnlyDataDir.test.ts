import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDocumentStore, storeFilePath } from '../../src/storage/engine/sqliteDocumentStore';

const MAIN_JS = join(__dirname, '..', '..', 'src', 'main.js');
/** The unprivileged account the server runs as when the tests run as root (root ignores file permissions). */
const NOBODY = 65_534;

interface StartOutcome {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Whether the unprivileged account can run this checkout's server at all (a checkout under a private home directory
 * is out of its reach); only asked when the tests run as root.
 */
function nobodyCanRunTheServer(): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(MAIN_JS)}, require('node:fs').constants.R_OK)`], { uid: NOBODY, gid: NOBODY, stdio: 'ignore' });
  return probe.status === 0;
}

/** Starts the real server on `dataDir` as a user who may not write there, and waits for it to give up. */
function startWithoutWriteAccess(dataDir: string): Promise<StartOutcome> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS], {
      env: { DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    // A server that starts anyway keeps running: kill it, and the assertions below say why it is wrong.
    const started = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(started);
      resolve({ code, output });
    });
  });
}

describe('a DATA_DIR the server may not write to', function () {
  this.timeout(30_000);
  let dataDir: string;

  before(function () {
    // Root ignores file permissions, so as root the server runs as an unprivileged account, which must reach it.
    if (process.getuid?.() === 0 && !nobodyCanRunTheServer()) {
      process.stderr.write(`read-only DATA_DIR tests skipped: uid ${NOBODY} cannot read ${MAIN_JS}; run them from a checkout it can read\n`);
      this.skip();
    }
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-read-only-'));
  });

  afterEach(async () => {
    if (!dataDir) return;
    await chmod(dataDir, 0o700);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start when the directory is read-only, naming the database file and what to do', async () => {
    await chmod(dataDir, 0o555);
    const outcome = await startWithoutWriteAccess(dataDir);
    assert.equal(outcome.code, 1, outcome.output);
    assert.match(outcome.output, new RegExp(storeFilePath(dataDir).replaceAll('/', '\\/')));
    assert.match(outcome.output, /DATA_DIR must be a writable directory/);
  });

  it('refuses to start on an existing database it may only read, and leaves the data as it was', async () => {
    const store = await openSqliteDocumentStore({ dataDir });
    const users = await store.collection('users');
    await users.insertOne({ _id: 'u1', name: 'Aiko' });
    await store.close();
    const before = (await readdir(dataDir)).sort();
    await chmod(storeFilePath(dataDir), 0o444);
    await chmod(dataDir, 0o555);

    const outcome = await startWithoutWriteAccess(dataDir);
    assert.equal(outcome.code, 1, outcome.output);
    assert.match(outcome.output, new RegExp(storeFilePath(dataDir).replaceAll('/', '\\/')));
    assert.match(outcome.output, /readonly database|DATA_DIR must be a writable directory/);

    await chmod(dataDir, 0o700);
    await chmod(storeFilePath(dataDir), 0o600);
    assert.deepEqual((await readdir(dataDir)).sort(), before, 'no file was added or removed');
    const reopened = await openSqliteDocumentStore({ dataDir });
    try {
      assert.deepEqual(await (await reopened.collection('users')).find({}), [{ _id: 'u1', name: 'Aiko' }]);
    } finally {
      await reopened.close();
    }
  });
});
