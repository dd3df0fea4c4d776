import type { Server } from 'restify';

/**
 * Headers every answer carries: the request id (`x-request-id`, also in 5xx bodies and the log), `nosniff`, no
 * framing and no referrer. API answers (`/api/…`) are also never cached: they carry customers' data and tokens.
 * Routes that serve pages or files (dashboard, media) set their own CSP and caching on top.
 *
 * @example registerSecurityHeaders(server); // before any route
 */
export function registerSecurityHeaders(server: Server): void {
  server.pre((req, res, next) => {
    res.header('x-request-id', req.id());
    res.header('x-content-type-options', 'nosniff');
    res.header('x-frame-options', 'DENY');
    res.header('referrer-policy', 'no-referrer');
    if ((req.url ?? '').startsWith('/api/')) res.header('cache-control', 'no-store');
    next();
  });
}
