/** What the dashboard browser tests share: a page that records every error, sign-in, polling. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { eventually } from './eventually';

/** Shorter than every polling interval of the dashboard (15 s, 30 s): what appears within it came by the live stream. */
export const LIVE_MS = 8_000;

/** What the test reads of an `<img>` in the page (the server's compiler has no DOM types). */
export type DecodedImage = { readonly naturalWidth: number; readonly naturalHeight: number };

/** Whether the page can load `url` as a picture now (a revoked object URL cannot). */
export async function imageLoads(page: Page, url: string): Promise<boolean> {
  return page.evaluate(
    (src) =>
      new Promise<boolean>((resolve) => {
        const probe = new (globalThis as unknown as { Image: new () => { onload: () => void; onerror: () => void; src: string } }).Image();
        probe.onload = () => resolve(true);
        probe.onerror = () => resolve(false);
        probe.src = src;
      }),
    url,
  );
}

/** Waits until `check` holds (tried every 50 ms); fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = LIVE_MS): Promise<void> {
  await eventually(async () => assert.ok(await check(), `expected ${what}`), { timeoutMs, intervalMs: 50 });
}

/** The screen a page is opened with: its size (1,366×768 unless told) and the browser's language (`locale`, e.g. `ja-JP`). */
export interface PageScreen {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly locale?: string;
}

/** A fresh browser context (its own sessionStorage) with a page that fails the test on any page error or alert. */
export async function openPage(browser: Browser, problems: string[], screen: PageScreen = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: screen.viewport ?? { width: 1366, height: 768 }, ...(screen.locale ? { locale: screen.locale } : {}) });
  // The pages may show pictures from LINE's hosts (stickers, profile pictures): the tests never reach beyond loopback.
  await context.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(LIVE_MS);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`unexpected ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page };
}

/** Signs in at `/dashboard` and waits for the signed-in header. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, labels: SignInLabels = ENGLISH_SIGN_IN): Promise<void> {
  await page.goto(`${baseUrl}/dashboard`);
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole('button', { name: labels.signIn, exact: true }).click();
  await page.getByRole('button', { name: labels.signOut }).waitFor();
}

/** The names of the sign-in page's controls in the dashboard's language. */
export interface SignInLabels {
  readonly username: string;
  readonly password: string;
  readonly signIn: string;
  readonly signOut: string;
}

const ENGLISH_SIGN_IN: SignInLabels = { username: 'Username', password: 'Password', signIn: 'Sign in', signOut: 'Sign out' };

/** A browser suite's Chromium and the problems its pages reported, from {@link useDashboardBrowser}. */
export interface DashboardBrowser {
  /** The browser (launched before the suite's tests). */
  readonly browser: () => Browser;
  /** Pages opened with {@link openPage}`(browser(), problems)` record their errors here; each test must leave it empty. */
  readonly problems: string[];
}

/**
 * Registers the hooks every dashboard browser suite needs: Chromium launched before the tests (and the artefacts
 * folder made), closed after them, and after each test a failure for any page error, CSP violation or alert.
 */
export function useDashboardBrowser(artifacts: string): DashboardBrowser {
  let launched: Browser | undefined;
  const problems: string[] = [];
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    launched = await launchChromium();
  });
  after(async () => {
    await launched?.close();
  });
  afterEach(() => {
    const found = problems.splice(0);
    assert.deepEqual(found, [], 'no page errors, CSP violations or alerts');
  });
  return {
    browser: () => {
      if (!launched) throw new Error('the browser is launched in the suite’s before hook');
      return launched;
    },
    problems,
  };
}
