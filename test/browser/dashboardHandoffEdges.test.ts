import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');

describe('dashboard: an agent whose customer’s LINE account goes away', function () {
  this.timeout(120_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  let h: HandoffHarness;
  let aiko: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2, queueIds: ['general'] });
  });
  after(async () => h?.close());

  it('shows the load right after accepting, then a clear status, not delivery failures, when the account is disabled', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'aiko', 'aiko-password-1');
      await page.getByRole('radio', { name: 'Available' }).check();
      await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
      await page.locator('fieldset.presence').getByText('(load 0 of 2)', { exact: false }).waitFor();

      const userId = `U${'e1'.padStart(32, '0')}`;
      h.server.fake.api.setProfile(userId, { displayName: 'Yui', language: 'ja' });
      await h.say(userId, 'cmd:agent');
      const offer = page.getByRole('article', { name: 'Offer: Yui' });
      await offer.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('textbox', { name: 'Message to Yui' }).waitFor();
      await page.locator('fieldset.presence').getByText('(load 1 of 2)', { exact: false }).waitFor();

      await h.admin('PATCH', '/api/admin/channels/line/default', { enabled: false });
      await page.getByRole('status').filter({ hasText: 'the LINE account of this conversation was deleted or disabled' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Message to Yui' }).count(), 0, 'nothing to type into');
      await page.locator('fieldset.presence').getByText('(load 0 of 2)', { exact: false }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-account-removed.png') });
    } finally {
      await context.close();
    }
  });
});
