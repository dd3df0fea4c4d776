import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBotPipeline, type BotPipeline } from '../../src/botPipeline';
import { Closers } from '../../src/composition/closers';
import { openHttpModule, type HttpModule } from '../../src/composition/httpModule';
import { openTurnRunnerModule } from '../../src/composition/turnRunnerModule';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { AppMetrics } from '../../src/metrics/appMetrics';

/** `GET /api/x/{id}` as restify spells it: `/api/x/:id`. */
function restifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

describe('the HTTP module (routes before listen)', () => {
  let dataDir: string;
  let closers: Closers;
  let pipeline: BotPipeline;
  let http: HttpModule;
  let localUrl = '';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-http-module-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LINE_SIMULATOR: 'on', LINE_TURN_RUNNER: 'off', DATA_DIR: dataDir, NODE_ENV: 'test' });
    const logger = createLogger('silent');
    const metrics = new AppMetrics();
    closers = new Closers();
    const publicUrl = (): string => localUrl;
    pipeline = await openBotPipeline({ config, logger, metrics, publicUrl, closers });
    const turnRunner = openTurnRunnerModule({ config, logger, changes: pipeline.changes, line: pipeline, bot: pipeline, publicUrl });
    closers.add({ name: 'turn runner', close: () => turnRunner.close() });
    http = await openHttpModule({ config, logger, metrics, pipeline, turnRunner, publicUrl, localUrl: () => localUrl });
    closers.add({ name: 'http', close: () => http.close() });
  });

  after(async () => {
    await closers.closeAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers every route of the API, the simulator and the dashboard before it listens', async () => {
    assert.equal(http.server.server.listening, false);
    const before = new Set(http.server.getDebugInfo().routes.map((route: { method: string; path: string }) => `${route.method.toLowerCase()} ${route.path}`));
    for (const route of ['get /healthz', 'get /api/openapi.json', 'get /simulator/api/config']) assert.ok(before.has(route), `${route} is registered`);

    localUrl = await http.listen();
    await http.simulator.storeAccount(localUrl);
    const document = (await (await fetch(`${localUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${restifyPath(path)}`));
    assert.ok(documented.length > 50, `the document lists the API (${documented.length} operations)`);
    assert.deepEqual(documented.filter((route) => !before.has(route)), [], 'documented routes registered only after listen');
  });

  it('tells the simulator page the webhook address it learned once the server listened', async () => {
    assert.notEqual(localUrl, '', 'the server listens (previous test)');
    const answer = (await (await fetch(`${localUrl}/simulator/api/config`)).json()) as { webhookUrl: string; accountId: string };
    assert.equal(answer.webhookUrl, `${localUrl}/api/line/${answer.accountId}`);
    const account = await pipeline.accounts.describe(answer.accountId);
    assert.equal(account?.apiBaseUrl, `${localUrl}/simulator/line-api`);
  });
});
