import assert from 'node:assert/strict';
import path from 'node:path';
import { wcagViolations } from '../support/axe';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { DashboardTexts, loadAdminCatalogue } from '../support/dashboardTexts';
import { HandoffHarness } from '../support/handoffHarness';

describe('dashboard accessibility (axe-core, WCAG 2.2 A and AA)', function () {
  this.timeout(180_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(path.resolve('test-artifacts'));

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'Japanese support', languages: ['ja'], priority: 5, distribution: 'push', hours: { timeZone: 'Asia/Tokyo', weekly: [{ day: 1, opens: '09:00', closes: '18:00' }], holidays: ['2026-12-31'] } });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2, queueIds: ['general'] }, ['agent', 'supervisor', 'admin']);
  });
  after(async () => {
    await h?.close();
  });

  it('finds no WCAG failure on the sign-in page, the agent’s conversation, the supervisor’s overview and every admin section, in every language', async () => {
    const { context, page } = await openPage(browser(), problems);
    const found = new Map<string, string[]>();
    try {
      await page.goto(`${h.url}/dashboard`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      found.set('sign-in', await wcagViolations(page));

      await signIn(page, h.url, 'aiko', 'aiko-password-1');
      await page.getByRole('link', { name: 'Conversations' }).click();
      await page.getByRole('radio', { name: 'Available' }).check();
      const userId = `U${'a11y'.padEnd(32, '0').replace(/[^0-9a-f]/g, '1')}`;
      h.server.fake.api.setProfile(userId, { displayName: 'Kenta', language: 'en' });
      await h.say(userId, 'cmd:agent');
      const offer = page.getByRole('article', { name: 'Offer: Kenta' });
      await offer.waitFor();
      found.set('agent offer', await wcagViolations(page));
      await offer.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('list', { name: 'Conversation with Kenta' }).waitFor();
      await h.say(userId, 'Hello, my parcel is late.');
      await page.getByText('Hello, my parcel is late.').waitFor();
      found.set('agent conversation', await wcagViolations(page));

      await page.getByRole('link', { name: 'Supervisor' }).click();
      await page.getByRole('heading', { name: 'Queues' }).first().waitFor();
      found.set('supervisor', await wcagViolations(page));

      await page.getByRole('link', { name: 'Admin' }).click();
      const sections = page.getByRole('navigation', { name: 'Administration' }).getByRole('link');
      const names = await sections.allTextContents();
      assert.ok(names.length >= 8, `admin sections: ${names.join(', ')}`);
      for (const name of names) {
        await sections.filter({ hasText: name }).click();
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        await until(`${name} has loaded`, async () => (await page.getByText(/^Loading/).count()) === 0);
        found.set(`admin: ${name}`, await wcagViolations(page));
      }
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Queues' }).click();
      await page.getByRole('button', { name: /^Edit/ }).first().click();
      await page.getByRole('dialog').waitFor();
      found.set('admin: queue dialog', await wcagViolations(page));
      await page.keyboard.press('Escape');
      await until('the queue dialog closed', async () => (await page.getByRole('dialog').count()) === 0);

      // The same screens in the other languages (longer words, other scripts), switched from the header.
      let switcher = page.getByRole('banner').getByLabel('Dashboard language');
      for (const locale of ['ja', 'th', 'zh-TW'] as const) {
        const t = await DashboardTexts.of(locale);
        const admin = await loadAdminCatalogue(locale);
        await switcher.selectOption(locale);
        switcher = page.getByRole('banner').getByLabel(t.s('languageLabel'));
        await page.getByRole('navigation', { name: t.s('sectionsNav') }).getByRole('link', { name: t.s('navSupervisor') }).click();
        await page.getByRole('heading', { name: t.s('queues') }).first().waitFor();
        found.set(`${locale} supervisor`, await wcagViolations(page));
        await page.getByRole('navigation', { name: t.s('sectionsNav') }).getByRole('link', { name: t.s('navAdmin') }).click();
        const nav = page.getByRole('navigation', { name: admin.administration });
        const links = nav.getByRole('link');
        const count = await links.count();
        assert.equal(count, names.length, `${locale}: every admin section is listed`);
        for (let index = 0; index < count; index += 1) {
          const link = links.nth(index);
          const name = (await link.textContent()) ?? '';
          await link.click();
          await page.getByRole('heading', { level: 2 }).first().waitFor();
          await until(`${locale} ${name} has loaded`, async () => (await page.getByText(t.s('loading'), { exact: true }).count()) === 0);
          found.set(`${locale} admin: ${name}`, await wcagViolations(page));
        }
      }
    } finally {
      await context.close();
    }
    const failing = [...found].filter(([, violations]) => violations.length > 0).map(([where, violations]) => `${where}:\n  ${violations.join('\n  ')}`);
    assert.deepEqual(failing, []);
  });

  it('finds no WCAG failure on a phone (390×844): the desk, the conversation, its customer tab and the supervisor’s overview', async () => {
    const { context, page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    const found = new Map<string, string[]>();
    try {
      await signIn(page, h.url, 'aiko', 'aiko-password-1');
      await page.getByRole('link', { name: 'Conversations' }).click();
      await page.getByRole('radio', { name: 'Available' }).check();
      const userId = `U${'a11yphone'.padEnd(32, '0').replace(/[^0-9a-f]/g, '2')}`;
      h.server.fake.api.setProfile(userId, { displayName: 'Nok', language: 'en' });
      await h.say(userId, 'cmd:agent');
      const offer = page.getByRole('article', { name: 'Offer: Nok' });
      await offer.waitFor();
      found.set('phone: offer', await wcagViolations(page));
      await offer.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('list', { name: 'Conversation with Nok' }).waitFor();
      found.set('phone: conversation', await wcagViolations(page));
      await page.getByRole('navigation', { name: 'Conversation views' }).getByRole('link', { name: 'Customer' }).click();
      await page.getByRole('complementary', { name: 'Customer' }).waitFor();
      found.set('phone: customer tab', await wcagViolations(page));
      await page.getByRole('link', { name: 'Supervisor' }).click();
      await page.getByRole('heading', { name: 'Queues' }).first().waitFor();
      found.set('phone: supervisor', await wcagViolations(page));
    } finally {
      await context.close();
    }
    const failing = [...found].filter(([, violations]) => violations.length > 0).map(([where, violations]) => `${where}:\n  ${violations.join('\n  ')}`);
    assert.deepEqual(failing, []);
  });
});
