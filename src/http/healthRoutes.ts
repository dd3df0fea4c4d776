import { z } from 'zod';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';

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

const readinessSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.record(z.string(), z.boolean()).describe('each dependency by name: true when ready'),
});

/** `GET /healthz`. */
export const liveness = apiContract({
  method: 'get', path: '/healthz', tags: ['operations'], access: 'public',
  summary: 'The process is up',
  responses: { 200: { description: 'ok', schema: z.object({ status: z.literal('ok') }) } },
});

/** `GET /readyz`. */
export const readiness = apiContract({
  method: 'get', path: '/readyz', tags: ['operations'], access: 'public',
  summary: 'Dependencies are ready (informational checks, such as no LINE channel yet, are reported but never make it unready)',
  responses: { 200: { description: 'ready', schema: readinessSchema }, 503: { description: 'not ready; `checks` names the failing dependency', schema: readinessSchema } },
});

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (every dependency is ready; informational checks are only
 * reported). A check that has not answered
 * within `checkTimeoutMs` counts as not ready, so a load balancer hears 503 promptly while the database hangs.
 *
 * @example registerHealthRoutes(api, [{ name: 'store', check: async () => { await store.ping(); return true; } }]);
 */
export function registerHealthRoutes(api: ApiRouter, checks: readonly ReadinessCheck[], checkTimeoutMs = READINESS_CHECK_TIMEOUT_MS): void {
  api.route(liveness, async () => ({ status: 200, body: { status: 'ok' as const } }));
  api.route(readiness, async () => {
    const results = await Promise.all(
      checks.map(async ({ name, check, informational }) => [name, await withinDeadline(check(), checkTimeoutMs).catch(() => false), informational === true] as const),
    );
    const ready = results.every(([, ok, informational]) => ok || informational);
    const body = { status: ready ? ('ready' as const) : ('not ready' as const), checks: Object.fromEntries(results.map(([name, ok]) => [name, ok])) };
    return ready ? { status: 200, body } : { status: 503, body };
  });
}

function withinDeadline(check: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
