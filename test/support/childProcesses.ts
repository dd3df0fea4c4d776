import { spawn } from 'node:child_process';

/**
 * Runs a compiled script of the test tree in a child Node process (the same Node as the tests) and resolves with its
 * stdout once it exits with 0; rejects with its stderr otherwise.
 *
 * @example const report = JSON.parse(await runNodeScript(join(__dirname, 'assignmentRacer.js'), [JSON.stringify(task)]));
 */
export function runNodeScript(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${script} exited with ${String(code)}: ${stderr}`))));
  });
}
