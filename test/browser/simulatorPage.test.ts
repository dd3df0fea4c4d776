import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { launchChromium } from '../support/chromium';
import { SHIPPED_CONTENT, shippedTopic } from '../support/selfServiceContent';

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

  it('lets a user add the bot and be greeted by name, with the menu as buttons', async () => {
    await page.fill('#display-name', 'Mai');
    await page.selectOption('#language', 'en');
    await page.click('#profile-form button[type=submit]');
    // The greeting names whoever the simulator knows when the follow arrives: the profile must be saved first.
    await page.locator('#status').getByText('Profile saved: Mai (en).').waitFor();
    await page.click('#follow');
    await log().getByText(EN_TEXTS.greeting('Mai')).waitFor();
    const quickReplies = page.locator('#quick-replies button');
    await quickReplies.first().waitFor();
    const labels = await quickReplies.allTextContents();
    assert.deepEqual(labels.slice(0, SHIPPED_CONTENT.menu.length), SHIPPED_CONTENT.menu.map((id) => shippedTopic(id).title.en));
    assert.ok(labels.includes(EN_TEXTS.talkToPersonLabel));
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-greeting.png') });
  });

it('answers a sticker', async () => {
    await page.click('details.stickers summary');
    await page.locator('#sticker-palette button').first().click();
    await log().getByText(EN_TEXTS.stickerReply).waitFor();
  });

  it('answers a question by free reply and asks whether it helped', async () => {
    await page.fill('#message-text', 'Where is my parcel?');
    await page.press('#message-text', 'Enter');
    const entry = log().locator('li').filter({ hasText: shippedTopic('delivery-status').answer.en }).last();
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /reply/i);
    await log().getByText(EN_TEXTS.didThisHelp).waitFor();
    assert.deepEqual(await page.locator('#quick-replies button').allTextContents(), [EN_TEXTS.yesLabel, EN_TEXTS.noLabel]);
  });

  it('offers a person when the answer did not help, and records the request', async () => {
    await page.locator('#quick-replies button', { hasText: EN_TEXTS.noLabel }).click();
    await log().getByText(EN_TEXTS.offerPerson('notHelpful')).waitFor();
    await page.locator('#quick-replies button', { hasText: EN_TEXTS.talkToPersonLabel }).click();
    await log().getByText(renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.requestReceived, { QueueName: 'General' })).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-handoff.png') });
  });

  it('shows the retry after a simulated 429 and still delivers the answer', async () => {
    await page.selectOption('#failure-status', '429');
    await page.fill('#failure-count', '1');
    await page.selectOption('#failure-path', '/v2/bot/message/reply');
    await page.click('#failure-form button[type=submit]');
    const before = await log().getByText(EN_TEXTS.handoffCancelled).count();
    await page.fill('#message-text', 'cancel');
    await page.press('#message-text', 'Enter');
    await waitForCount(log().getByText(EN_TEXTS.handoffCancelled), before + 1);
    const replies = app.simulator?.fakeApi.requests.filter((request) => request.path === '/v2/bot/message/reply') ?? [];
    assert.deepEqual(replies.slice(-2).map((request) => request.status), [429, 200]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-after-429.png') });
  });
});

async function waitForCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await locator.count()) < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} of ${locator.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
