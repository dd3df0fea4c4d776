import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnChildServer } from './childServer';

/** Resident memory of our server around a burst of anonymous Emulator conversations. */
export interface EmulatorMemoryResult {
  readonly conversations: number;
  readonly rssBeforeMiB: number;
  /** Right after the last conversation was answered. */
  readonly rssAfterMiB: number;
  /** After `idleSeconds` without traffic. */
  readonly rssIdleMiB: number;
  readonly idleSeconds: number;
}

/** Requests in flight while the conversations are sent. */
const CONCURRENCY = 32;

/**
 * Starts our server (development mode: no app id, so `/api/messages` takes Emulator traffic from loopback), has
 * `conversations` Emulator users each open a conversation and ask a question, and reads the server's RSS before,
 * right after, and after `idleSeconds` of quiet. The bot's answers go to a connector stand-in on loopback.
 *
 * @example const result = await measureEmulatorMemory(3_000, 30);
 */
export async function measureEmulatorMemory(conversations: number, idleSeconds: number): Promise<EmulatorMemoryResult> {
  const connector = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"reply"}');
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-bench-'));
  const server = await spawnChildServer('ours', { NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LINE_SIMULATOR: 'off' });
  try {
    const rss = async (): Promise<number> => (await server.readStats()).rssMiB;
    const rssBeforeMiB = await rss();
    const post = async (activity: Record<string, unknown>): Promise<void> => {
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      await response.arrayBuffer();
    };
    let next = 0;
    const sendConversations = async (): Promise<void> => {
      for (let n = next++; n < conversations; n = next++) {
        const base = { channelId: 'emulator', serviceUrl, conversation: { id: `bench-${n}|livechat` }, from: { id: `bench-user-${n}`, name: 'User', role: 'user' }, recipient: { id: 'bot', name: 'Bot', role: 'bot' }, locale: 'en-US' };
        await post({ ...base, type: 'conversationUpdate', id: `bench-${n}-1`, timestamp: new Date().toISOString(), membersAdded: [{ id: base.from.id, name: 'User' }, { id: 'bot', name: 'Bot' }] });
        await post({ ...base, type: 'message', id: `bench-${n}-2`, timestamp: new Date().toISOString(), text: 'Where is my order?' });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sendConversations));
    const rssAfterMiB = await rss();
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return { conversations, rssBeforeMiB, rssAfterMiB, rssIdleMiB: await rss(), idleSeconds };
  } finally {
    await server.stop();
    connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The result as report lines. */
export function renderEmulatorMemoryReport(result: EmulatorMemoryResult): string {
  return [
    `memory: ${result.conversations} anonymous Emulator conversations (conversationUpdate + a question each)`,
    `  server RSS before ${Math.round(result.rssBeforeMiB)} MiB, after ${Math.round(result.rssAfterMiB)} MiB, after ${result.idleSeconds} s idle ${Math.round(result.rssIdleMiB)} MiB`,
  ].join('\n');
}
