import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');
const USER_ID = 'U3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b';

describe('LINE dead letters admin in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123', LINE_EVENT_POLL_MS: '100' });
  });
  after(async () => {
    await h?.close();
  });

  it('lists an event whose answer LINE refused, and a retry delivers the answer by push', async () => {
    h.server.fake.api.failNext(1, 400, '/v2/bot/message/reply');
    await h.say(USER_ID, 'hello');
    assert.deepEqual(h.textsTo(USER_ID), [], 'LINE refused the answer');
    const { page } = await openPage(browser(), problems);
    await signIn(page, h.url, 'root', 'root-password-123');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'LINE events' }).click();
    await page.getByRole('heading', { name: 'LINE events', level: 2 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `default:user:${USER_ID}` });
    await row.getByText(/HTTP 400/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'line-events-admin.png') });

    await row.getByRole('button', { name: /^Retry event/ }).click();
    await page.getByRole('status').filter({ hasText: 'back in the queue' }).waitFor();
    await until('the answer to be pushed', () => h.deliveredTo(USER_ID).some((delivery) => delivery.via === 'push'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('No dead LINE event.').waitFor();
  });
});
