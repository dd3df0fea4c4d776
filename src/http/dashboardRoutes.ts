import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { IMMUTABLE_CACHE, readBuiltAsset, readOptionalFile } from './builtAssets.js';

/** Where `vite build` puts the dashboard: `dist/dashboard`, beside the compiled server (`dist/src/http`). */
export const DEFAULT_DASHBOARD_DIRECTORY = path.resolve(__dirname, '..', '..', 'dashboard');

/**
 * Headers of every dashboard answer. The page's scripts and styles come only from this server (no inline script, so
 * an injected `<script>` cannot run), it talks only to this server's API, and it shows pictures from HTTPS hosts
 * (LINE profile pictures and stickers) and `data:` URLs. Customers' photos, videos and voice messages come from the
 * API with the login token in a header, so the page shows them through `blob:` object URLs (`img-src`, `media-src`).
 */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Text assets worth compressing (fonts and pictures are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.json', '.map', '.svg', '.webmanifest', '.txt']);

/** Gzipped hashed assets by path: a hashed name never changes content, so each is compressed once. */
const gzippedAssets = new Map<string, Buffer>();

/** Whether the client takes gzip (`Accept-Encoding`, with a q-value above 0). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find((found) => found !== undefined);
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q) > 0);
  });
}

/** What the dashboard routes need. */
export interface DashboardRoutesOptions {
  /** The built dashboard (default: `dist/dashboard`). */
  readonly directory?: string;
}

/**
 * Serves the browser dashboard built by `npm run build:dashboard`: `GET /dashboard` and every app route under it
 * (`/dashboard/agent/…`, `/dashboard/admin/…`) answer `index.html`; `/dashboard/assets/*` are the hashed bundles,
 * cached for a year. Every answer carries a strict Content-Security-Policy and `nosniff`. Without a build the
 * dashboard answers 503 with a page saying how to build it.
 *
 * @example registerDashboardRoutes(server); // then open http://localhost:3978/dashboard
 */
export function registerDashboardRoutes(server: Server, options: DashboardRoutesOptions = {}): void {
  const directory = options.directory ?? DEFAULT_DASHBOARD_DIRECTORY;
  const handler = async (req: Request, res: Response): Promise<void> => {
    const pathname = safePathname(req.url);
    const rest = pathname === undefined ? '' : pathname.replace(/^\/dashboard\/?/, '');
    const segments = rest.split('/').filter((segment) => segment !== '');

    const index = await readOptionalFile(path.join(directory, 'index.html'));
    if (index === undefined) return void sendNotBuilt(res);

    // Assets: `assets/<hashed name>`, or a file of the build's root (e.g. `favicon.svg`).
    const inAssets = segments[0] === 'assets';
    if (inAssets || (segments.length === 1 && /\.[a-z0-9]+$/i.test(segments[0] ?? ''))) {
      const name = inAssets ? (segments.length === 2 ? segments[1] : undefined) : segments[0];
      const asset = await readBuiltAsset(inAssets ? path.join(directory, 'assets') : directory, name);
      if (asset === undefined || name === undefined) return void send(res, 404, 'text/plain; charset=utf-8', Buffer.from('not found\n'), 'no-store', req.method === 'HEAD');
      // Hashed text assets go gzipped to clients that take it (the fonts' stylesheet shrinks to about a third).
      if (inAssets && COMPRESSIBLE.has(path.extname(name).toLowerCase())) {
        if (!acceptsGzip(req.headers['accept-encoding'])) return void send(res, 200, asset.contentType, asset.body, IMMUTABLE_CACHE, req.method === 'HEAD', { vary: 'accept-encoding' });
        const key = path.join(directory, 'assets', name);
        let gzipped = gzippedAssets.get(key);
        if (gzipped === undefined) {
          gzipped = gzipSync(asset.body, { level: 9 });
          gzippedAssets.set(key, gzipped);
        }
        return void send(res, 200, asset.contentType, gzipped, IMMUTABLE_CACHE, req.method === 'HEAD', { vary: 'accept-encoding', 'content-encoding': 'gzip' });
      }
      return void send(res, 200, asset.contentType, asset.body, inAssets ? IMMUTABLE_CACHE : 'no-cache', req.method === 'HEAD');
    }

    // Anything else is a route of the app: the page decides what to show.
    send(res, 200, 'text/html; charset=utf-8', index, 'no-cache', req.method === 'HEAD');
  };
  for (const route of ['/dashboard', '/dashboard/*']) {
    server.get(route, handler);
    server.head(route, handler);
  }
}

function safePathname(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return undefined;
  }
}

function send(res: Response, status: number, contentType: string, body: Buffer, cacheControl: string, headOnly: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...DASHBOARD_SECURITY_HEADERS, ...extra, 'content-type': contentType, 'content-length': body.length, 'cache-control': cacheControl });
  res.end(headOnly ? undefined : body);
}

function sendNotBuilt(res: Response): void {
  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body>
<h1>The dashboard has not been built</h1>
<p>The server found no built dashboard (<code>dist/dashboard/index.html</code>).</p>
<p>Build it with <code>npm run build:dashboard</code> (<code>npm start</code> and <code>npm test</code> build it for you), then reload this page.</p>
</body>
</html>
`;
  const body = Buffer.from(page, 'utf8');
  res.writeHead(503, { ...DASHBOARD_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', 'retry-after': '60' });
  res.end(body);
}
