import { createHash } from 'node:crypto';
import type { Server } from 'restify';

/** What the landing page links to: only what this server runs. */
export interface LandingPageOptions {
  /** The LINE simulator runs (`/simulator`). */
  readonly simulator: boolean;
  /** `POST /api/messages` is served, and whether it is the unauthenticated Emulator endpoint. */
  readonly botFrameworkEndpoint: 'off' | 'emulator' | 'authenticated';
  /** The base URL the page names (`PUBLIC_URL`, or where the server listens). */
  readonly publicUrl: () => string;
}

/** The page's only style; allowed by its hash, so the CSP needs no `unsafe-inline`. */
const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d2129}h1{font-size:1.5rem}li{margin:.5rem 0}code{background:#f0f2f5;padding:.1rem .3rem;border-radius:3px}.muted{color:#606770}';

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Renders the landing page: where a newcomer goes next (the simulator, the dashboard, the Emulator endpoint, the API
 * description, health).
 *
 * @example landingPageHtml({ simulator: true, botFrameworkEndpoint: 'emulator', publicUrl: () => 'http://127.0.0.1:3978' })
 */
export function landingPageHtml(options: LandingPageOptions): string {
  const base = escapeHtml(options.publicUrl());
  const items = [
    ...(options.simulator ? ['<li><a href="/simulator">LINE simulator</a>: chat with the bot as LINE users, no LINE account needed.</li>'] : []),
    '<li><a href="/dashboard">Dashboard</a>: agents, supervisors and admins (the first start logs a setup code for the first admin).</li>',
    ...(options.botFrameworkEndpoint === 'emulator'
      ? [`<li>Bot Framework Emulator endpoint: <code>${base}/api/messages</code> (no app id or password; loopback only).</li>`]
      : options.botFrameworkEndpoint === 'authenticated'
        ? [`<li>Bot Framework messaging endpoint: <code>${base}/api/messages</code>.</li>`]
        : []),
    `<li>LINE webhook URL of an account: <code>${base}/api/line/&lt;accountId&gt;</code>.</li>`,
    '<li><a href="/api/openapi.json">API description</a> (OpenAPI); <a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a> for probes.</li>',
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>LINE omnichannel</title><style>${STYLE}</style></head><body><h1>LINE omnichannel is running</h1><ul>${items.join('')}</ul><p class="muted">The README describes configuration, deployment and operations.</p></body></html>`;
}

/**
 * `GET /`: the landing page, with a CSP that allows nothing but its own hashed style.
 *
 * @example registerLandingPage(server, { simulator: true, botFrameworkEndpoint: 'emulator', publicUrl });
 */
export function registerLandingPage(server: Server, options: LandingPageOptions): void {
  server.get('/', async (_req, res) => {
    const body = landingPageHtml(options);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'cache-control': 'no-cache',
    });
    res.end(body);
  });
}
