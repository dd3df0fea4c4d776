// `npm start`'s build step: builds (`npm run build`) only when a source is newer than the last successful build, so
// a start with nothing changed takes a few seconds. Every successful `npm run build` records its time in
// dist/.build-stamp (`--stamp`, run as `postbuild`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'adapters', 'shared', 'dialogs', 'test', 'dashboard', 'simulator-page', 'tsconfig.json', 'package.json', 'package-lock.json'];
const skipped = new Set(['node_modules', 'dist', '.git']);

function newest(entry) {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (!skipped.has(child)) latest = Math.max(latest, newest(path.join(entry, child)));
  }
  return latest;
}

if (process.argv.includes('--stamp')) {
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}

let built = 0;
try {
  built = statSync(stamp).mtimeMs;
} catch {
  // Never built (or dist was removed).
}
const changed = Math.max(...inputs.map((input) => newest(path.join(root, input))));
if (built > 0 && changed <= built) {
  process.exit(0);
}
const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
