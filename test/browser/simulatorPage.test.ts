import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPng } from '../support/checkPng';
import { eventually } from '../support/eventually';
import type { messagingApi } from '@line/bot-sdk';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { wcagViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { SHIPPED_CONTENT, shippedTopic } from '../support/selfServiceContent';
import { STICKER_PALETTE } from '../../src/simulator/stickerPalette';

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

  let sentMessageCount = 0;
  /** Delivers messages to the page's user as if the bot had pushed them through the fake Messaging API. */
  async function botPushes(...messages: messagingApi.Message[]): Promise<void> {
    const fakeApi = app.simulator?.fakeApi;
    assert.ok(fakeApi);
    const chatId = await page.locator('#user-id').textContent();
    assert.ok(chatId);
    const sentMessages = messages.map(() => ({ id: `9${String(++sentMessageCount).padStart(17, '0')}`, quoteToken: 'q' }));
    fakeApi.emit('delivered', { chatId, via: 'push', messages, sentMessages, requestId: 'browser-test', at: Date.now() });
  }

  /** Whether the log's newest line is fully inside the log's visible area (and the log inside the viewport). */
  async function newestLineInView(): Promise<boolean> {
    // Runs in the page (this project's test code has no DOM types).
    return page.evaluate<boolean>(`(() => {
      const scroller = document.getElementById('log-scroller');
      const last = document.getElementById('log').lastElementChild;
      if (!scroller || !last) return false;
      const frame = scroller.getBoundingClientRect();
      const line = last.getBoundingClientRect();
      return line.top >= frame.top - 1 && line.bottom <= frame.bottom + 1 && line.bottom <= window.innerHeight;
    })()`);
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

  it('fits every width from 360 to 1,920 px with the menu\'s quick replies showing', async () => {
    assert.ok((await page.locator('#quick-replies button').count()) >= SHIPPED_CONTENT.menu.length);
    for (const [width, height] of [[360, 740], [390, 844], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      const widths = await page.evaluate<{ scroll: number; viewport: number; body: number }>('({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, body: document.body.scrollWidth })');
      await page.screenshot({ path: path.join(ARTIFACTS, `simulator-quick-replies-${width}.png`), fullPage: true });
      assert.equal(widths.scroll, widths.viewport, `no horizontal overflow at ${width}×${height}`);
      assert.ok(widths.body <= widths.viewport, `the body fits at ${width}×${height}`);
      const lastQuickReply = await page.locator('#quick-replies button').last().boundingBox();
      assert.ok(lastQuickReply && lastQuickReply.x + lastQuickReply.width <= widths.viewport, `every quick reply is within reach at ${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('answers a sticker', async () => {
    await page.click('details.stickers summary');
    await page.locator('#sticker-palette button').first().click();
    await log().getByText(EN_TEXTS.stickerReply).waitFor();
    const sent = log().locator('li.msg.user').last().locator('.sticker[role=img]');
    assert.equal(await sent.getAttribute('aria-label'), `Sticker: ${STICKER_PALETTE[0]?.description} (package 446, sticker 1988)`);
  });

  it('draws a sticker from the bot as a sticker card, and an unknown one as a generic card', async () => {
    await botPushes({ type: 'sticker', packageId: '789', stickerId: '10855' }, { type: 'sticker', packageId: '6136', stickerId: '10551376' });
    const known = log().getByRole('img', { name: 'Sticker: Sally: Special Edition, sticker 10855 (package 789, sticker 10855)' });
    await known.waitFor();
    const unknown = log().getByRole('img', { name: 'Sticker (package 6136, sticker 10551376)' });
    await unknown.waitFor();
    assert.equal(await known.locator('.sticker-glyph').textContent(), STICKER_PALETTE.find((sticker) => sticker.stickerId === '10855')?.emoji);
    const glyphSize = parseFloat(await page.evaluate<string>(`getComputedStyle(document.querySelector('#log .sticker:not(.unknown) .sticker-glyph')).fontSize`));
    assert.ok(glyphSize >= 48, `the sticker is drawn large (${glyphSize}px)`);
    assert.doesNotMatch((await log().textContent()) ?? '', /Sticker 789\/10855/, 'a known sticker is not shown as its ids');
    await known.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-stickers.png') });
  });

  it('finds no WCAG failure with stickers, quick replies and the sticker palette showing', async () => {
    await botPushes({ type: 'text', text: 'Pick one', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'Yes', text: 'yes' } }] } });
    await page.locator('#quick-replies button', { hasText: 'Yes' }).waitFor();
    assert.deepEqual(await wcagViolations(page), []);
  });

  it('scrolls to each new message, and offers a button instead while the user reads older ones', async () => {
    await botPushes(...Array.from({ length: 5 }, (_, i) => ({ type: 'text' as const, text: `Update ${i + 1} of 5` })));
    await log().getByText('Update 5 of 5').waitFor();
    await until(newestLineInView, 'the newest message scrolled into view');
    assert.equal(await page.locator('#new-messages').isVisible(), false);

    await page.locator('#log-scroller').evaluate((scroller) => scroller.scrollTo({ top: 0 }));
    await until(async () => (await page.locator('#log-scroller').evaluate((scroller) => scroller.scrollTop)) === 0, 'the log scrolled to the top');
    // Browsers fire scroll events with the next frames: let the page see that the reader moved before news arrives.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await botPushes({ type: 'text', text: 'While you were reading' });
    await log().getByText('While you were reading').waitFor({ state: 'attached' });
    await page.locator('#new-messages').waitFor();
    assert.equal(await page.locator('#log-scroller').evaluate((scroller) => scroller.scrollTop), 0, 'the reader keeps their place');
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-new-messages-button.png') });
    await page.click('#new-messages');
    await until(newestLineInView, 'the button took the reader to the newest message');
    assert.equal(await page.locator('#new-messages').isVisible(), false);
  });

  it('keeps a picture the user sends in view once it has loaded', async () => {
    await page.setInputFiles('#image-input', { name: 'tall.png', mimeType: 'image/png', buffer: checkPng(120, 900) });
    const picture = log().getByRole('img', { name: 'Your image: tall.png' });
    await picture.waitFor();
    await until(() => picture.evaluate((image) => (image as unknown as { complete: boolean; naturalHeight: number }).complete && (image as unknown as { naturalHeight: number }).naturalHeight === 900), 'the picture loaded');
    await until(newestLineInView, 'the loaded picture is in view');
    const box = await picture.boundingBox();
    const frame = await page.locator('#log-scroller').boundingBox();
    assert.ok(box && frame && box.width <= frame.width, 'the picture fits the chat');

    // A picture the bot sends from this server is shown (the page's CSP allows no other host); others stay links.
    const ownPicture = `${app.url}/dashboard/favicon.svg`;
    await botPushes({ type: 'image', originalContentUrl: ownPicture, previewImageUrl: ownPicture });
    const fromBot = log().getByRole('img', { name: 'Image from the bot' }).last();
    await until(() => fromBot.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth > 0), 'the bot\'s picture loaded');
    await until(newestLineInView, 'the bot\'s picture is in view');
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

  it('shows the same chat after a reload, and a new user starts empty while the old chat stays stored', async () => {
    await botPushes({ type: 'text', text: 'Anything else?', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'No, thanks', text: 'no thanks' } }] } });
    await page.locator('#quick-replies button', { hasText: 'No, thanks' }).waitFor();
    const userId = await page.locator('#user-id').textContent();
    const lines = await log().locator('li').allTextContents();
    assert.ok(lines.length > 10);

    await page.reload();
    await waitForCount(log().locator('li'), lines.length);
    assert.equal(await page.locator('#user-id').textContent(), userId);
    assert.deepEqual(await log().locator('li').allTextContents(), lines);
    assert.deepEqual(await page.locator('#quick-replies button').allTextContents(), ['No, thanks']);
    await log().getByRole('img', { name: /Sally: Special Edition, sticker 10855/ }).waitFor({ state: 'attached' });
    const thumbnail = log().getByRole('img', { name: 'Your image: tall.png' });
    await until(() => thumbnail.evaluate((image) => (image as unknown as { complete: boolean; naturalHeight: number }).complete && (image as unknown as { naturalHeight: number }).naturalHeight === 240), 'the sent picture came back as a thumbnail');
    await until(newestLineInView, 'the restored chat shows its newest message');
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-after-reload.png') });
    await page.setViewportSize({ width: 360, height: 740 });
    await botPushes({ type: 'text', text: `A long word: ${'x'.repeat(120)}` });
    await log().getByText('A long word').waitFor();
    const widths = await page.evaluate<{ scroll: number; viewport: number }>('({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth })');
    await page.locator('#log-scroller').screenshot({ path: path.join(ARTIFACTS, 'simulator-after-reload-360.png') });
    assert.equal(widths.scroll, widths.viewport, 'the whole chat (stickers, a picture, a long word) fits 360 px');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.click('#new-user');
    await page.locator('#status').getByText('You are now a new user').waitFor();
    assert.equal(await log().locator('li').count(), 0);
    assert.equal(await page.locator('#quick-replies').isVisible(), false);
    const kept = await page.evaluate((id) => JSON.parse(localStorage.getItem(`lineSimulator.chat.v1.${id}`) ?? '{}').entries?.length, userId);
    assert.equal(kept, lines.length + 1);
  });
});

/** Waits until `check` holds (10 s at most). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(async () => assert.ok(await check(), what), { timeoutMs: 10_000, intervalMs: 50 });
}

/** Waits until `locator` matches at least `count` elements (10 s at most). */
async function waitForCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  await eventually(async () => assert.ok((await locator.count()) >= count, `expected ${count} of ${locator.toString()}`), { timeoutMs: 10_000, intervalMs: 50 });
}
