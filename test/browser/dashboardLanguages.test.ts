import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../support/axe';
import { openPage, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { DashboardTexts } from '../support/dashboardTexts';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xe000 + n).toString(16).padStart(32, '0')}`;
}

/** English labels of the agent path that must not show once the screen speaks another language. */
const ENGLISH_LABELS = ['Sign out', 'Offered to you', 'Your conversations', 'Waiting in your queues', 'Your presence', 'Canned responses', 'Attach files', 'No conversation open'];

describe('dashboard in Japanese, Thai and Traditional Chinese (real browser)', function () {
  this.timeout(180_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let h: HandoffHarness;
  const agents: Record<string, TestAgent> = {};

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    // Each agent serves only their own queue, so one test's customer is never offered to another test's agent.
    for (const [id, language] of [['yui', 'ja'], ['niran', 'th']] as const) {
      await h.admin('POST', '/api/admin/queues', { id: `${language}-desk`, name: `Desk ${language}`, languages: [language], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/routing-rules', { id: `to-${language}`, name: `To ${language}`, order: 10, when: { languages: [language] }, queueId: `${language}-desk`, requiredSkills: [] });
      agents[id] = await h.createAgent(id, { displayName: id[0]?.toUpperCase() + id.slice(1), languages: [language], capacity: 1, queueIds: [`${language}-desk`] });
    }
  });
  after(async () => h?.close());

  /** The sign-in page speaks `t`'s language: its labels, its button, `<html lang>`, and axe finds nothing. */
  async function checkSignInPage(page: Page, t: DashboardTexts, found: Map<string, string[]>): Promise<void> {
    await page.getByRole('heading', { name: t.s('signInTitle'), level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string }; title: string } }).document.documentElement.lang), t.locale);
    assert.equal(await page.title(), t.s('documentTitle'));
    await page.getByLabel(t.s('username')).waitFor();
    await page.getByLabel(t.s('password'), { exact: true }).waitFor();
    await page.getByRole('button', { name: t.s('signInButton'), exact: true }).waitFor();
    assert.equal(await page.getByLabel(t.s('languageLabel')).inputValue(), t.locale, 'the switcher shows the language in use');
    found.set(`${t.locale} sign-in`, await wcagViolations(page));
  }

  /**
   * The whole agent path in `t`'s language: sign in, go available, the offer with its countdown, accept, read the
   * customer and answer, end, wrap-up, close. Every control is found by its text in that language.
   */
  async function serveCustomer(page: Page, t: DashboardTexts, agent: { username: string; name: string; token: string }, customer: { userId: string; name: string; language: string }, found: Map<string, string[]>): Promise<void> {
    // A refused sign-in is said in the screen's language (the server words it in English).
    await page.getByLabel(t.s('username')).fill(agent.username);
    await page.getByLabel(t.s('password'), { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: t.s('signInButton'), exact: true }).click();
    await page.getByRole('alert').filter({ hasText: t.s('signInRefused') }).waitFor();
    await page.getByLabel(t.s('password'), { exact: true }).fill(`${agent.username}-password-1`);
    await page.getByRole('button', { name: t.s('signInButton'), exact: true }).click();
    await page.getByRole('button', { name: t.s('signOut') }).waitFor();
    await page.getByRole('navigation', { name: t.s('sectionsNav') }).getByRole('link', { name: t.s('navConversations') }).waitFor();
    for (const heading of ['offeredToYou', 'yourConversations', 'waitingInYourQueues']) await page.getByRole('heading', { name: t.s(heading) }).waitFor();
    await page.getByRole('heading', { name: t.s('noConversationOpen') }).waitFor();

    await page.getByRole('group', { name: t.s('yourPresence') }).getByRole('radio', { name: t.s('presenceAvailable') }).check();
    await until(`${agent.username} is available`, async () => (await h.call(agent.token, 'GET', '/api/agent/presence')).json.presence === 'available');
    await page.locator('.live-open').filter({ hasText: t.s('liveOpen') }).waitFor();

    h.server.fake.api.setProfile(customer.userId, { displayName: customer.name, language: customer.language });
    await h.say(customer.userId, 'cmd:agent');
    const offer = page.getByRole('article', { name: t.f('offerLabel', customer.name) });
    await offer.waitFor();
    await offer.getByRole('timer', { name: new RegExp(t.f('secondsLeftToAccept', 999).replace('999', '[\\d,]+').replace(/[()]/g, '\\$&')) }).waitFor();
    const offerText = (await offer.textContent()) ?? '';
    for (const fact of ['factLanguage', 'factTopic', 'factQueue', 'factWaiting', 'factLineAccount']) assert.ok(offerText.includes(t.s(fact)), `the offer shows ${t.s(fact)}: ${offerText}`);
    found.set(`${t.locale} offer`, await wcagViolations(page));
    await offer.getByRole('button', { name: t.s('accept'), exact: true }).click();

    const compose = page.getByRole('textbox', { name: t.f('messageTo', customer.name) });
    await compose.waitFor();
    assert.equal(await compose.getAttribute('placeholder'), t.f('composePlaceholder', customer.name));
    const transcript = page.getByRole('list', { name: t.f('conversationWith', customer.name) });
    await transcript.getByText(t.f('handedOver', undefined), { exact: false }).waitFor();
    // Dates and times are written the way the dashboard language writes them (en-US would say `11/23/24, 9:20 AM`).
    const time = transcript.locator('time').first();
    const at = new Date((await time.getAttribute('datetime')) ?? '');
    const today = at.toDateString() === new Date().toDateString();
    const expected = today ? at.toLocaleTimeString(t.locale, { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString(t.locale, { dateStyle: 'short', timeStyle: 'short' });
    assert.equal(await time.textContent(), expected);
    assert.notEqual(expected, today ? at.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString('en-US', { dateStyle: 'short', timeStyle: 'short' }));
    await page.getByRole('complementary', { name: t.s('customerPanel') }).getByText(t.s('askedForPerson')).waitFor();

    // What people write is shown as written, in whatever language.
    const question = `${customer.language}: 注文番号は 1234 です / หมายเลข 1234`;
    await h.say(customer.userId, question);
    await transcript.getByText(question).waitFor();
    const reply = `reply in ${t.locale}`;
    await compose.fill(reply);
    await compose.press('Enter');
    await until('the customer got the reply', () => h.textsTo(customer.userId).includes(reply));
    await transcript.locator('.msg-agent').filter({ hasText: reply }).getByText(`${agent.name}${t.s('you')}`).waitFor();
    await page.getByRole('button', { name: t.s('cannedResponses') }).waitFor();
    await page.getByRole('button', { name: t.s('attachFiles') }).waitFor();
    found.set(`${t.locale} conversation`, await wcagViolations(page));

    const body = await page.locator('body').innerText();
    for (const english of ENGLISH_LABELS) assert.ok(!body.includes(english), `no English “${english}” on the ${t.locale} screen`);

    const actions = page.getByRole('group', { name: t.s('conversationActions') });
    await actions.getByRole('button', { name: t.s('end'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t.f('endConversationTitle', customer.name) });
    await dialog.getByText(t.s('endConversationBody')).waitFor();
    found.set(`${t.locale} end dialog`, await wcagViolations(page));
    await dialog.getByRole('button', { name: t.s('endConversation'), exact: true }).click();
    await page.getByText(t.s('wrapUpNotice')).waitFor();
    await page.getByRole('button', { name: t.s('closeWrapUpDone') }).click();
    await page.getByRole('heading', { name: t.s('noConversationOpen') }).waitFor();
    await until('the conversation is closed', async () => ((await h.admin('GET', '/api/supervisor/overview')).json.conversations as { customer: { name?: string } }[]).every((conversation) => conversation.customer.name !== customer.name));
    await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${t.locale}-agent.png`) });
  }

  function assertNoViolations(found: Map<string, string[]>): void {
    const failing = [...found].filter(([, violations]) => violations.length > 0).map(([where, violations]) => `${where}:\n  ${violations.join('\n  ')}`);
    assert.deepEqual(failing, []);
  }

  it('serves a customer in Japanese when the browser asks for Japanese (ja-JP)', async () => {
    const t = await DashboardTexts.of('ja');
    const { context, page } = await openPage(browser(), problems, { locale: 'ja-JP' });
    const found = new Map<string, string[]>();
    try {
      await page.goto(`${h.url}/dashboard`);
      await checkSignInPage(page, t, found);
      await serveCustomer(page, t, { username: 'yui', name: 'Yui', token: agents.yui?.token ?? '' }, { userId: lineUser(1), name: '健二', language: 'ja' }, found);
    } finally {
      await context.close();
    }
    assertNoViolations(found);
  });

  it('serves a customer in Thai when the browser asks for Thai (th-TH)', async () => {
    const t = await DashboardTexts.of('th');
    const { context, page } = await openPage(browser(), problems, { locale: 'th-TH' });
    const found = new Map<string, string[]>();
    try {
      await page.goto(`${h.url}/dashboard`);
      await checkSignInPage(page, t, found);
      await serveCustomer(page, t, { username: 'niran', name: 'Niran', token: agents.niran?.token ?? '' }, { userId: lineUser(2), name: 'สมชาย', language: 'th' }, found);
    } finally {
      await context.close();
    }
    assertNoViolations(found);
  });

  it('starts in English for an English browser, switches to Thai on the sign-in page and to Chinese in the header without reloading, and remembers the choice', async () => {
    const [en, th, zh] = await Promise.all([DashboardTexts.of('en'), DashboardTexts.of('th'), DashboardTexts.of('zh-TW')]);
    const { context, page } = await openPage(browser(), problems);
    const found = new Map<string, string[]>();
    try {
      await page.goto(`${h.url}/dashboard`);
      await checkSignInPage(page, en, found);
      // A reload would lose this mark.
      await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
      await page.getByLabel(en.s('languageLabel')).selectOption('th');
      await checkSignInPage(page, th, found);
      await serveCustomer(page, th, { username: 'niran', name: 'Niran', token: agents.niran?.token ?? '' }, { userId: lineUser(3), name: 'มานี', language: 'th' }, found);

      await page.getByRole('banner').getByLabel(th.s('languageLabel')).selectOption('zh-TW');
      await page.getByRole('navigation', { name: zh.s('sectionsNav') }).getByRole('link', { name: zh.s('navConversations') }).waitFor();
      await page.getByRole('heading', { name: zh.s('offeredToYou') }).waitFor();
      await page.getByRole('radio', { name: zh.s('presenceAvailable') }).waitFor();
      assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang), 'zh-TW');
      assert.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'the language changed without a reload');
      found.set('zh-TW agent desk', await wcagViolations(page));

      // The choice outlives the session: a new sign-in in this browser speaks Chinese although the browser asks for English.
      await page.getByRole('button', { name: zh.s('signOut') }).click();
      await page.reload();
      await checkSignInPage(page, zh, found);
    } finally {
      await context.close();
    }
    assertNoViolations(found);
  });
});
