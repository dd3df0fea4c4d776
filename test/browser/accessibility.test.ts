import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';

/** axe-core's browser bundle; run through the DevTools protocol, so the page's CSP need not allow it. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** The WCAG 2.x A and AA failures axe finds on the page as it is now, one line each. */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(globalThis as unknown, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target })) }));
  });
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

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

  it('finds no WCAG failure on the sign-in page, the agent’s conversation, the supervisor’s overview and every admin section', async () => {
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
