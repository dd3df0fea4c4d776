import { performance } from 'node:perf_hooks';
import { WebhookClient, type AckResult } from './webhookClient';

/** Anything the benchmark can post a signed callback to. */
export interface WebhookPoster {
  /** Sends one callback; never rejects (a failure is a result with status 0). */
  post(raw: Buffer, signature: string, startedAt?: number): Promise<AckResult>;
  close(): void;
}

/**
 * Posts each callback to the next of several instances in turn, as a round-robin load balancer in front of a cluster
 * does: consecutive events of one user land on different instances.
 *
 * @example
 * const client = new RoundRobinWebhookClient(servers.map((server) => `${server.url}/api/line/default`), 256);
 * await client.post(raw, signature);
 */
export class RoundRobinWebhookClient implements WebhookPoster {
  private readonly clients: readonly WebhookClient[];
  private next = 0;

  /** @param maxSockets bound on concurrent connections, shared out among the instances. */
  constructor(urls: readonly string[], maxSockets: number) {
    if (urls.length === 0) throw new Error('a round-robin client needs at least one instance');
    const perInstance = Math.max(1, Math.ceil(maxSockets / urls.length));
    this.clients = urls.map((url) => new WebhookClient(url, perInstance));
  }

  post(raw: Buffer, signature: string, startedAt: number = performance.now()): Promise<AckResult> {
    const client = this.clients[this.next]!;
    this.next = (this.next + 1) % this.clients.length;
    return client.post(raw, signature, startedAt);
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
