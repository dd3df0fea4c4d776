import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { launchChromium } from '../support/chromium';

const ARTIFACTS = path.resolve('test-artifacts');

describe('LINE simulator page in a real browser', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'line-omnichannel-simulator-'));

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startApp({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', DATA_DIR: dataDir }), logger: createLogger('silent') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}/simulator`);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function log(): ReturnType<Page['locator']> {
    return page.locator('#log');
  }

  it('runs on the default account when no LINE credentials are configured', () => {
    assert.equal(app.simulator?.accountId, 'default');
  });

  it('lets a user add the bot and be greeted by name', async () => {
    await page.fill('#display-name', 'Mai');
    await page.selectOption('#language', 'th');
    await page.click('#profile-form button[type=submit]');
    await page.click('#follow');
    await log().getByText('Hello Mai!', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-greeting.png') });
  });

  it('answers what the user writes, by free reply, with quick replies as buttons', async () => {
    await page.fill('#message-text', 'Where is my parcel?');
    await page.press('#message-text', 'Enter');
    const entry = log().locator('li').filter({ hasText: 'You said: Where is my parcel?' }).last();
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /reply/i);
    const quickReplies = page.locator('#quick-replies button');
    await quickReplies.first().waitFor();
    assert.deepEqual(await quickReplies.allTextContents(), ['Hello', 'Show a card', 'Help']);
  });

  it('renders a card from a quick reply and sends its postback button', async () => {
    await page.locator('#quick-replies button', { hasText: 'Show a card' }).click();
    const postbackButton = log().getByRole('button', { name: 'Send a postback' });
    await postbackButton.waitFor();
    await postbackButton.click();
    await log().getByText('You said: action=demo').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-card.png') });
  });

  it('sends a sticker and gets an answer', async () => {
    await page.click('details.stickers summary');
    await page.locator('#sticker-palette button').first().click();
    await log().getByText('Nice sticker!').waitFor();
  });

  it('shows the retry after a simulated 429 and still delivers the answer', async () => {
    await page.selectOption('#failure-status', '429');
    await page.fill('#failure-count', '1');
    await page.selectOption('#failure-path', '/v2/bot/message/reply');
    await page.click('#failure-form button[type=submit]');
    await page.fill('#message-text', 'after the rate limit');
    await page.press('#message-text', 'Enter');
    await log().getByText('You said: after the rate limit').waitFor();
    const replies = app.simulator?.fakeApi.requests.filter((request) => request.path === '/v2/bot/message/reply') ?? [];
    assert.deepEqual(replies.slice(-2).map((request) => request.status), [429, 200]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-after-429.png') });
  });
});
