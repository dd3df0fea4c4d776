import type { Server } from 'restify';

/** A dependency whose readiness `/readyz` reports. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves `true` when ready; a throw counts as not ready. */
  check(): Promise<boolean>;
}

/** `GET /healthz` (the process answers) and `GET /readyz` (every dependency is ready). */
export function registerHealthRoutes(server: Server, checks: readonly ReadinessCheck[]): void {
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
}
