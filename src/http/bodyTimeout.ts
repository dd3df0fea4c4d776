import type { IncomingMessage } from 'node:http';
import type { Server } from 'restify';

const timeouts = new WeakMap<IncomingMessage, number>();

/**
 * Gives every request of `server` a body timeout of `timeoutMs`, which `readRawBody` applies unless its caller gives
 * another (the management API's JSON bodies take it, see `api/apiRouter.ts`). Routes that need
 * another bound pass it to the reader themselves (the LINE webhook, tighter); streamed uploads are bound by the
 * server's request timeout (see `serverTimeouts.ts`).
 *
 * @example useBodyTimeout(server, config.limits.apiBodyTimeoutMs);
 */
export function useBodyTimeout(server: Server, timeoutMs: number): void {
  server.pre((req, _res, next) => {
    timeouts.set(req, timeoutMs);
    next();
  });
}

/**
 * The body timeout {@link useBodyTimeout} gave `req`, in milliseconds; `undefined` when none was given.
 *
 * @example const timeoutMs = bodyTimeoutOf(req) ?? 15_000;
 */
export function bodyTimeoutOf(req: IncomingMessage): number | undefined {
  return timeouts.get(req);
}
