import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, useDashboardBrowser } from '../support/dashboardBrowser';
import { startTestServer, type TestServer } from '../support/testServer';

const ARTIFACTS = path.resolve('test-artifacts');
const FIRST_TOKEN = 'first-token-line-knows-aaaa1111';
const ROTATED_TOKEN = 'rotated-token-line-knows-bbbb2222';
const ADMIN_KEY = 'line-account-edit-admin-key-0123456789';

describe('editing a LINE account and rotating its token in a real browser', function () {
  this.timeout(120_000);
  let server: TestServer;
  let accountId: string;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    server = await startTestServer({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123', ADMIN_API_KEY: ADMIN_KEY }, [FIRST_TOKEN, ROTATED_TOKEN]);
    const created = await fetch(`${server.app.url}/api/admin/channels/line`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme Support TH', channelId: '2001234567', channelSecret: 'fedcba9876543210fedcba9876543210', channelAccessToken: FIRST_TOKEN }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    accountId = String(((await created.json()) as { id: string }).id);
  });
  after(async () => {
    await server?.close();
  });

  async function storedAccount(): Promise<{ name: string; accessTokenLast4?: string }> {
    const answer = await fetch(`${server.app.url}/api/admin/channels/line/${accountId}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return (await answer.json()) as { name: string; accessTokenLast4?: string };
  }

  it('refuses a token LINE does not accept, keeping the old one, then renames and rotates to a token LINE accepts', async () => {
    const { page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    await signIn(page, server.app.url, 'root', 'root-password-123');
    await page.goto(`${server.app.url}/dashboard/admin/channels`);
    await page.getByRole('button', { name: 'Edit Acme Support TH' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Acme Support TH' });
    await dialog.getByLabel('New channel access token').fill('a-token-line-has-never-issued-0000');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/Not saved: the account keeps its current token\. LINE rejected the channel access token \(HTTP 401/).waitFor();
    assert.equal(await dialog.getByLabel('New channel access token').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'line-account-token-refused-phone.png') });
    assert.equal((await storedAccount()).accessTokenLast4, '1111', 'the refused token was not saved');

    await dialog.getByLabel('Name (shown to agents)').fill('Acme Support Thailand');
    await dialog.getByLabel('New channel access token').fill(ROTATED_TOKEN);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Acme Support Thailand saved; LINE accepted the new access token' }).waitFor();
    const stored = await storedAccount();
    assert.equal(stored.name, 'Acme Support Thailand');
    assert.equal(stored.accessTokenLast4, '2222');
    assert.ok(server.fake.api.requests.some((request) => request.path === '/v2/bot/info' && request.headers.authorization === `Bearer ${ROTATED_TOKEN}`), 'the new token was checked with LINE');
    await page.screenshot({ path: path.join(ARTIFACTS, 'line-account-rotated-phone.png') });
    assert.deepEqual(problems, []);
  });

  it('binds a workstream to the LINE account from the workstreams screen', async () => {
    const { page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    await signIn(page, server.app.url, 'root', 'root-password-123');
    await page.goto(`${server.app.url}/dashboard/admin/workstreams`);
    await page.getByRole('button', { name: 'Add workstream' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('ID').fill('acme-th');
    await dialog.getByLabel('Name', { exact: true }).fill('Acme Thailand');
    await dialog.getByLabel('Language').selectOption('th');
    await dialog.getByLabel('LINE account').selectOption(accountId);
    await page.screenshot({ path: path.join(ARTIFACTS, 'workstream-line-account-phone.png') });
    await dialog.getByRole('button', { name: 'Add workstream' }).click();
    await page.getByRole('cell', { name: 'Acme Support Thailand' }).waitFor();
    const stored = await fetch(`${server.app.url}/api/admin/workstreams/acme-th`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(((await stored.json()) as { lineAccountId?: string }).lineAccountId, accountId);
    assert.deepEqual(problems, []);
  });
});
