import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { IMMUTABLE_CACHE, readBuiltAsset, readOptionalFile } from '../http/builtAssets.js';

/** Where `npm run build:simulator-page` puts the page: `dist/simulator-page`, beside the compiled server (`dist/src/simulator`). */
export const DEFAULT_SIMULATOR_PAGE_DIRECTORY = path.resolve(__dirname, '..', '..', 'simulator-page');

/**
 * Headers of every simulator page answer: scripts, styles and pictures only from this server (pictures the user picks
 * are shown through `blob:` URLs), no inline code, no framing.
 */
export const SIMULATOR_PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the simulator page built by Vite (`simulator-page/`, built into `dist/simulator-page`): `GET /simulator`
 * answers its `index.html` (revalidated on every load), `/simulator/assets/*` its hashed script and style (cached for
 * a year). Without a build the page answers 503 saying how to build it.
 *
 * @example registerSimulatorPage(server); // then open http://localhost:3978/simulator
 */
export function registerSimulatorPage(server: Server, directory: string = DEFAULT_SIMULATOR_PAGE_DIRECTORY): void {
  const page = async (req: Request, res: Response): Promise<void> => {
    const index = await readOptionalFile(path.join(directory, 'index.html'));
    if (index === undefined) return sendNotBuilt(res);
    send(res, 200, 'text/html; charset=utf-8', index, 'no-cache', req.method === 'HEAD');
  };
  const asset = async (req: Request, res: Response): Promise<void> => {
    const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/simulator/assets/'.length);
    const file = await readBuiltAsset(path.join(directory, 'assets'), name);
    if (file === undefined) return send(res, 404, 'text/plain; charset=utf-8', Buffer.from('not found\n'), 'no-store', req.method === 'HEAD');
    send(res, 200, file.contentType, file.body, IMMUTABLE_CACHE, req.method === 'HEAD');
  };
  server.get('/simulator', page);
  server.head('/simulator', page);
  server.get('/simulator/assets/*', asset);
  server.head('/simulator/assets/*', asset);
}

function send(res: Response, status: number, contentType: string, body: Buffer, cacheControl: string, headOnly: boolean): void {
  res.writeHead(status, { ...SIMULATOR_PAGE_SECURITY_HEADERS, 'content-type': contentType, 'content-length': body.length, 'cache-control': cacheControl });
  res.end(headOnly ? undefined : body);
}

function sendNotBuilt(res: Response): void {
  const body = Buffer.from(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Simulator page not built</title></head>
<body>
<h1>The LINE simulator page has not been built</h1>
<p>The server found no built page (<code>dist/simulator-page/index.html</code>).</p>
<p>Build it with <code>npm run build:simulator-page</code> (<code>npm start</code> and <code>npm test</code> build it for you), then reload this page.</p>
</body>
</html>
`);
  res.writeHead(503, { ...SIMULATOR_PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', 'retry-after': '60' });
  res.end(body);
}
