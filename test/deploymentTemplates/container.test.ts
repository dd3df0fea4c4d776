import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, PRODUCTION_SETTINGS, loadConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Stage {
  readonly image: string;
  readonly name: string | null;
  readonly instructions: Instruction[];
}

function stages(): Stage[] {
  const result: { image: string; name: string | null; instructions: Instruction[] }[] = [];
  for (const instruction of DockerfileParser.parse(read('Dockerfile')).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((argument) => argument.getValue());
      result.push({ image, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, instructions: [] });
    } else {
      const current = result.at(-1);
      assert.ok(current, `${instruction.getKeyword()} before any FROM`);
      current.instructions.push(instruction);
    }
  }
  return result;
}
const keyword = (stage: Stage, name: string): Instruction[] => stage.instructions.filter((instruction) => instruction.getKeyword() === name);
const words = (instruction: Instruction): string[] => instruction.getArguments().map((argument) => argument.getValue());
/** The stage a COPY takes its files from (`--from=…`), or null for the build context. */
const copiedFrom = (instruction: Instruction): string | null =>
  (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().find((flag) => flag.getName() === 'from')?.getValue() ?? null;
/** ENV of a stage, both `ENV A=1 B=2` and `ENV A 1`. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of keyword(stage, 'ENV')) {
    for (const property of (instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) env[property.getName()] = property.getValue() ?? '';
  }
  return env;
}
/** Whether `.dockerignore` lets a top-level path into the build context (its rules: `*`, `name`, `!name`, last match wins). */
function inContext(path: string): boolean {
  const top = path.replace(/^\.\//, '').split('/')[0] ?? '';
  let included = true;
  for (const raw of read('.dockerignore').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = line.replace(/^!/, '').replace(/\/$/, '');
    if (pattern === '*' || pattern === top) included = negated;
  }
  return included;
}

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  expose?: string[];
  ports?: string[];
  volumes?: string[];
  user?: string;
  healthcheck?: { test: string[] };
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const appServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** Compose's `${VAR:-default}` and `${VAR:?message}` as they read with nothing set: the default, or a stand-in for a required one. */
const interpolate = (value: string): string =>
  value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?\}/g, (_whole, _name: string, kind?: string, rest?: string) => (kind === '-' ? (rest ?? '') : 'stand-in-0123456789abcdef'));

