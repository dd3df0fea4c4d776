import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');
const FIRST = 'U1111111111111111111111111111aaaa';
const SECOND = 'U2222222222222222222222222222bbbb';

describe('contacts admin in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123' });
  });
  after(async () => {
    await h?.close();
  });

  it('searches, edits, merges two duplicates and purges a customer after a confirmation naming what goes', async () => {
    h.server.fake.api.setProfile(FIRST, { displayName: 'Somchai P.', language: 'th' });
    h.server.fake.api.setProfile(SECOND, { displayName: 'Somchai Phon', language: 'th' });
    await h.say(FIRST, 'hello');
    await h.say(SECOND, 'hello again');
    const kept = await h.server.app.customers.createContactFromCustomer(`line:${FIRST}`, { name: 'Somchai Phonphakdi', email: 'somchai@example.com' });
    const duplicate = await h.server.app.customers.createContactFromCustomer(`line:${SECOND}`, { name: 'Somchai P. (duplicate)', phone: '+66 81 234 5678' });

    const { page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    await signIn(page, h.url, 'root', 'root-password-123');
    await page.goto(`${h.url}/dashboard/admin/contacts`);
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    await page.getByLabel('Search by name, email or phone').fill('somchai@');
    await until('the search to leave one contact', async () => (await page.getByRole('row').count()) === 2);
    await page.getByLabel('Search by name, email or phone').fill('');
    await page.getByRole('button', { name: 'Somchai Phonphakdi' }).click();
    await page.getByRole('heading', { name: 'Somchai Phonphakdi', level: 3 }).waitFor();
    await page.getByLabel('Notes').fill('Prefers LINE over phone');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact saved.' }).waitFor();
    assert.equal((await h.server.app.customers.getContact(kept.id))?.notes, 'Prefers LINE over phone');

    await page.getByLabel('Duplicate contact').selectOption(duplicate.id);
    await page.getByRole('button', { name: 'Merge into this contact' }).click();
    const mergeDialog = page.getByRole('dialog', { name: 'Merge these contacts?' });
    await mergeDialog.getByText('Somchai P. (duplicate) will be merged into Somchai Phonphakdi').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'contacts-merge-phone.png') });
    await mergeDialog.getByRole('button', { name: 'Merge into this contact' }).click();
    await page.getByRole('status').filter({ hasText: 'was merged into' }).waitFor();
    assert.equal(await h.server.app.customers.getContact(duplicate.id), undefined);
    assert.equal(await h.server.app.customers.contactIdOf(`line:${SECOND}`), kept.id);
    assert.equal((await h.server.app.customers.getContact(kept.id))?.phone, '+66 81 234 5678');
    await page.getByText(`line:${SECOND}`).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'contacts-admin-phone.png'), fullPage: true });
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page fits a 390 px phone (scroll width ${width})`);

    const profile = page.getByRole('listitem').filter({ hasText: `line:${SECOND}` });
    await profile.getByRole('button', { name: 'Delete all data' }).click();
    const purgeDialog = page.getByRole('dialog', { name: 'Delete everything about Somchai Phon?' });
    await purgeDialog.getByText('their conversations and transcripts').waitFor();
    await purgeDialog.getByText(`line:${SECOND}`).waitFor();
    assert.equal(await purgeDialog.getByText('which has no other customer profile').count(), 0, 'the contact stays: another profile is linked');
    await page.screenshot({ path: path.join(ARTIFACTS, 'contacts-purge-confirm-phone.png') });
    await purgeDialog.getByRole('button', { name: 'Delete permanently' }).click();
    await page.getByRole('status').filter({ hasText: 'Everything about Somchai Phon was deleted.' }).waitFor();
    assert.equal(await h.server.app.customers.get(`line:${SECOND}`), undefined);
    assert.ok(await h.server.app.customers.get(`line:${FIRST}`));

    const first = page.getByRole('listitem').filter({ hasText: `line:${FIRST}` });
    await first.getByRole('button', { name: 'Unlink' }).click();
    await page.getByText('No customer profile is linked to this contact.').waitFor();
    assert.equal(await h.server.app.customers.contactIdOf(`line:${FIRST}`), undefined);
    assert.deepEqual(problems, []);
  });
});
