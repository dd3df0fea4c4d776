import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');
const USER_ID = `U${'7a9'.padStart(32, '0')}`;

describe('customer tags in the customer panel, in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  let hana: TestAgent;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start();
    hana = await h.createAgent('hana', { displayName: 'Hana', languages: ['ja', 'en'], capacity: 2, queueIds: ['general'] }, ['agent', 'admin']);
  });
  after(async () => h?.close());

  it('an admin serving the customer edits their tags, which the customer record keeps', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'hana', 'hana-password-1');
      await page.getByRole('radio', { name: 'Available' }).check();
      await until('Hana is available', async () => (await h.call(hana.token, 'GET', '/api/agent/presence')).json.presence === 'available');
      h.server.fake.api.setProfile(USER_ID, { displayName: 'Mei', language: 'ja' });
      await h.say(USER_ID, 'cmd:agent');
      await page.getByRole('article', { name: 'Offer: Mei' }).getByRole('button', { name: 'Accept' }).click();
      const panel = page.getByRole('complementary', { name: 'Customer' });
      await panel.getByText('No tags.').waitFor();
      await panel.getByRole('button', { name: 'Edit tags' }).click();
      await panel.getByLabel(/Tags, separated by commas/).fill('VIP, wholesale');
      await panel.getByRole('button', { name: 'Save tags' }).click();
      await panel.getByRole('list', { name: 'Tags' }).getByText('wholesale').waitFor();
      assert.deepEqual((await h.server.app.customers.get(`line:${USER_ID}`))?.tags, ['vip', 'wholesale']);
      await page.screenshot({ path: path.join(ARTIFACTS, 'customer-tags.png') });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
