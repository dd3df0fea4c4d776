import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { DashboardTexts, loadAdminCatalogue, type DashboardLocale } from '../support/dashboardTexts';
import { assertInViewport, assertNoSidewaysScroll, distinctGlyphs } from '../support/pageLayout';

const ARTIFACTS = path.resolve('test-artifacts');

/** The screens the dashboard is checked on: phones held upright, a tablet, and a laptop, with their number of columns. */
const SIZES = [
  { name: 'small-phone', width: 360, height: 740, columns: 1 },
  { name: 'phone', width: 390, height: 844, columns: 1 },
  { name: 'tablet', width: 820, height: 1180, columns: 2 },
  { name: 'laptop', width: 1280, height: 800, columns: 3 },
] as const;

/**
 * The interface languages the walk runs in: the browser's locale, the dashboard catalogue the test finds controls by
 * (see {@link uiOf}), and the screen sizes walked in it. Another language is one more entry here.
 */
const LOCALES: readonly { readonly locale: string; readonly catalogue: DashboardLocale; readonly walkedSizes: readonly string[] }[] = [
  { locale: 'en-US', catalogue: 'en', walkedSizes: ['360x740', '390x844', '820x1180', '1280x800'] },
  { locale: 'ja-JP', catalogue: 'ja', walkedSizes: ['390x844', '1280x800'] },
  { locale: 'th-TH', catalogue: 'th', walkedSizes: ['390x844', '1280x800'] },
];

/** The names the test finds controls by, from the dashboard's catalogue of the language. */
async function uiOf(locale: DashboardLocale) {
  const t = await DashboardTexts.of(locale);
  const admin = await loadAdminCatalogue(locale);
  return {
    signIn: { username: t.s('username'), password: t.s('password'), signIn: t.s('signInButton'), signOut: t.s('signOut') },
    signInButton: t.s('signInButton'),
    signOut: t.s('signOut'),
    available: t.s('presenceAvailable'),
    accept: t.s('accept'),
    messageTo: (name: string) => t.f('messageTo', name),
    send: t.s('send'),
    offer: (name: string) => t.f('offerLabel', name),
    conversationWith: (name: string) => t.f('conversationWith', name),
    views: t.s('conversationViews'),
    chat: t.s('chatTab'),
    customer: t.s('customer'),
    allConversations: t.s('allConversationsBack').replace(/^‹\s*/, ''),
    yourWork: t.s('yourWork'),
    end: t.s('end'),
    endConversation: t.s('endConversation'),
    closeWrapUp: t.s('closeWrapUpDone'),
    supervisor: t.s('navSupervisor'),
    queues: t.s('queues'),
    admin: t.s('navAdmin'),
    administration: String(admin['administration']),
    // Every "Loading…" text of the language starts with or holds its word for loading.
    loading: new RegExp(t.s('loading').replace(/…$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  };
}

/** A Japanese and a Thai customer message, with characters of each that must be drawn as distinct glyphs. */
const JAPANESE = { text: '請求書の宛名を変更したいです。よろしくお願いします。', characters: ['請', '求', '書', 'の', 'い', 'ま'] };
const THAI = { text: 'สวัสดีครับ ผมต้องการเปลี่ยนที่อยู่จัดส่ง', characters: ['ส', 'ว', 'ด', 'ค', 'ร', 'บ'] };

/** A LINE user id of the right shape, distinct per walk. */
function lineUser(n: number): string {
  return `U${(0xe000 + n).toString(16).padStart(32, '0')}`;
}

/** Waits until the fonts the page asked for have loaded (they swap in when they arrive), for a screenshot. */
async function fontsReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const window = globalThis as unknown as { requestAnimationFrame: (callback: () => void) => void; document: { fonts: { ready: Promise<unknown> } } };
    // Two frames: the latest text is laid out, so the browser has asked for the fonts it needs.
    await new Promise<void>((resolve) => window.requestAnimationFrame(() => window.requestAnimationFrame(resolve)));
    await window.document.fonts.ready;
  });
}

/** The woff2 and stylesheet answers a page received, by file name, with their size in bytes (once read). */
function recordDownloads(page: Page): Map<string, Promise<number>> {
  const seen = new Map<string, Promise<number>>();
  page.on('response', (response: Response) => {
    const name = new URL(response.url()).pathname.split('/').pop() ?? '';
    if (/\.(woff2|css)$/.test(name)) seen.set(name, response.body().then((body) => body.length));
  });
  return seen;
}

