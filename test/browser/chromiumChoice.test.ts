import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemChromium } from '../support/chromium';

describe('the browser tests find a Chromium', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'chromium-lookup-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('takes a chromium on PATH', async () => {
    await writeFile(path.join(directory, 'chromium'), '');
    assert.equal(systemChromium(`/nonexistent${path.delimiter}${directory}`), path.join(directory, 'chromium'));
  });

  it('finds none on a PATH without one (the npm package is used then)', () => {
    assert.equal(systemChromium(directory), undefined);
  });
});
