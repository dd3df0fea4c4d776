import assert from 'node:assert/strict';
import path from 'node:path';
import type { messagingApi } from '@line/bot-sdk';
import type { Page } from 'playwright-core';
import type { LoadingAnimation } from '../../src/simulator/fakeLineApiTypes';
import { wcagViolations } from '../support/axe';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { DashboardTexts } from '../support/dashboardTexts';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xb7e100 + n).toString(16).padStart(32, '0')}`;
}

/** The delivery totals the server reports for a conversation. */
interface Totals {
  readonly free: number;
  readonly paid: number;
  readonly agentFree: number;
  readonly agentPaid: number;
}

/** Whether the page can scroll sideways (it must not, on any phone). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
}

describe('agents answering LINE customers from the dashboard: free and paid, stickers, buttons, canned responses, typing (real browser)', function () {
  this.timeout(180_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let h: HandoffHarness;
  let mio: TestAgent;
  let ren: TestAgent;
  const loading: LoadingAnimation[] = [];

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    // Each agent serves only their own queue, so one test's customer is never offered to the other test's agent.
    for (const [language, name] of [['en', 'Care desk'], ['ja', 'お客様窓口']] as const) {
      await h.admin('POST', '/api/admin/queues', { id: `${language}-care`, name, languages: [language], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/routing-rules', { id: `to-${language}`, name: `To ${language}`, order: 10, when: { languages: [language] }, queueId: `${language}-care`, requiredSkills: [] });
    }
    mio = await h.createAgent('mio', { displayName: 'Mio', languages: ['en'], capacity: 2, queueIds: ['en-care'] });
    ren = await h.createAgent('ren', { displayName: '蓮', languages: ['ja'], capacity: 2, queueIds: ['ja-care'] });
    await h.admin('POST', '/api/admin/canned-responses', { id: 'choose', title: 'Return or exchange', text: 'Hello {CustomerName}, this is {AgentName} from {QueueName}. Return or exchange?', language: 'en', tags: ['choice'] });
    h.server.fake.api.on('loading', (animation) => loading.push(animation));
  });
  after(async () => h?.close());

  /** The agent goes available, the customer asks for a person, the agent accepts; the conversation's handoff id. */
  async function acceptCustomer(page: Page, t: DashboardTexts, agent: TestAgent, userId: string, customer: { name: string; language: string }): Promise<string> {
    await page.getByRole('group', { name: t.s('yourPresence') }).getByRole('radio', { name: t.s('presenceAvailable') }).check();
    await until(`${agent.username} is available`, async () => (await h.call(agent.token, 'GET', '/api/agent/presence')).json.presence === 'available');
    h.server.fake.api.setProfile(userId, { displayName: customer.name, language: customer.language });
    await h.say(userId, 'cmd:agent');
    const offer = page.getByRole('article', { name: t.f('offerLabel', customer.name) });
    await offer.getByRole('button', { name: t.s('accept'), exact: true }).click();
    await page.getByRole('textbox', { name: t.f('messageTo', customer.name) }).waitFor();
    return h.conversationIdFor(agent, userId);
  }

  /** The batches delivered to `userId` after the first `from`. */
  function batchesTo(userId: string, from = 0): { via: 'reply' | 'push'; messages: readonly messagingApi.Message[] }[] {
    return h.server.fake.api.delivered.filter((batch) => batch.chatId === userId).slice(from);
  }

  async function totalsOf(agent: TestAgent, id: string): Promise<Totals> {
    const answer = await h.call(agent.token, 'GET', `/api/agent/conversations/${id}/transcript`);
    assert.equal(answer.status, 200, answer.text);
    return answer.json.delivery as Totals;
  }

  /** The agent writes `text` and sends it with Enter; resolves when LINE got it, answering how it went. */
  async function answer(page: Page, userId: string, customerName: string, t: DashboardTexts, text: string): Promise<'reply' | 'push'> {
    const before = batchesTo(userId).length;
    const compose = page.getByRole('textbox', { name: t.f('messageTo', customerName) });
    await compose.fill(text);
    await compose.press('Enter');
    await until(`LINE got “${text}”`, () => batchesTo(userId, before).some((batch) => batch.messages.some((message) => message.type === 'text' && message.text === text)));
    const batch = batchesTo(userId, before).find((candidate) => candidate.messages.some((message) => message.type === 'text' && message.text === text));
    return batch?.via ?? 'push';
  }

  it('in English: marks replies free and pushes paid, sends a sticker and buttons, fills canned responses, signals typing sparingly', async () => {
    const t = await DashboardTexts.of('en');
    const { context, page } = await openPage(browser(), problems, { viewport: { width: 1280, height: 800 } });
    const typingCalls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/typing')) typingCalls.push(request.url());
    });
    try {
      await signIn(page, h.url, 'mio', 'mio-password-1');
      const userId = lineUser(1);
      const id = await acceptCustomer(page, t, mio, userId, { name: 'Hana', language: 'en' });
      const transcript = page.getByRole('list', { name: t.f('conversationWith', 'Hana') });
      const compose = page.getByRole('textbox', { name: t.f('messageTo', 'Hana') });

      // The customer's unanswered message leaves a reply token: the first answer spends it (free), the second is pushed.
      await h.say(userId, 'My parcel has not arrived');
      await transcript.getByText('My parcel has not arrived').waitFor();
      assert.equal(await answer(page, userId, 'Hana', t, 'Let me check that for you.'), 'reply');
      const first = transcript.locator('.msg-agent').filter({ hasText: 'Let me check that for you.' });
      await first.locator('.delivery-mark').filter({ hasText: t.s('deliveryFree') }).waitFor();
      assert.equal(await first.locator('.delivery-mark').getAttribute('title'), t.s('deliveryFreeTitle'));
      assert.equal(await answer(page, userId, 'Hana', t, 'One moment, please.'), 'push');
      const second = transcript.locator('.msg-agent').filter({ hasText: 'One moment, please.' });
      await second.locator('.delivery-mark').filter({ hasText: t.s('deliveryPaid') }).waitFor();
      assert.equal(await second.locator('.delivery-mark').getAttribute('title'), t.s('deliveryPaidTitle'));
      // The system lines went by LINE too (the "agent joined" notice): the totals count them, as the server does.
      const totals = await totalsOf(mio, id);
      assert.deepEqual([totals.agentFree, totals.agentPaid], [1, 1]);
      await page.locator('.delivery-totals').filter({ hasText: t.f('deliveryTotals', totals.free, totals.paid) }).waitFor();
      assert.equal(await page.locator('.delivery-totals').getAttribute('title'), t.s('deliveryTotalsTitle'));
      assert.deepEqual(await wcagViolations(page), [], 'the conversation with its free and paid marks');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-line-replies-marks-laptop.png') });

      // The sticker picker: accessible with its dialog open, Escape closes it, a chosen sticker goes at once.
      const stickersButton = page.getByRole('button', { name: t.s('stickers'), exact: true });
      await stickersButton.click();
      let picker = page.getByRole('dialog', { name: t.s('stickerPickerTitle') });
      await picker.getByText(t.s('stickerPickerHelp')).waitFor();
      await picker.getByLabel(t.s('stickerSet')).selectOption('446');
      const tile = picker.getByRole('button', { name: t.f('stickerNumbered', '1988'), exact: true });
      await tile.waitFor();
      // The test browser reaches no CDN: the tile says which sticker it is instead of a broken picture.
      await tile.locator('.sticker-missing').filter({ hasText: t.f('stickerNumbered', '1988') }).waitFor();
      assert.deepEqual(await wcagViolations(page), [], 'the compose box with the sticker picker open');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-sticker-picker-laptop.png') });
      await page.keyboard.press('Escape');
      await picker.waitFor({ state: 'hidden' });
      await stickersButton.click();
      picker = page.getByRole('dialog', { name: t.s('stickerPickerTitle') });
      await picker.getByLabel(t.s('stickerSet')).selectOption('446');
      const beforeSticker = batchesTo(userId).length;
      await picker.getByRole('button', { name: t.f('stickerNumbered', '1988'), exact: true }).click();
      await picker.waitFor({ state: 'hidden' });
      await until('LINE got the sticker', () => batchesTo(userId, beforeSticker).some((batch) => batch.messages.some((message) => message.type === 'sticker')));
      const sticker = batchesTo(userId, beforeSticker).flatMap((batch) => batch.messages).find((message) => message.type === 'sticker');
      assert.deepEqual(sticker, { type: 'sticker', packageId: '446', stickerId: '1988' });
      await transcript.locator(`.msg-agent img.sticker[alt="${t.s('sticker')} 446/1988"]`).first().waitFor({ state: 'attached' });

      // Two buttons go with the next message, whose text is a canned response with the names filled in.
      await page.getByRole('button', { name: t.s('buttons'), exact: true }).click();
      const label = page.getByLabel(t.s('buttonLabel'));
      await label.fill('Return');
      await page.getByRole('button', { name: t.s('addButton'), exact: true }).click();
      await label.fill('Exchange');
      await label.press('Enter');
      const chosen = page.getByRole('list', { name: t.s('buttonsToSend') });
      assert.deepEqual(await chosen.locator('li > span').allTextContents(), ['Return', 'Exchange']);
      await page.getByText(t.f('buttonsCount', 2, 13)).waitFor();
      await chosen.getByRole('button', { name: t.f('removeButton', 'Return') }).waitFor();
      assert.deepEqual(await wcagViolations(page), [], 'the compose box with buttons being added');
      await compose.fill('/#choice');
      const expected = 'Hello Hana, this is Mio from Care desk. Return or exchange?';
      await page.getByRole('option').filter({ hasText: expected }).waitFor();
      await compose.press('Enter');
      assert.equal(await compose.inputValue(), expected);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-quick-replies-laptop.png') });
      const beforeButtons = batchesTo(userId).length;
      await compose.press('Enter');
      await until('LINE got the message with its buttons', () => batchesTo(userId, beforeButtons).length > 0);
      const last = batchesTo(userId, beforeButtons)[0]?.messages.at(-1);
      assert.equal(last?.type === 'text' ? last.text : undefined, expected);
      assert.deepEqual(
        (last?.quickReply?.items ?? []).map((item) => item.action as unknown),
        [
          { type: 'message', label: 'Return', text: 'Return' },
          { type: 'message', label: 'Exchange', text: 'Exchange' },
        ],
      );
      await chosen.waitFor({ state: 'detached' });
      const offered = transcript.locator('.msg-agent').filter({ hasText: expected }).getByRole('list', { name: t.s('quickRepliesOffered') });
      assert.deepEqual(await offered.getByRole('listitem').allTextContents(), ['Return', 'Exchange']);
      await h.say(userId, 'Exchange');
      await transcript.locator('.msg-customer').filter({ hasText: 'Exchange' }).waitFor();

      // Typing for a while tells LINE once or twice, not once per key; an emptied box tells it nothing.
      await until('the transcript settled', async () => (await transcript.locator('.msg-sending').count()) === 0);
      const loadingBefore = loading.filter((animation) => animation.chatId === userId).length;
      const callsBefore = typingCalls.length;
      await compose.fill('');
      await compose.pressSequentially('I am looking into your order now', { delay: 40 });
      await until('the typing signal reached LINE', () => loading.filter((animation) => animation.chatId === userId).length > loadingBefore);
      const signals = typingCalls.length - callsBefore;
      assert.ok(signals >= 1 && signals <= 2, `${signals} typing signals for 32 keys`);
      const starts = loading.filter((animation) => animation.chatId === userId).length - loadingBefore;
      assert.ok(starts >= 1 && starts <= 2, `${starts} loading animations`);
      await compose.fill('');
      await compose.press('Backspace');
      assert.equal(typingCalls.length - callsBefore, signals, 'an empty box sends no typing signal');

      // A phone shows the same without sideways scrolling, the picker included.
      await page.setViewportSize({ width: 390, height: 844 });
      await transcript.locator('.delivery-mark').first().waitFor();
      assert.equal(await scrollsSideways(page), false, 'no sideways scroll on a phone');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-line-replies-phone.png') });
      await page.getByRole('button', { name: t.s('buttons'), exact: true }).click();
      await page.getByLabel(t.s('buttonLabel')).fill('Refund');
      await page.getByLabel(t.s('buttonLabel')).press('Enter');
      assert.equal(await scrollsSideways(page), false, 'no sideways scroll with buttons being added');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-quick-replies-phone.png') });
      await page.getByRole('button', { name: t.s('stickers'), exact: true }).click();
      await page.getByRole('dialog', { name: t.s('stickerPickerTitle') }).getByRole('button', { name: t.f('stickerNumbered', '1988'), exact: true }).waitFor();
      assert.equal(await scrollsSideways(page), false, 'no sideways scroll with the picker open');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-sticker-picker-phone.png') });
      await page.keyboard.press('Escape');
    } finally {
      await context.close();
    }
  });

  it('Retry of a failed send sends its sticker, and its buttons, again', async () => {
    const t = await DashboardTexts.of('en');
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'mio', 'mio-password-1');
      const userId = lineUser(3);
      await acceptCustomer(page, t, mio, userId, { name: 'Kenta', language: 'en' });
      const transcript = page.getByRole('list', { name: t.f('conversationWith', 'Kenta') });
      await transcript.locator('.delivery-mark').first().waitFor();

      // LINE refuses the sticker: the line says so and offers Retry, which sends the very sticker.
      h.server.fake.api.failNext(1, 400, '/v2/bot/message/');
      await page.getByRole('button', { name: t.s('stickers'), exact: true }).click();
      const picker = page.getByRole('dialog', { name: t.s('stickerPickerTitle') });
      await picker.getByLabel(t.s('stickerSet')).selectOption('446');
      await picker.getByRole('button', { name: t.f('stickerNumbered', '1989'), exact: true }).click();
      const failed = transcript.locator('.msg-failed');
      await failed.getByRole('button', { name: t.s('retry') }).click();
      await until('LINE got the sticker on retry', () => h.deliveredTo(userId).some((delivery) => delivery.message.type === 'sticker'));
      assert.deepEqual(h.deliveredTo(userId).filter((delivery) => delivery.message.type === 'sticker').map((delivery) => delivery.message), [{ type: 'sticker', packageId: '446', stickerId: '1989' }]);
      await failed.waitFor({ state: 'detached' });

      h.server.fake.api.failNext(1, 400, '/v2/bot/message/');
      await page.getByRole('button', { name: t.s('buttons'), exact: true }).click();
      await page.getByLabel(t.s('buttonLabel')).fill('Yes');
      await page.getByLabel(t.s('buttonLabel')).press('Enter');
      const compose = page.getByRole('textbox', { name: t.f('messageTo', 'Kenta') });
      await compose.fill('Shall I send a new one?');
      await compose.press('Enter');
      await failed.getByRole('list', { name: t.s('quickRepliesOffered') }).getByText('Yes').waitFor();
      await failed.getByRole('button', { name: t.s('retry') }).click();
      await until('LINE got the question on retry', () => h.textsTo(userId).includes('Shall I send a new one?'));
      const question = h.deliveredTo(userId).find((delivery) => delivery.text === 'Shall I send a new one?')?.message;
      assert.deepEqual((question?.quickReply?.items ?? []).map((item) => item.action as unknown), [{ type: 'message', label: 'Yes', text: 'Yes' }]);
    } finally {
      await context.close();
    }
  });

  it('in Japanese: the free and paid marks and the totals come from the Japanese catalogue', async () => {
    const t = await DashboardTexts.of('ja');
    const { context, page } = await openPage(browser(), problems, { locale: 'ja-JP', viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, h.url, 'ren', 'ren-password-1', { username: t.s('username'), password: t.s('password'), signIn: t.s('signInButton'), signOut: t.s('signOut') });
      const userId = lineUser(2);
      const id = await acceptCustomer(page, t, ren, userId, { name: '山田', language: 'ja' });
      const transcript = page.getByRole('list', { name: t.f('conversationWith', '山田') });
      await h.say(userId, '荷物が届きません');
      await transcript.getByText('荷物が届きません').waitFor();
      assert.equal(await answer(page, userId, '山田', t, 'お調べします。'), 'reply');
      assert.equal(await answer(page, userId, '山田', t, '少々お待ちください。'), 'push');
      await transcript.locator('.msg-agent').filter({ hasText: 'お調べします。' }).locator('.delivery-mark').filter({ hasText: t.s('deliveryFree') }).waitFor();
      const paid = transcript.locator('.msg-agent').filter({ hasText: '少々お待ちください。' }).locator('.delivery-mark');
      await paid.filter({ hasText: t.s('deliveryPaid') }).waitFor();
      assert.equal(await paid.getAttribute('title'), t.s('deliveryPaidTitle'));
      const totals = await totalsOf(ren, id);
      await page.locator('.delivery-totals').filter({ hasText: t.f('deliveryTotals', totals.free, totals.paid) }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-ja-line-replies.png') });
    } finally {
      await context.close();
    }
  });
});
