import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';

describe('indexes at start', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'startup-indexes-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('declares every index once: a first and a second start on the same store report no conflicting definition', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LINE_SIMULATOR: 'off' });
    for (let start = 0; start < 2; start += 1) {
      const app = await startApp({ config, logger });
      await app.close();
    }
    const conflicts = lines.filter((line) => /other options|IndexOptionsConflict|IndexKeySpecsConflict/.test(line));
    assert.deepEqual(conflicts, [], 'no index is declared twice with different options');
  });
});
