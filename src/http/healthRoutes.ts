import type { Server } from 'restify';

/** A dependency whose readiness `/readyz` reports. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves `true` when ready; a throw counts as not ready. */
  check(): Promise<boolean>;
  /**
   * Reported, but never makes the instance unready: configuration every instance shares (e.g. no LINE channel yet),
   * which taking instances out of service cannot mend — and would keep the admin from reaching them to mend it.
   */
  readonly informational?: boolean;
}

/** How long `/readyz` waits for a check before counting it as not ready. */
export const READINESS_CHECK_TIMEOUT_MS = 1500;

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (every dependency is ready; informational checks are only
 * reported). A check that has not answered
 * within `checkTimeoutMs` counts as not ready, so a load balancer hears 503 promptly while the database hangs.
 */
export function registerHealthRoutes(server: Server, checks: readonly ReadinessCheck[], checkTimeoutMs = READINESS_CHECK_TIMEOUT_MS): void {
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async ({ name, check, informational }) => [name, await withinDeadline(check(), checkTimeoutMs).catch(() => false), informational === true] as const),
    );
    const ready = results.every(([, ok, informational]) => ok || informational);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results.map(([name, ok]) => [name, ok])) });
  });
}

function withinDeadline(check: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
