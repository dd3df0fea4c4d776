import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run test:unit` (`.mocharc.unit.json`) is the quick inner loop: no browser and no child processes. This checks
 * that promise against the test sources, so a new test that starts Chromium or a server process cannot slip into the
 * quick selection unnoticed: it belongs in `test/integration/` or `test/browser/` (or on the config's ignore list).
 */
const UNIT_CONFIG = '.mocharc.unit.json';

/** What only a slow test imports: a browser, a child process, a server started as a process. */
const SLOW_IMPORTS = [/['"]node:child_process['"]/, /['"]node:cluster['"]/, /['"]playwright-core['"]/, /support\/(chromium|dashboardBrowser|serverChild|childProcesses)['"]/];

function testSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return testSources(full);
    return entry.name.endsWith('.test.ts') ? [full.split(path.sep).join('/')] : [];
  });
}

/** Whether the compiled file of `source` matches one of the config's ignore entries (`folder/**` or an exact file). */
function ignored(source: string, ignore: readonly string[]): boolean {
  const compiled = `dist/${source.replace(/\.ts$/, '.js')}`;
  return ignore.some((entry) => (entry.endsWith('/**') ? compiled.startsWith(entry.slice(0, -2)) : compiled === entry));
}

describe('the unit-test selection (npm run test:unit)', () => {
  const config = JSON.parse(readFileSync(UNIT_CONFIG, 'utf8')) as { spec: string[]; ignore: string[] };

  it('takes every test file except the listed folders and files, which all exist', () => {
    assert.deepEqual(config.spec, ['dist/test/**/*.test.js']);
    for (const entry of config.ignore) {
      assert.ok(/^dist\/test\/[\w/.-]+?(\/\*\*)?$/.test(entry), `${entry}: only a folder (…/**) or a file`);
      const source = entry.endsWith('/**') ? entry.slice('dist/'.length, -3) : entry.slice('dist/'.length).replace(/\.js$/, '.ts');
      assert.ok(testSources('test').some((file) => file === source || file.startsWith(`${source}/`)), `${entry} matches no test source`);
    }
  });

  it('holds no test that starts a browser or a child process', () => {
    const selected = testSources('test').filter((source) => !ignored(source, config.ignore));
    assert.ok(selected.includes('test/unitSelection.test.ts'), 'this file is part of the selection');
    const slow = selected.filter((source) => SLOW_IMPORTS.some((pattern) => pattern.test(readFileSync(source, 'utf8'))));
    assert.deepEqual(slow, [], 'move these to test/integration/ or test/browser/, or add them to the ignore list');
  });
});
