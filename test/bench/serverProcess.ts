import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config';
import { ProcessStatsMonitor } from './processStats';
import { isChildCommand, type ChildMessage } from './serverProcessProtocol';
import { isServerKind, type ServerKind } from './serverKind';

/**
 * Child-process entry of the benchmark: `node serverProcess.js <ours|plain|floor>` starts one server from
 * the environment (the same `PORT`, `HOST`, `LINE_*` variables for all) and prints
 * `{"url":"http://…"}` on one line of stdout. It then answers `read-stats` / `reset-stats` lines
 * on stdin (see `serverProcessProtocol.ts`) and runs until SIGTERM or until its stdin closes, so
 * it never outlives a benchmark that died.
 */
async function main(): Promise<void> {
  const kind = process.argv[2];
  if (!isServerKind(kind)) throw new Error(`usage: serverProcess.js <ours|plain|floor>, got '${String(kind)}'`);
  const monitor = new ProcessStatsMonitor();
  const server = await start(kind);
  say({ url: server.url });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    monitor.stop();
    // A server that cannot close in time is killed; the benchmark has its numbers already.
    setTimeout(() => process.exit(0), 3_000).unref();
    void server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (!isChildCommand(line)) return;
    if (line === 'reset-stats') monitor.reset();
    else say({ stats: monitor.read() });
  });
  commands.on('close', stop);
}

function say(message: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

// Each server's modules are loaded only in its own process: restify patches `http.ServerResponse`
// globally, which breaks a plain `node:http` server living in the same process.
async function start(kind: ServerKind): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig(process.env);
  if (kind === 'ours') {
    const [{ startApp }, { createLogger }] = await Promise.all([import('../../src/app.js'), import('../../src/logger.js')]);
    return startApp({ config, logger: createLogger(config.logLevel) });
  }
  if (config.line.channelSecret === undefined || config.line.channelAccessToken === undefined) {
    throw new Error('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are required');
  }
  if (kind === 'floor') {
    const { startFloorServer } = await import('./floorServer.js');
    return startFloorServer({ channelSecret: config.line.channelSecret, host: config.host, port: config.port });
  }
  const { startPlainEchoServer } = await import('./plainEchoServer.js');
  return startPlainEchoServer({
    channelSecret: config.line.channelSecret,
    channelAccessToken: config.line.channelAccessToken,
    apiBaseUrl: config.line.apiBaseUrl,
    host: config.host,
    port: config.port,
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
