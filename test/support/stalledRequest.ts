import { Worker } from 'node:worker_threads';

/** What a stalled request received before its connection closed. */
export interface StalledExchange {
  /** Everything the server sent, as Latin-1 text. */
  readonly received: string;
  /** Whether the server closed the connection (rather than the caller giving up on it). */
  readonly closedByServer: boolean;
}

// Runs in a worker thread: a test file that loads nock intercepts sockets of the main thread, so a raw connection
// made there would never reach the server.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { connect } = require('node:net');
const { host, port, head, giveUpMs } = workerData;
let received = '';
let done = false;
const finish = (closedByServer) => {
  if (done) return;
  done = true;
  clearTimeout(giveUp);
  socket.destroy();
  parentPort.postMessage({ received, closedByServer });
};
const socket = connect(port, host, () => socket.write(head, 'latin1'));
const giveUp = setTimeout(() => finish(false), giveUpMs);
socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
socket.on('error', () => finish(true));
socket.on('close', () => finish(true));
`;

/**
 * Opens a connection to the server at `url`, writes `head` (a request line, headers, perhaps part of a body) and then
 * nothing more, and collects what comes back until the server closes the connection. Gives up after `giveUpMs` — far
 * beyond any timeout a test configures — so a server that never answers fails the test instead of hanging it.
 *
 * @example
 * const exchange = await sendAndStall(url, 'POST /api/line/default HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\n{');
 * assert.match(exchange.received, /^HTTP\/1\.1 408 /);
 */
export function sendAndStall(url: string, head: string, giveUpMs = 10_000): Promise<StalledExchange> {
  const { hostname, port } = new URL(url);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { host: hostname, port: Number(port), head, giveUpMs } });
  return new Promise<StalledExchange>((resolve, reject) => {
    worker.once('message', (exchange: StalledExchange) => resolve(exchange));
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}
