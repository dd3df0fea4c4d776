import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FakeLineApi } from '../../src/simulator/fakeLineApi';
import { eventually } from './eventually';

const MAIN_JS = join(__dirname, '..', '..', 'src', 'main.js');
const REQUEST_TIMEOUT_MS = 5_000;

/** A status and body read whole. */
/**
 * The environment of a test server with one LINE channel (`default`) whose API is `lineApiBaseUrl`, its store in
 * `dataDir`, quiet, bound to loopback, the simulator off; `extra` adds or overrides settings.
 *
 * @example new ServerChild(lineServerEnvironment({ port, dataDir, channelSecret, accessToken, lineApiBaseUrl: fake.baseUrl }));
 */
export function lineServerEnvironment(
  options: { readonly port: number; readonly dataDir: string; readonly channelSecret: string; readonly accessToken: string; readonly lineApiBaseUrl: string },
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    DATA_DIR: options.dataDir,
    LINE_SIMULATOR: 'off',
    LINE_CHANNEL_SECRET: options.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: options.accessToken,
    LINE_API_BASE_URL: options.lineApiBaseUrl,
    LINE_DATA_API_BASE_URL: options.lineApiBaseUrl,
    ...extra,
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * One HTTP exchange on a fresh connection: a pooled keep-alive socket would outlive the server we kill, so nothing is
 * pooled.
 */
export function exchange(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A loopback port free at the time of asking. */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A LINE-shaped user id (U + 32 hex), stable per index and seed. */
export function lineUserId(index: number, seed = 'crash-safety-user'): string {
  return `U${createHash('sha256').update(`${seed}-${index}`).digest('hex').slice(0, 32)}`;
}

/** The fake LINE API of {@link startSlowFakeLineApi}. */
export interface SlowFakeLineApi {
  readonly api: FakeLineApi;
  readonly baseUrl: string;
  /** Requests received and not answered yet. */
  pending(): number;
  /** Answers written since `time` (a `performance.now()` value). */
  answeredSince(time: number): number;
  close(): Promise<void>;
}

/**
 * The fake LINE API on its own loopback server, answering after `latencyMs`, as LINE's do over the internet; without
 * it turns keep up with acknowledgements and a kill finds no backlog.
 */
export async function startSlowFakeLineApi(accessToken: string, latencyMs: number): Promise<SlowFakeLineApi> {
  const api = new FakeLineApi({ accessTokens: [accessToken] });
  let pending = 0;
  const answeredAt: number[] = [];
  const server = createHttpServer((req, res) => {
    pending += 1;
    res.once('finish', () => answeredAt.push(performance.now()));
    setTimeout(() => {
      void api.handle(req, res, new URL(req.url ?? '/', 'http://localhost').pathname).finally(() => {
        pending -= 1;
      });
    }, latencyMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    pending: () => pending,
    answeredSince: (time) => answeredAt.filter((at) => at >= time).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `npm start` (`dist/src/main.js`) in a child process, with what it printed kept for failure messages. */
export class ServerChild {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private output = '';
  private exitedWith: string | undefined;

  constructor(environment: Readonly<Record<string, string>>) {
    this.child = spawn(process.execPath, [MAIN_JS], { env: { ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('error', (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitedWith = signal ?? `code ${String(code)}`;
        resolve();
      });
    });
  }

  /** Whether it has not exited yet. */
  get running(): boolean {
    return this.exitedWith === undefined;
  }

  /** Its state and the end of its output, for failure messages. */
  describe(): string {
    return `server child ${this.exitedWith === undefined ? 'running' : `exited (${this.exitedWith})`}; output: ${this.output.trim() || '(none)'}`;
  }

  /**
   * Resolves once `GET {baseUrl}/readyz` answers 200; rejects at once if the child exits first, or after `timeoutMs`.
   *
   * @example const child = new ServerChild(environment); await child.untilReady(baseUrl, 15_000);
   */
  async untilReady(baseUrl: string, timeoutMs: number): Promise<void> {
    const exitedFirst = this.exited.then(() => Promise.reject(new Error(`the server exited before it was ready; ${this.describe()}`)));
    const ready = eventually(
      async () => {
        // Once the child has exited, `exitedFirst` has already failed the wait; this only ends the polling.
        if (!this.running) return;
        const answer = await exchange(`${baseUrl}/readyz`).catch((error: unknown) => ({ status: 0, body: String(error) }));
        assert.equal(answer.status, 200, `${baseUrl}/readyz answered ${answer.status}; ${this.describe()}`);
      },
      { timeoutMs, intervalMs: 50 },
    );
    await Promise.race([ready, exitedFirst]);
  }

  /** Kills at once, as a crash or an OOM killer would; nothing in the child gets to run. */
  killNow(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  /** Kills at once and waits (at most 5 s) for the exit. */
  async kill(): Promise<void> {
    this.killNow();
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}