describe('Dockerfile', () => {
  const all = stages();
  const runtime = all.at(-1) ?? assert.fail('no stage');
  const build = all.find((stage) => stage.name === 'build') ?? assert.fail('no build stage');

  it('builds in a build stage and runs in a later runtime stage, both on Node 24', () => {
    assert.ok(all.length >= 2);
    for (const stage of all) assert.match(stage.image, /^node:24(-|$)/);
    assert.notEqual(runtime, build);
    assert.ok(keyword(runtime, 'COPY').some((copy) => copiedFrom(copy) === 'build'), 'the runtime stage takes the build output');
  });

  it('installs dependencies in a layer that only package.json and package-lock.json invalidate', () => {
    const npmCi = build.instructions.findIndex((instruction) => instruction.getKeyword() === 'RUN' && /\bnpm ci\b/.test(instruction.getArgumentsContent() ?? ''));
    assert.ok(npmCi > 0, 'npm ci in the build stage');
    const copiesBefore = build.instructions.slice(0, npmCi).filter((instruction) => ['COPY', 'ADD'].includes(instruction.getKeyword()));
    assert.deepEqual(copiesBefore.flatMap((copy) => words(copy).slice(0, -1)).sort(), ['package-lock.json', 'package.json']);
  });

  it('leaves the dev tools behind: the build stage prunes them after building, and the runtime stage runs what npm start runs without its rebuild', () => {
    const runs = keyword(build, 'RUN').map((run) => run.getArgumentsContent() ?? '');
    assert.ok(runs.some((run) => /npm run build[\s\S]*npm prune --omit=dev/.test(run)), 'build, then prune the dev dependencies');
    assert.equal(keyword(runtime, 'RUN').filter((run) => /\bnpm (ci|install)\b/.test(run.getArgumentsContent() ?? '')).length, 0);
    const [cmd] = keyword(runtime, 'CMD');
    const command = JSON.parse(cmd?.getArgumentsContent() ?? '[]') as string[];
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start ?? '';
    assert.equal(command[0], 'node');
    assert.equal(command.at(-1), start.split(' ').at(-1), 'the same entry point as npm start');
    assert.ok(existsSync(join(ROOT, command.at(-1) ?? '')), 'the entry point is what the build produces');
  });

  it('copies only what the build context holds, and everything the server reads at run time', () => {
    for (const stage of all) {
      for (const copy of keyword(stage, 'COPY').filter((instruction) => copiedFrom(instruction) === null)) {
        for (const source of words(copy).slice(0, -1)) {
          assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
          assert.ok(inContext(source), `${source} is not excluded by .dockerignore`);
        }
      }
    }
    const runtimeSources = keyword(runtime, 'COPY').flatMap((copy) => words(copy).slice(0, -1));
    const contentFile = loadConfig({}).selfServiceContentFile.replace(/^\.\//, '');
    for (const needed of ['/app/node_modules', '/app/dist', '/app/package.json', contentFile.split('/')[0] ?? '']) {
      assert.ok(runtimeSources.includes(needed), `the runtime stage has ${needed}`);
    }
  });

  it('runs as a user other than root, in production, on PORT, with a health check on /healthz and DATA_DIR as a volume', () => {
    const users = keyword(runtime, 'USER').map((user) => words(user)[0]);
    assert.ok(users.length > 0 && !['root', '0'].includes(users.at(-1) ?? 'root'));
    const env = envOf(runtime);
    assert.equal(env.NODE_ENV, 'production');
    assert.deepEqual(keyword(runtime, 'EXPOSE').flatMap(words), [env.PORT]);
    const healthcheck = keyword(runtime, 'HEALTHCHECK').map((instruction) => instruction.getArgumentsContent() ?? '').join(' ');
    assert.match(healthcheck, /CMD .*\/healthz/);
    assert.ok(env.DATA_DIR, 'DATA_DIR set');
    assert.ok(keyword(runtime, 'VOLUME').some((volume) => (volume.getArgumentsContent() ?? '').includes(env.DATA_DIR ?? '?')));
    assert.ok((Object.keys(env) as string[]).every((name) => (ENVIRONMENT_VARIABLES as readonly string[]).includes(name)), 'ENV names what config.ts reads');
  });
});

describe('docker-compose.yml', () => {
  it('runs two instances of the image, each with the production settings, a health check on /healthz and the port unpublished', () => {
    assert.ok(appServices.length >= 2);
    for (const [name, service] of appServices) {
      const env = service.environment ?? {};
      assert.deepEqual(PRODUCTION_SETTINGS.filter((setting) => !(setting in env)), [], `${name}: missing production settings`);
      assert.deepEqual(Object.keys(env).filter((variable) => !(ENVIRONMENT_VARIABLES as readonly string[]).includes(variable)), [], `${name}: variables config.ts never reads`);
      assert.equal(env.NODE_ENV, 'production');
      assert.deepEqual(service.expose, [env.PORT], `${name} exposes PORT`);
      assert.equal(service.ports, undefined, `${name} is reached only through the proxy`);
      assert.ok(service.user === undefined || !['root', '0'].includes(service.user));
      assert.match((service.healthcheck?.test ?? []).join(' '), new RegExp(`127\\.0\\.0\\.1:${env.PORT}/healthz`));
      const config = loadConfig(Object.fromEntries(Object.entries(env).map(([key, value]) => [key, interpolate(String(value))])));
      assert.equal(config.env, 'production');
      assert.ok(config.line.channelSecret && config.line.channelAccessToken, `${name}: a LINE channel, without which /readyz never answers 200`);
    }
  });

  it('gives every instance the same MongoDB replica set and the same SECRETS_KEY variable', () => {
    const uris = new Set(appServices.map(([, service]) => service.environment?.MONGODB_URI));
    const keys = new Set(appServices.map(([, service]) => service.environment?.SECRETS_KEY));
    assert.equal(uris.size, 1);
    assert.equal(keys.size, 1);
    assert.match([...keys][0] ?? '', /^\$\{SECRETS_KEY(:[?-][^}]*)?\}$/);
    const uri = new URL([...uris][0] ?? '');
    const replicaSet = uri.searchParams.get('replicaSet') ?? assert.fail('the URI names the replica set');
    const mongo = compose.services[uri.hostname] ?? assert.fail(`a service ${uri.hostname}`);
    const command = mongo.command ?? [];
    assert.equal(command[command.indexOf('--replSet') + 1], replicaSet);
    assert.match((mongo.healthcheck?.test ?? []).join(' '), new RegExp(`rs\\.initiate\\(\\{ _id: '${replicaSet}', members: \\[\\{ _id: 0, host: '${uri.host}' \\}\\] \\}\\)`));
    for (const [name, service] of appServices) assert.ok(JSON.stringify(service).includes(`"${uri.hostname}"`), `${name} starts after ${uri.hostname}`);
  });

  it('puts a reverse proxy in front that balances over both instances and checks /readyz', () => {
    const proxies = Object.entries(compose.services).filter(([, service]) => (service.volumes ?? []).some((volume) => /Caddyfile/.test(volume)));
    assert.equal(proxies.length, 1);
    const [, proxy] = proxies[0] ?? assert.fail();
    assert.ok((proxy.ports ?? []).length > 0, 'the proxy is published');
    const mount = (proxy.volumes ?? []).find((volume) => /Caddyfile/.test(volume)) ?? '';
    const caddyfile = read(mount.split(':')[0] ?? '');
    const upstreams = /reverse_proxy ([^{\n]+)/.exec(caddyfile)?.[1]?.trim().split(/\s+/) ?? [];
    assert.deepEqual(upstreams.sort(), appServices.map(([name, service]) => `${name}:${service.environment?.PORT}`).sort());
    assert.match(caddyfile, /health_uri \/readyz/);
  });
});
