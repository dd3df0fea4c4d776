import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { wcagViolations } from '../support/axe';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { DashboardTexts, loadAdminCatalogue } from '../support/dashboardTexts';
import { HARNESS_ADMIN_KEY, HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');

function lineUser(n: number): string {
  return `U${(0xd15700 + n).toString(16).padStart(32, '0')}`;
}

/** Whether the page can scroll sideways (it must not, on a phone). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
}

describe('history and notes in the dashboard: internal note, wrap-up code, search, conversation page and download (real browser)', function () {
  this.timeout(180_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let h: HandoffHarness;
  let kai: TestAgent;
  const customer = lineUser(1);
  const typed = '<script>alert("hi")</script> my order 42';
  const secret = 'Internal: checked the warehouse, refund approved';

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'en-care', name: 'Care desk', languages: ['en'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'to-en', name: 'To en', order: 10, when: { languages: ['en'] }, queueId: 'en-care', requiredSkills: [] });
    await h.admin('POST', '/api/admin/wrap-up-codes', { id: 'refund', label: 'Refund issued' });
    kai = await h.createAgent('kai', { displayName: 'Kai', languages: ['en'], capacity: 2, queueIds: ['en-care'] });
  });
  after(async () => h?.close());

  it('adds an internal note that never reaches LINE, wraps up with a required code, then finds, opens and downloads the conversation', async () => {
    const t = await DashboardTexts.of('en');
    const { context, page } = await openPage(browser(), problems, { viewport: { width: 1280, height: 900 } });
    try {
      await signIn(page, h.url, 'kai', 'kai-password-1');
      await page.getByRole('group', { name: t.s('yourPresence') }).getByRole('radio', { name: t.s('presenceAvailable') }).check();
      await until('kai is available', async () => (await h.call(kai.token, 'GET', '/api/agent/presence')).json.presence === 'available');
      h.server.fake.api.setProfile(customer, { displayName: 'Hana', language: 'en' });
      await h.say(customer, 'cmd:agent');
      await page.getByRole('article', { name: t.f('offerLabel', 'Hana') }).getByRole('button', { name: t.s('accept'), exact: true }).click();
      await page.getByRole('textbox', { name: t.f('messageTo', 'Hana') }).waitFor();
      const id = await h.conversationIdFor(kai, customer);
      const workstreamId = String((await h.call(kai.token, 'GET', `/api/agent/conversations/${id}`)).json.workstreamId);
      await h.admin('PUT', `/api/admin/wrap-up-settings/${workstreamId}`, { codeRequired: true });
      await h.say(customer, typed);
      await page.getByRole('list', { name: t.f('conversationWith', 'Hana') }).getByText(typed).waitFor();

      // The internal note: shown as a yellow card, nothing sent to LINE.
      const deliveredBefore = h.server.fake.api.delivered.length;
      await page.locator('.notes-panel summary').click();
      await page.getByRole('textbox', { name: t.s('newInternalNote') }).fill(secret);
      await page.getByRole('button', { name: t.s('addNote'), exact: true }).click();
      const card = page.locator('.internal-note').filter({ hasText: secret });
      await card.waitFor();
      const background = await page.evaluate<string>(`getComputedStyle(document.querySelector('.notes-panel .internal-note')).backgroundColor`);
      assert.equal(background, 'rgb(255, 246, 204)', 'the note is a yellow card');
      await h.settle();
      assert.equal(h.server.fake.api.delivered.length, deliveredBefore, 'the note sent nothing to LINE');
      assert.ok(!JSON.stringify(h.server.fake.api.delivered).includes('warehouse'));
      await page.locator('.notes-panel').screenshot({ path: path.join(ARTIFACTS, 'dashboard-internal-note-laptop.png') });

      // A supervisor's note appears on the agent's open conversation at once, without a reload.
      const sue = await h.createAgent('sue', undefined, ['supervisor']);
      const fromSupervisor = 'Supervisor: call the warehouse first';
      assert.equal((await h.call(sue.token, 'POST', `/api/agent/conversations/${id}/notes`, { text: fromSupervisor })).status, 201);
      await page.locator('.internal-note').filter({ hasText: fromSupervisor }).waitFor();

      // End, then try to close the wrap-up without a code: refused with a clear message; then choose one.
      await page.getByRole('button', { name: t.s('end'), exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: t.s('endConversation'), exact: true }).click();
      const close = page.getByRole('button', { name: t.s('closeWrapUpDone'), exact: true });
      await close.waitFor();
      await close.click();
      await page.getByText(t.s('wrapUpCodeNeeded')).waitFor();
      await page.getByLabel(t.s('wrapUpCodeRequiredLabel')).selectOption('refund');
      await page.getByRole('textbox', { name: t.s('wrapUpNoteLabel') }).fill('Refunded order 42 by bank transfer');
      await page.getByRole('button', { name: t.s('saveWrapUp'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: t.s('wrapUpSaved') }).waitFor();
      await page.locator('.notes-panel').screenshot({ path: path.join(ARTIFACTS, 'dashboard-wrap-up-code-laptop.png') });
      assert.deepEqual(await wcagViolations(page), [], 'the conversation with its notes and wrap-up form');
      await close.click();
      await until('the conversation is closed', async () => (await h.call(kai.token, 'GET', `/api/agent/conversations/${id}`)).json.state === 'closed');
      assert.ok(!JSON.stringify(h.server.fake.api.delivered).includes('bank transfer'), 'the wrap-up note never reached LINE');

      // History: search, open, download.
      await page.getByRole('link', { name: t.s('navHistory') }).click();
      await page.getByRole('search', { name: t.s('historySearchLabel') }).getByLabel(t.s('historyWords')).fill('hana');
      await page.getByRole('button', { name: t.s('historySearchButton'), exact: true }).click();
      const open = page.getByRole('link', { name: t.f('historyOpen', 'Hana', 1) });
      await open.waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-history-search-laptop.png') });
      assert.deepEqual(await wcagViolations(page), [], 'the history search and its results');
      await open.click();
      await page.getByRole('heading', { name: t.f('historyConversationWith', 'Hana') }).waitFor();
      await page.locator('.history-message').filter({ hasText: typed }).waitFor();
      await page.locator('.cycle-facts').getByText('Refund issued').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-history-conversation-laptop.png'), fullPage: true });
      assert.deepEqual(await wcagViolations(page), [], 'the conversation page');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t.s('historyDownloadHtml'), exact: true }).click()]);
      const saved = await download.path();
      const html = await readFile(saved, 'utf8');
      assert.match(download.suggestedFilename(), /^conversation-[0-9a-f]+\.html$/);
      assert.ok(!/<script/i.test(html), 'the downloaded page has no script');
      assert.ok(html.includes('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; my order 42'));
      assert.ok(html.includes(secret) && html.includes('Refund issued'));

      // The downloaded page, opened by itself, and the conversation page on a phone.
      const printed = await context.newPage();
      await printed.setContent(html);
      await printed.screenshot({ path: path.join(ARTIFACTS, 'history-download-html.png'), fullPage: true });
      await printed.close();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.history-message').first().waitFor();
      assert.equal(await scrollsSideways(page), false, 'the conversation page fits a 390 px phone');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-history-conversation-phone.png'), fullPage: true });
      await page.getByRole('button', { name: t.s('historyBack'), exact: true }).click();
      await page.getByRole('search', { name: t.s('historySearchLabel') }).waitFor();
      assert.equal(await scrollsSideways(page), false, 'the search fits a 390 px phone');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-history-search-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('lets an admin add and relabel wrap-up codes and require one per workstream', async () => {
    const a = await loadAdminCatalogue('en');
    const fill = (text: string | undefined): string => String(text);
    await h.createAgent('ada', undefined, ['admin']);
    await h.admin('POST', '/api/admin/workstreams', { id: 'care', name: 'Care', language: 'en', surveyEnabled: false, allowCustomerAttachments: true, allowAgentAttachments: true });
    const { context, page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    try {
      await signIn(page, h.url, 'ada', 'ada-password-1');
      await page.goto(`${h.url}/dashboard/admin/wrap-up`);
      await page.getByRole('heading', { name: fill(a.wrapUpCodesTitle), level: 2 }).waitFor();
      await page.getByLabel(fill(a.wrapUpCodeId), { exact: true }).fill('callback');
      await page.getByLabel(fill(a.wrapUpCodeLabel), { exact: true }).fill('Call back later');
      await page.getByRole('button', { name: fill(a.wrapUpCodeAdd), exact: true }).click();
      const label = page.getByRole('textbox', { name: 'Label of callback' });
      await label.waitFor();
      await label.fill('Customer will be called back');
      await label.press('Enter');
      await until('the label changed', async () => ((await h.call(HARNESS_ADMIN_KEY, 'GET', '/api/admin/wrap-up-codes')).json.codes as { id: string; label: string }[]).some((code) => code.label === 'Customer will be called back'));
      await page.getByRole('checkbox', { name: 'Require a wrap-up code in Care' }).check();
      await until('Care requires a code', async () => ((await h.call(HARNESS_ADMIN_KEY, 'GET', '/api/admin/wrap-up-settings')).json.settings as { workstreamId: string; codeRequired: boolean }[]).some((setting) => setting.workstreamId === 'care' && setting.codeRequired));
      assert.equal(await scrollsSideways(page), false, 'the screen fits a 390 px phone');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-admin-wrap-up-codes-phone.png'), fullPage: true });
      assert.deepEqual(await wcagViolations(page), [], 'the wrap-up codes screen');
    } finally {
      await context.close();
    }
  });
});
