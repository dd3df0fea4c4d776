import assert from 'node:assert/strict';
import path from 'node:path';
import { lineConversationId } from '../../adapters/line/lineConversationId';
import { openPage, signIn, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');
const USER_ID = 'U5e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b';

describe('LINE usage (push meter) admin in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123' });
  });
  after(async () => {
    await h?.close();
  });

  async function pushes(count: number): Promise<void> {
    const conversation = { id: lineConversationId({ accountId: 'default', chatType: 'user', chatId: USER_ID }) };
    for (let i = 0; i < count; i += 1) {
      await h.server.app.lineAdapter.continueConversation({ channelId: 'line', conversation: conversation as never }, async (context) => {
        await context.sendActivity(`notice ${i}`);
      });
    }
    await h.server.app.operations.quotaPoller.pollOnce();
  }

  it('warns at 80 % of the monthly quota and says when it is used up', async () => {
    h.server.fake.api.setMessageQuota(5);
    await pushes(4);
    const { page } = await openPage(browser(), problems);
    await signIn(page, h.url, 'root', 'root-password-123');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'LINE usage' }).click();
    await page.getByRole('heading', { name: /^LINE usage/, level: 2 }).waitFor();
    await page.getByRole('status').filter({ hasText: '80 % of the monthly message quota is used (4 of 5' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'default' });
    assert.equal((await row.getByRole('cell').nth(1).textContent())?.trim(), '4', 'pushes counted');
    await page.screenshot({ path: path.join(ARTIFACTS, 'line-usage-warning.png') });

    await pushes(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'quota is used up (5 of 5' }).waitFor();
  });
});
