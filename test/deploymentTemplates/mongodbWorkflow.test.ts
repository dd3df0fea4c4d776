import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
const workflow = parse(read('.github/workflows/mongodb.yml')) as { on: Record<string, unknown>; jobs: Record<string, Job> };

/** The command README's Quick start gives for running the tests: its first `sh` block that runs them. */
function readmeTestCommand(): string {
  const blocks = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => (match[1] ?? '').trim());
  const command = blocks.find((block) => /^npm (run )?test\b/.test(block));
  assert.ok(command, 'README gives a test command');
  return command;
}

describe('.github/workflows/mongodb.yml', () => {
  it('runs on every push and pull request', () => {
    assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
  });

  it('runs the README test command, after a clean install, with MONGODB_URI naming the replica set it starts', () => {
    const command = readmeTestCommand();
    const jobs = Object.values(workflow.jobs).filter((job) => job.steps.some((step) => step.run?.trim() === command));
    assert.equal(jobs.length, 1, `one job runs ${command}`);
    const [job] = jobs;
    assert.ok(job);
    const testIndex = job.steps.findIndex((step) => step.run?.trim() === command);
    const uri = job.steps[testIndex]?.env?.MONGODB_URI ?? job.env?.MONGODB_URI ?? assert.fail('MONGODB_URI is set for the tests');
    assert.match(uri, /^mongodb:\/\//);
    const replicaSet = new URL(uri).searchParams.get('replicaSet') ?? assert.fail('the URI names the replica set');
    const before = job.steps.slice(0, testIndex).map((step) => step.run ?? '');
    assert.ok(before.some((run) => /^npm ci\b/m.test(run)), 'a clean install first, as .ci/run does');
    const start = before.find((run) => run.includes('--replSet')) ?? assert.fail('a step starts mongod as a replica set member');
    assert.match(start, new RegExp(`--replSet ${replicaSet}\\b`));
    assert.match(start, new RegExp(`rs\\.initiate\\(\\{ _id: '${replicaSet}'`));
    assert.match(start, new RegExp(`-p ${new URL(uri).port}:27017`), 'the port the URI names');
  });

  it('runs the same test command as .ci/run', () => {
    const ciCommands = read('.ci/run').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    assert.equal(ciCommands.at(-1), readmeTestCommand());
  });
});
