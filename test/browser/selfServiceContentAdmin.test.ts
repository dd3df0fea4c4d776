import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';
import { shippedTopic } from '../support/selfServiceContent';

const ARTIFACTS = path.resolve('test-artifacts');
const DELIVERY = shippedTopic('delivery-status');
const NEW_ANSWER = 'ご注文の配送状況は、アプリの「注文履歴」からいつでもご確認いただけます。';
const TOO_LONG_TITLE = 'ご注文いただいた商品の現在の配送状況を確認する';

describe('bot content admin in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let customers = 0;

  before(async () => {
    h = await HandoffHarness.start({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123' });
  });
  after(async () => {
    await h?.close();
  });

  /** A new Japanese-speaking LINE customer asks about delivery; the bot's first answer. */
  async function japaneseDeliveryAnswer(): Promise<string | undefined> {
    customers += 1;
    const userId = `U${(0xe000 + customers).toString(16).padStart(32, '0')}`;
    h.server.fake.api.setProfile(userId, { displayName: '佐藤', language: 'ja' });
    await h.say(userId, DELIVERY.questions.ja[0] ?? '');
    return h.textsTo(userId)[0];
  }

  it('edits a topic’s Japanese answer, shows the server’s problem at the title, saves, and LINE customers get the new answer', async () => {
    assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'root', 'root-password-123');
      await page.getByRole('link', { name: 'Bot content' }).click();
      await page.getByRole('heading', { name: 'Bot content', level: 2 }).waitFor();
      await page.getByText('The bot answers with the content file; no edit has been saved here yet.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true, 'nothing to save yet');

      await page.getByRole('button', { name: new RegExp(`^${DELIVERY.title.en}`) }).click();
      await page.getByRole('heading', { name: DELIVERY.title.en, level: 3 }).waitFor();
      // The language tabs work from the keyboard: English → Japanese with the arrow key.
      await page.getByRole('tab', { name: /English/ }).focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByRole('tab', { name: /Japanese/ }).getAttribute('aria-selected'), 'true');
      assert.equal(await page.getByLabel('Title (Japanese)').inputValue(), DELIVERY.title.ja);

      await page.getByLabel('Answer (Japanese)').fill(NEW_ANSWER);
      await page.getByText('Unsaved changes').waitFor();
      // Too long for a LINE button: the count says so at once, and the server refuses it when saved anyway.
      const title = page.getByLabel('Title (Japanese)');
      await title.fill(TOO_LONG_TITLE);
      assert.equal(await page.locator('#topic-title-count').textContent(), `${TOO_LONG_TITLE.length} / 20`);
      await page.getByText(/Too long for a LINE button/).waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Not saved' });
      await summary.waitFor();
      assert.match((await summary.textContent()) ?? '', /Title \(Japanese\): must be at most 20 characters/);
      assert.equal(await title.getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('#topic-title-problems').textContent()) ?? '', /must be at most 20 characters/);
      assert.match((await page.getByRole('tab', { name: /Japanese/ }).textContent()) ?? '', /has problems/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'bot-content-title-too-long.png') });
      assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja, 'nothing changed for customers');

      // The summary leads to the field; fixing it clears the problem there.
      await summary.getByRole('button', { name: /Title \(Japanese\)/ }).click();
      await until('focus is on the title', () => title.evaluate((element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement));
      await title.fill('配送状況');
      assert.equal(await page.locator('#topic-title-problems').count(), 0);
      assert.equal(await title.getAttribute('aria-invalid'), null);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved as version 1.', { exact: false }).waitFor();
      await page.getByText(/content saved here by root/).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'bot-content-saved.png') });

      const stored = await h.admin('GET', '/api/admin/self-service-content');
      assert.deepEqual({ version: stored.json.version, source: stored.json.source, updatedBy: stored.json.updatedBy }, { version: 1, source: 'stored', updatedBy: 'root' });
      assert.equal(await japaneseDeliveryAnswer(), NEW_ANSWER);
    } finally {
      await context.close();
    }
  });

  it('tells the admin when someone else saved meanwhile, and reloads their version on request', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'root', 'root-password-123');
      await page.goto(`${h.url}/dashboard/admin/content`);
      await page.getByRole('button', { name: new RegExp(`^${DELIVERY.title.en}`) }).click();
      await page.getByRole('tab', { name: /Japanese/ }).click();

      // Another admin saves through the API while this page holds version 1.
      const current = (await h.admin('GET', '/api/admin/self-service-content')).json as { content: { topics: { id: string; answer: Record<string, string> }[] }; version: number };
      const other = current.content.topics.find((topic) => topic.id === 'delivery-status');
      assert.ok(other);
      other.answer.ja = '別の管理者による回答';
      await h.admin('PUT', '/api/admin/self-service-content', { content: current.content, version: current.version });

      await page.getByLabel('Answer (Japanese)').fill('この編集は古い版からです');
      await page.getByRole('button', { name: 'Save' }).click();
      const conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed the content' });
      await conflict.waitFor();
      await conflict.getByRole('button', { name: /Reload their version/ }).click();
      await until('their answer is shown', async () => (await page.getByLabel('Answer (Japanese)').inputValue()) === '別の管理者による回答');
      assert.equal(await japaneseDeliveryAnswer(), '別の管理者による回答');

      await page.getByRole('button', { name: 'Reset to the file’s content…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Reset to the file’s content' }).click();
      await page.getByText(/The bot answers with the content file: reset by root/).waitFor();
      assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
    } finally {
      await context.close();
    }
  });

  it('adds a topic, fills it in every language, moves it to the top of the main menu, and deletes another with confirmation', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'root', 'root-password-123');
      await page.goto(`${h.url}/dashboard/admin/content`);
      await page.getByRole('button', { name: 'Add topic' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a topic' });
      await dialog.getByLabel('Id').fill('Gift Wrapping');
      await dialog.getByRole('button', { name: 'Add topic' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'lower-case words joined by hyphens' }).waitFor();
      await dialog.getByLabel('Id').fill('gift-wrapping');
      await dialog.getByLabel('Skill').fill('orders');
      await dialog.getByRole('button', { name: 'Add topic' }).click();

      const texts = {
        English: ['Gift wrapping', 'gift wrap', 'Can you wrap my order as a gift?', 'Choose gift wrapping at checkout.'],
        Japanese: ['ギフト包装', 'ラッピング', 'ギフト包装はできますか？', 'ご注文時に「ギフト包装」をお選びください。'],
        Thai: ['ห่อของขวัญ', 'ห่อของขวัญ', 'ห่อของขวัญได้ไหม', 'เลือกห่อของขวัญตอนสั่งซื้อได้เลย'],
        'Chinese (Traditional)': ['禮品包裝', '禮品包裝', '可以幫我包裝禮物嗎？', '結帳時選擇禮品包裝即可。'],
      } as const;
      for (const [language, [title, keyword, question, answer]] of Object.entries(texts)) {
        await page.getByRole('tab', { name: new RegExp(`^${language.replace(/[()]/g, '\\$&')}`) }).click();
        await page.getByLabel(`Title (${language})`).fill(title);
        await page.getByLabel(`Keywords (one per line) (${language})`).fill(keyword);
        await page.getByLabel(`Example questions (one per line) (${language})`).fill(question);
        await page.getByLabel(`Answer (${language})`).fill(answer);
      }
      await page.getByLabel('On the main menu').check();

      await page.getByRole('button', { name: /^Main menu & default skill/ }).click();
      const menu = page.getByRole('list', { name: 'Main menu topics' });
      assert.match((await menu.getByRole('listitem').last().textContent()) ?? '', /Gift wrapping/);
      for (let moves = 0; moves < 6; moves += 1) await menu.getByRole('button', { name: 'Move Gift wrapping up' }).click();
      assert.match((await menu.getByRole('listitem').first().textContent()) ?? '', /Gift wrapping/);
      // Focus stays on the topic's arrows, so the keyboard can go on moving it.
      await until('focus is on the topic’s down arrow', () => menu.getByRole('button', { name: 'Move Gift wrapping down' }).evaluate((element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement));
      await page.screenshot({ path: path.join(ARTIFACTS, 'bot-content-menu.png') });

      await page.getByRole('button', { name: /^Opening hours/ }).click();
      await page.getByRole('button', { name: 'Delete topic…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete topic' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/Saved as version \d+\./).waitFor();

      const stored = (await h.admin('GET', '/api/admin/self-service-content')).json as { content: { menu: string[]; topics: { id: string }[] } };
      assert.equal(stored.content.menu[0], 'gift-wrapping');
      assert.ok(!stored.content.menu.includes('opening-hours'), 'a deleted topic leaves the menu');
      assert.ok(!stored.content.topics.some((topic) => topic.id === 'opening-hours'));
    } finally {
      await context.close();
    }
  });
  it('asks before leaving the page with unsaved changes, and stays when told to', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'root', 'root-password-123');
      await page.getByRole('link', { name: 'Bot content' }).click();
      await page.getByRole('heading', { name: 'Bot content', level: 2 }).waitFor();
      await page.getByRole('button', { name: new RegExp(`^${DELIVERY.title.en}`) }).click();
      await page.getByLabel('Answer (English)').fill('An edit not saved yet.');
      // The page's own question is expected here: answered by the test instead of counted as a problem.
      page.removeAllListeners('dialog');
      const asked: string[] = [];
      page.on('dialog', (dialog) => {
        asked.push(dialog.message());
        void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
      });
      await page.getByRole('link', { name: 'Queues' }).click();
      await until('the admin was asked', () => asked.length === 1);
      assert.match(asked[0] ?? '', /unsaved changes/);
      assert.equal(await page.getByLabel('Answer (English)').inputValue(), 'An edit not saved yet.', 'stayed, edit kept');
      await page.getByRole('link', { name: 'Queues' }).click();
      await page.getByRole('heading', { name: 'Queues', level: 2 }).waitFor();
      assert.equal(asked.length, 2);
    } finally {
      await context.close();
    }
  });
});
