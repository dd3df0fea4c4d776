// `npm run dev`: recompiles the server on every change (tsc --watch) and restarts it when its compiled code changes
// (node --watch). The dashboard and the simulator page are built once at the start; rebuild them with
// `npm run build:dashboard` and `npm run build:simulator-page`.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const first = spawnSync('node', [path.join(root, 'scripts', 'buildIfStale.mjs')], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);
const compiler = spawn('npx', ['tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' });
const server = spawn('node', ['--watch-path=dist/src', '--watch-path=dist/adapters', '--watch-path=dist/dialogs', 'dist/src/main.js'], { cwd: root, stdio: 'inherit' });
const stop = () => {
  compiler.kill('SIGTERM');
  server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  compiler.kill('SIGTERM');
  process.exit(code ?? 0);
});