/** The sizes of the files in `downloads`, by name. */
async function sizes(downloads: ReadonlyMap<string, Promise<number>>): Promise<[string, number][]> {
  return Promise.all([...downloads.entries()].map(async ([name, size]): Promise<[string, number]> => [name, await size]));
}

describe('dashboard on phones and laptops', function () {
  this.timeout(240_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let h: HandoffHarness;
  let aiko: TestAgent;
  let runs = 0;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート (日本語)', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    // Every role, so the header carries every section: the widest it gets.
    aiko = await h.createAgent('aiko', { displayName: 'Aiko Watanabe-Srisuk', languages: ['ja', 'th', 'en'], capacity: 2, queueIds: ['ja-support', 'general'] }, ['agent', 'supervisor', 'admin']);
  });
  after(async () => h?.close());

  for (const { locale, catalogue, walkedSizes } of LOCALES) {
    for (const size of SIZES.filter((candidate) => walkedSizes.includes(`${candidate.width}x${candidate.height}`))) {
      const tag = `${size.name}-${size.width}x${size.height}-${locale}`;
      const shot = async (page: Page, step: string): Promise<void> => {
        await fontsReady(page);
        await page.screenshot({ path: path.join(ARTIFACTS, `responsive-${tag}-${step}.png`) });
      };

      it(`${size.width}×${size.height}, ${locale}: offer → accept → chat in Japanese and Thai → end → close, never scrolling sideways`, async () => {
        runs += 1;
        const ui = await uiOf(catalogue);
        const phone = size.columns === 1;
        const { context, page } = await openPage(browser(), problems, { viewport: { width: size.width, height: size.height }, locale });
        const downloads = recordDownloads(page);
        try {
          await page.goto(`${h.url}/dashboard`);
          await page.getByRole('button', { name: ui.signInButton, exact: true }).waitFor();
          await assertNoSidewaysScroll(page, 'sign-in');
          await signIn(page, h.url, 'aiko', 'aiko-password-1', ui.signIn);
          await assertInViewport(page, page.getByRole('button', { name: ui.signOut }), 'Sign out');
          await page.getByRole('radio', { name: ui.available }).check();
          await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
          await assertNoSidewaysScroll(page, 'desk');

          // An offer with its countdown, wholly on screen.
          const userId = lineUser(runs);
          const name = `健二 ${size.name}`;
          h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
          await h.say(userId, 'cmd:agent');
          const offer = page.getByRole('article', { name: ui.offer(name) });
          await offer.waitFor();
          await assertInViewport(page, offer.getByRole('timer'), 'the countdown');
          await assertInViewport(page, offer.getByRole('button', { name: ui.accept }), 'Accept');
          await assertNoSidewaysScroll(page, 'offer');
          await shot(page, '1-offer');

          // Accepted: the conversation, with the compose box in view.
          await offer.getByRole('button', { name: ui.accept }).click();
          const transcript = page.getByRole('list', { name: ui.conversationWith(name) });
          await transcript.waitFor();
          const compose = page.getByRole('textbox', { name: ui.messageTo(name) });
          await assertInViewport(page, compose, 'the compose box');
          await assertInViewport(page, page.getByRole('button', { name: ui.send }), 'Send');
          const views = page.getByRole('navigation', { name: ui.views });
          if (phone) {
            assert.equal(await page.getByRole('complementary', { name: ui.yourWork }).isVisible(), false, 'one column: the list makes way for the conversation');
            assert.ok(await views.isVisible(), 'the phone shows the conversation tabs');
          } else if (size.columns === 2) {
            assert.ok(await page.getByRole('complementary', { name: ui.yourWork }).isVisible(), 'the list stays beside the conversation');
            assert.equal(await page.getByRole('complementary', { name: ui.customer }).isVisible(), false, 'the customer panel waits for its tab');
            assert.equal(await views.getByRole('link', { name: ui.allConversations }).isVisible(), false, 'the list is on screen already');
          } else {
            assert.ok(await page.getByRole('complementary', { name: ui.yourWork }).isVisible(), 'the list stays beside the conversation');
            assert.ok(await page.getByRole('complementary', { name: ui.customer }).isVisible(), 'the customer panel stays beside the conversation');
            assert.equal(await views.isVisible(), false, 'no tabs where everything fits');
          }
          await assertNoSidewaysScroll(page, 'conversation');

          // The customer writes in Japanese, then in Thai: both drawn as real glyphs, in the page's fonts and in the
          // bundled ones by name (so the check holds on a machine whose own fonts would hide a missing bundle).
          await h.say(userId, JAPANESE.text);
          const japanese = transcript.getByText(JAPANESE.text);
          await japanese.waitFor();
          await h.say(userId, THAI.text);
          const thai = transcript.getByText(THAI.text);
          await thai.waitFor();
          // What the page itself downloaded of the fonts, before the checks below ask for more.
          await fontsReady(page);
          const fontDownloads = new Map(downloads);
          assert.equal(await distinctGlyphs(japanese, JAPANESE.characters), JAPANESE.characters.length, 'Japanese is drawn with glyphs, not boxes');
          assert.equal(await distinctGlyphs(japanese, JAPANESE.characters, '"Noto Sans JP"'), JAPANESE.characters.length, 'the bundled Japanese font draws them');
          assert.equal(await distinctGlyphs(thai, THAI.characters), THAI.characters.length, 'Thai is drawn with glyphs, not boxes');
          assert.equal(await distinctGlyphs(thai, THAI.characters, '"Noto Sans Thai"'), THAI.characters.length, 'the bundled Thai font draws them');
          await assertInViewport(page, compose, 'the compose box after the customer wrote');
          await assertNoSidewaysScroll(page, 'Japanese and Thai messages');
          await shot(page, '2-conversation');

          // The agent answers from the compose box; LINE receives it.
          const reply = 'かしこまりました。ขอบคุณครับ';
          await compose.fill(reply);
          await compose.press('Enter');
          await until('the customer got the reply', () => h.textsTo(userId).includes(reply));
          await transcript.locator('.msg-agent').filter({ hasText: reply }).first().waitFor();

          if (phone) {
            // The customer panel is a screen of its own, with its own address; the browser's back button returns.
            await views.getByRole('link', { name: ui.customer }).click();
            const panel = page.getByRole('complementary', { name: ui.customer });
            await panel.waitFor();
            assert.match(page.url(), /\/customer$/);
            assert.equal(await compose.isVisible(), false, 'the panel takes the whole screen');
            await assertNoSidewaysScroll(page, 'customer panel');
            await shot(page, '3-customer');
            await page.goBack();
            await compose.waitFor();
            assert.equal(await panel.isVisible(), false);
            // Back to the list, and into the conversation again.
            await views.getByRole('link', { name: ui.allConversations }).click();
            const list = page.getByRole('complementary', { name: ui.yourWork });
            await list.waitFor();
            assert.equal(await transcript.isVisible(), false, 'the list has the screen');
            await assertNoSidewaysScroll(page, 'list with an open conversation');
            await shot(page, '4-list');
            await list.getByRole('link', { name }).click();
            await compose.waitFor();
            await assertInViewport(page, compose, 'the compose box after coming back');
          }

          if (size.columns === 2) {
            // The customer panel opens over the conversation, and closes again from the Chat tab.
            await views.getByRole('link', { name: ui.customer }).click();
            const panel = page.getByRole('complementary', { name: ui.customer });
            await assertInViewport(page, panel, 'the customer panel');
            assert.match(page.url(), /\/customer$/);
            await assertNoSidewaysScroll(page, 'customer panel over the conversation');
            await shot(page, '3-customer');
            await views.getByRole('link', { name: ui.chat }).click();
            await until('the panel has closed', async () => !(await panel.isVisible()));
            await assertInViewport(page, compose, 'the compose box after the panel closed');
          }

          // End, wrap-up, close: back on the desk.
          await page.getByRole('button', { name: ui.end, exact: true }).click();
          const confirm = page.getByRole('dialog');
          await assertInViewport(page, confirm.getByRole('button', { name: ui.endConversation }), 'the confirm button');
          await shot(page, '5-end-dialog');
          await confirm.getByRole('button', { name: ui.endConversation }).click();
          const close = page.getByRole('button', { name: ui.closeWrapUp });
          // Ending tells the customer and hands the conversation back to the bot before it answers: on a loaded
          // machine that takes longer than a screen update. A refusal shows as an alert, which the failure names.
          await close.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
            await shot(page, '5b-after-end');
            const alerts = await page.getByRole('alert').allTextContents();
            throw new Error(`no wrap-up after ending (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); alerts on screen: ${alerts.join(' | ') || 'none'}`);
          });
          await assertInViewport(page, close, 'Close (wrap-up done)');
          await assertNoSidewaysScroll(page, 'wrap-up');
          await close.click();
          await until('back on the desk', () => /\/dashboard\/agent$/.test(page.url()));
          await page.getByRole('complementary', { name: ui.yourWork }).waitFor();
          await assertNoSidewaysScroll(page, 'closed');
          await shot(page, '6-closed');

          // What a Japanese and Thai page downloaded of the fonts: a few subsets, not the whole families.
          const downloaded = await sizes(fontDownloads);
          const fonts = downloaded.filter(([file]) => file.endsWith('.woff2'));
          const japaneseSubsets = fonts.filter(([file]) => file.startsWith('noto-sans-jp-'));
          const thaiSubsets = fonts.filter(([file]) => file.startsWith('noto-sans-thai-'));
          assert.ok(japaneseSubsets.length > 0, 'the page loaded the bundled Japanese font');
          assert.ok(japaneseSubsets.length < 30, `only the subsets the text needs (${japaneseSubsets.length} of more than 100)`);
          assert.ok(thaiSubsets.length > 0, 'the page loaded the bundled Thai font');
          assert.deepEqual(fonts.filter(([file]) => file.startsWith('noto-sans-tc-')), [], 'Japanese text needs nothing of the Chinese font');
          const css = downloaded.filter(([file]) => file.endsWith('.css'));
          const bytes = (entries: [string, number][]) => entries.reduce((sum, [, size]) => sum + size, 0);
          writeFileSync(
            path.join(ARTIFACTS, `responsive-${tag}-font-bytes.json`),
            `${JSON.stringify({ css: Object.fromEntries(css), cssBytes: bytes(css), woff2: Object.fromEntries(fonts), woff2Bytes: bytes(fonts), japaneseSubsets: japaneseSubsets.length, thaiSubsets: thaiSubsets.length }, null, 2)}\n`,
          );
        } finally {
          await context.close();
        }
      });
    }

    it(`390×844, ${locale}: the supervisor overview and every admin section fit the phone (tables scroll in their frame)`, async () => {
      const ui = await uiOf(catalogue);
      const { context, page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 }, locale });
      try {
        await signIn(page, h.url, 'aiko', 'aiko-password-1', ui.signIn);
        await page.getByRole('link', { name: ui.supervisor }).click();
        await page.getByRole('heading', { name: ui.queues }).first().waitFor();
        await until('the overview has loaded', async () => (await page.getByText(ui.loading).count()) === 0);
        await assertNoSidewaysScroll(page, 'supervisor');
        await assertInViewport(page, page.getByRole('button', { name: ui.signOut }), 'Sign out on the supervisor view');
        await fontsReady(page);
        await page.screenshot({ path: path.join(ARTIFACTS, `responsive-phone-${locale}-supervisor.png`) });

        await page.getByRole('link', { name: ui.admin, exact: true }).click();
        const sections = page.getByRole('navigation', { name: ui.administration }).getByRole('link');
        const names = await sections.allTextContents();
        assert.ok(names.length >= 8, `admin sections: ${names.join(', ')}`);
        for (const [index, section] of names.entries()) {
          await sections.filter({ hasText: section }).click();
          await page.getByRole('heading', { level: 2 }).first().waitFor();
          await until(`${section} has loaded`, async () => (await page.getByText(ui.loading).count()) === 0);
          // A table's rows arrive a moment after its head: the widths are checked with them.
          await until(`${section} has its rows`, async () => (await page.locator('main table').count()) === 0 || (await page.locator('main table tbody tr').count()) > 0);
          await assertNoSidewaysScroll(page, `admin: ${section}`);
          await fontsReady(page);
          await page.screenshot({ path: path.join(ARTIFACTS, `responsive-phone-${locale}-admin-${index}.png`) });
        }
      } finally {
        await context.close();
      }
    });
  }
});
