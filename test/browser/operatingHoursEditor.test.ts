import assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openPage, signIn, until, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');

/** What the test reads of the dialog's box in the page (the server's compiler has no DOM types). */
type Box = { readonly scrollWidth: number; readonly clientWidth: number };

const WORKING_WEEK = [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '18:00' }));

describe('operating hours editor in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start();
    await h.createAgent('hours-admin', undefined, ['admin']);
  });
  after(async () => {
    await h?.close();
  });

  async function openQueues(page: Page): Promise<void> {
    await signIn(page, h.url, 'hours-admin', 'hours-admin-password-1');
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('heading', { name: 'Queues' }).waitFor();
  }

  /** Opens the dialog adding a queue, its id and name filled in. */
  async function startNewQueue(page: Page, id: string, name: string): Promise<Locator> {
    await page.getByRole('button', { name: 'Add queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a queue' });
    await dialog.getByLabel('Id', { exact: true }).fill(id);
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    return dialog;
  }

  async function storedHours(queueId: string): Promise<unknown> {
    return (await h.admin('GET', `/api/admin/queues/${queueId}`)).json.hours;
  }

  function hoursCell(page: Page, queueName: string): Locator {
    return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(queueName) }) }).getByRole('cell').nth(3);
  }

  it('adds a queue with a schedule, holidays and hours past midnight; edits it; refuses overlaps without saving', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await openQueues(page);
      const dialog = await startNewQueue(page, 'th-night', 'Night desk');
      assert.equal(await dialog.getByRole('radio', { name: 'Always open' }).isChecked(), true, 'a new queue starts always open');
      assert.equal(await dialog.getByLabel('Time zone').count(), 0, 'no schedule to fill in while always open');

      await dialog.getByRole('radio', { name: 'Open on a schedule' }).check();
      await dialog.getByText('No day is open').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'operating-hours-dialog-top.png') });
      await dialog.getByLabel('Time zone').selectOption('Asia/Bangkok');
      await dialog.getByRole('button', { name: 'Fill in Mon–Fri 09:00–18:00' }).click();
      for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
        assert.equal(await dialog.getByLabel(`${day} open`, { exact: true }).isChecked(), true, day);
        assert.equal(await dialog.getByLabel(`${day} opens`, { exact: true }).inputValue(), '09:00', day);
        assert.equal(await dialog.getByLabel(`${day} closes`, { exact: true }).inputValue(), '18:00', day);
      }
      assert.equal(await dialog.getByLabel('Saturday open', { exact: true }).isChecked(), false);
      assert.equal(await dialog.getByText('No day is open').count(), 0);
      // Days are shown Monday first.
      assert.deepEqual(await dialog.locator('.day-hours [id$="-name"]').allTextContents(), ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);

      // Saturday night, closing on Sunday morning.
      await dialog.getByLabel('Saturday open', { exact: true }).check();
      const saturday = dialog.getByRole('group', { name: 'Saturday' });
      await saturday.getByLabel('Saturday opens', { exact: true }).fill('22:00');
      await saturday.getByLabel('Saturday closes', { exact: true }).fill('02:00');
      await saturday.getByText('(next day)').waitFor();
      assert.equal(await dialog.getByRole('group', { name: 'Monday' }).getByText('(next day)').count(), 0);

      // Sunday, switched on from the keyboard, overlaps Saturday's night: both are marked, the week wrapping around.
      await dialog.getByLabel('Sunday open', { exact: true }).focus();
      await page.keyboard.press('Space');
      const sunday = dialog.getByRole('group', { name: 'Sunday' });
      await sunday.getByLabel('Sunday opens', { exact: true }).fill('01:00');
      await sunday.getByLabel('Sunday closes', { exact: true }).fill('05:00');
      await sunday.getByText('Overlaps Saturday 22:00–02:00 next day.').waitFor();
      await saturday.getByText('Overlaps Sunday 01:00–05:00.').waitFor();
      assert.equal(await sunday.getByLabel('Sunday opens', { exact: true }).getAttribute('aria-invalid'), 'true');
      await dialog.getByLabel('Sunday open', { exact: true }).uncheck();
      await until('the overlap is gone with Sunday closed', async () => (await saturday.getByText('Overlaps').count()) === 0);

      // Holidays: the picker (Add, then Enter), sorted, a duplicate refused.
      const holidayDate = dialog.getByLabel('Date', { exact: true });
      await holidayDate.fill('2025-12-31');
      await dialog.getByRole('button', { name: 'Add holiday' }).click();
      await holidayDate.fill('2025-01-01');
      await holidayDate.press('Enter');
      await holidayDate.fill('2025-12-31');
      await dialog.getByRole('button', { name: 'Add holiday' }).click();
      await dialog.getByText('2025-12-31 is already a holiday.').waitFor();
      assert.equal(await holidayDate.getAttribute('aria-invalid'), 'true');
      const holidayList = dialog.getByRole('list', { name: /^Holidays/ });
      assert.deepEqual(await holidayList.getByRole('listitem').allTextContents(), ['Wed 2025-01-01×', 'Wed 2025-12-31×']);
      assert.equal(await page.getByRole('dialog', { name: 'Add a queue' }).count(), 1, 'Enter in the date field did not submit the form');

      const box = await dialog.evaluate((element) => ({ scrollWidth: (element as unknown as Box).scrollWidth, clientWidth: (element as unknown as Box).clientWidth }));
      assert.ok(box.scrollWidth <= box.clientWidth, `nothing wider than the dialog: ${JSON.stringify(box)}`);
      const dialogBox = await dialog.boundingBox();
      assert.ok(dialogBox && dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 1366 && dialogBox.height <= 768, `the dialog fits the screen: ${JSON.stringify(dialogBox)}`);
      await dialog.locator('.hours-editor').screenshot({ path: path.join(ARTIFACTS, 'operating-hours-editor.png') });
      await page.screenshot({ path: path.join(ARTIFACTS, 'operating-hours-dialog.png') });

      await dialog.getByRole('button', { name: 'Add queue' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      assert.deepEqual(await storedHours('th-night'), {
        timeZone: 'Asia/Bangkok',
        weekly: [...WORKING_WEEK, { day: 6, opens: '22:00', closes: '02:00' }],
        holidays: ['2025-01-01', '2025-12-31'],
      });
      await until('the table summarises the hours', async () => (await hoursCell(page, 'Night desk').textContent()) === 'Mon–Fri 09:00–18:00, Sat 22:00–02:00 next day (Asia/Bangkok), 2 holidays');

      // Reopened: the same values; one holiday removed, Saturday switched off.
      await page.getByRole('button', { name: 'Edit Night desk' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit Night desk' });
      assert.equal(await edit.getByRole('radio', { name: 'Open on a schedule' }).isChecked(), true);
      assert.equal(await edit.getByLabel('Time zone').inputValue(), 'Asia/Bangkok');
      assert.equal(await edit.getByLabel('Wednesday opens', { exact: true }).inputValue(), '09:00');
      assert.equal(await edit.getByLabel('Saturday opens', { exact: true }).inputValue(), '22:00');
      assert.equal(await edit.getByLabel('Saturday closes', { exact: true }).inputValue(), '02:00');
      assert.equal(await edit.getByLabel('Sunday open', { exact: true }).isChecked(), false);
      const editHolidays = edit.getByRole('list', { name: /^Holidays/ });
      assert.deepEqual(await editHolidays.getByRole('listitem').allTextContents(), ['Wed 2025-01-01×', 'Wed 2025-12-31×']);
      await edit.getByRole('button', { name: 'Remove holiday 2025-12-31' }).click();
      assert.deepEqual(await editHolidays.getByRole('listitem').allTextContents(), ['Wed 2025-01-01×']);
      assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id.endsWith('-remove-2025-01-01')), true, 'the focus stays on the list');
      await edit.getByLabel('Saturday open', { exact: true }).uncheck();
      await edit.getByRole('button', { name: 'Save' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      assert.deepEqual(await storedHours('th-night'), { timeZone: 'Asia/Bangkok', weekly: WORKING_WEEK, holidays: ['2025-01-01'] });
      await until('the table shows the change', async () => (await hoursCell(page, 'Night desk').textContent()) === 'Mon–Fri 09:00–18:00 (Asia/Bangkok), 1 holiday');

      // Overlapping intervals on Monday: marked, and Save sends nothing.
      await page.getByRole('button', { name: 'Edit Night desk' }).click();
      const invalid = page.getByRole('dialog', { name: 'Edit Night desk' });
      const monday = invalid.getByRole('group', { name: 'Monday' });
      await monday.getByRole('button', { name: 'Add hours on Monday' }).click();
      const secondOpens = monday.getByLabel('Monday opens (interval 2)');
      await until('the new interval has the focus', async () => (await secondOpens.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) === true);
      await secondOpens.fill('12:00');
      assert.equal(await monday.getByText('Enter the closing time.').count(), 0, 'an empty new time is not an error before saving');
      await monday.getByLabel('Monday closes (interval 2)').fill('20:00');
      await monday.getByText('Overlaps Monday 12:00–20:00.').waitFor();
      await monday.getByText('Overlaps Monday 09:00–18:00.').waitFor();
      // An empty time on another day shows its message once saving is tried.
      await invalid.getByRole('button', { name: 'Add hours on Tuesday' }).click();
      await invalid.getByRole('button', { name: 'Save' }).click();
      await invalid.getByRole('alert').filter({ hasText: 'Not saved: fix the operating hours marked above.' }).waitFor();
      await invalid.getByRole('group', { name: 'Tuesday' }).getByText('Enter the opening time.').waitFor();
      assert.equal(await monday.getByLabel('Monday opens', { exact: true }).getAttribute('aria-invalid'), 'true');
      await until('the focus is on the first marked field', async () => (await monday.getByLabel('Monday opens', { exact: true }).evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) === true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'operating-hours-overlap.png') });
      assert.deepEqual(await storedHours('th-night'), { timeZone: 'Asia/Bangkok', weekly: WORKING_WEEK, holidays: ['2025-01-01'] }, 'nothing was saved');
      // The same time twice is refused too.
      await monday.getByLabel('Monday closes (interval 2)').fill('12:00');
      await monday.getByText('Opens and closes at the same time. For the whole day use 00:00 to 00:00.').waitFor();
      await invalid.getByRole('button', { name: 'Cancel' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      assert.deepEqual(await storedHours('th-night'), { timeZone: 'Asia/Bangkok', weekly: WORKING_WEEK, holidays: ['2025-01-01'] });
    } finally {
      await context.close();
    }
  });

  it('saves a queue it did not change exactly as stored: 24:00, a whole day, two intervals a day, a zone the browser may not list', async () => {
    const hours = {
      timeZone: 'Etc/GMT-7',
      weekly: [
        { day: 0, opens: '00:00', closes: '00:00' },
        { day: 1, opens: '09:00', closes: '12:00' },
        { day: 1, opens: '13:00', closes: '24:00' },
        { day: 3, opens: '09:00', closes: '17:30' },
        { day: 5, opens: '09:00', closes: '17:30' },
      ],
      holidays: ['2026-01-01'],
    };
    await h.admin('POST', '/api/admin/queues', { id: 'gmt-desk', name: 'GMT desk', languages: ['en'], priority: 0, distribution: 'pick', hours });
    const { context, page } = await openPage(browser(), problems);
    try {
      await openQueues(page);
      await until('the table summarises the hours', async () => (await hoursCell(page, 'GMT desk').textContent()) === 'Mon 09:00–12:00 and 13:00–24:00, Wed, Fri 09:00–17:30, Sun all day (Etc/GMT-7), 1 holiday');
      await page.getByRole('button', { name: 'Edit GMT desk' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit GMT desk' });
      assert.equal(await dialog.getByLabel('Time zone').inputValue(), 'Etc/GMT-7');
      assert.equal(await dialog.getByLabel('Monday closes (interval 2)').inputValue(), '00:00', '24:00 is shown as the midnight it is');
      await dialog.getByRole('group', { name: 'Monday' }).getByText('(midnight)').waitFor();
      await dialog.getByRole('group', { name: 'Sunday' }).getByText('(all day)').waitFor();
      assert.equal(await dialog.getByRole('alert').count(), 0);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      assert.deepEqual(await storedHours('gmt-desk'), hours);

      // Always open drops the schedule; the server's own refusal (an id taken) is shown in the dialog.
      await page.getByRole('button', { name: 'Edit GMT desk' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit GMT desk' });
      await edit.getByRole('radio', { name: 'Always open' }).check();
      await edit.getByRole('button', { name: 'Save' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      assert.equal(await storedHours('gmt-desk'), undefined);
      await until('the table says so', async () => (await hoursCell(page, 'GMT desk').textContent()) === 'Always open');
      const add = await startNewQueue(page, 'gmt-desk', 'Again');
      await add.getByRole('button', { name: 'Add queue' }).click();
      await add.getByRole('alert').filter({ hasText: "a queue 'gmt-desk' exists already" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("copies Monday's hours to the weekdays; adds pasted holidays, skipping those already listed and refusing what is not a date", async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await openQueues(page);
      const dialog = await startNewQueue(page, 'pasted', 'Pasted holidays');
      await dialog.getByRole('radio', { name: 'Open on a schedule' }).check();
      await dialog.getByLabel('Time zone').selectOption('Asia/Tokyo');
      // Monday's two intervals copied to the other weekdays; the weekend stays closed.
      await dialog.getByLabel('Monday open', { exact: true }).check();
      await dialog.getByLabel('Monday opens', { exact: true }).fill('10:00');
      await dialog.getByLabel('Monday closes', { exact: true }).fill('12:00');
      await dialog.getByRole('button', { name: 'Add hours on Monday' }).click();
      await dialog.getByLabel('Monday opens (interval 2)').fill('13:00');
      await dialog.getByLabel('Monday closes (interval 2)').fill('16:00');
      await dialog.getByRole('button', { name: 'Copy Monday to Tue–Fri' }).click();
      assert.equal(await dialog.getByLabel('Friday opens (interval 2)').inputValue(), '13:00');
      assert.equal(await dialog.getByLabel('Saturday open', { exact: true }).isChecked(), false);
      await dialog.getByLabel('Date', { exact: true }).fill('2026-05-05');
      await dialog.getByRole('button', { name: 'Add holiday' }).click();
      await dialog.getByText('Paste several dates').click();
      const pasteBox = dialog.getByLabel('Dates, YYYY-MM-DD, one a line or separated by commas');
      await pasteBox.fill('2026-05-04, 2026-02-30\n2026/05/03');
      await dialog.getByRole('button', { name: 'Add these dates' }).click();
      await dialog.getByText('Not dates (YYYY-MM-DD): 2026-02-30. Nothing was added.').waitFor();
      await pasteBox.fill('2026-05-04\n2026/05/03; 2026-05-05 2026-05-03');
      await dialog.getByRole('button', { name: 'Add these dates' }).click();
      await dialog.getByText('Added 2 dates; 2 already listed.').waitFor();
      assert.deepEqual(await dialog.getByRole('list', { name: /^Holidays/ }).getByRole('listitem').allTextContents(), ['Sun 2026-05-03×', 'Mon 2026-05-04×', 'Tue 2026-05-05×']);
      await dialog.getByRole('button', { name: 'Add queue' }).click();
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
      const weekly = [1, 2, 3, 4, 5].flatMap((day) => [
        { day, opens: '10:00', closes: '12:00' },
        { day, opens: '13:00', closes: '16:00' },
      ]);
      assert.deepEqual(await storedHours('pasted'), { timeZone: 'Asia/Tokyo', weekly, holidays: ['2026-05-03', '2026-05-04', '2026-05-05'] });
      await until('the table summarises the hours', async () => (await hoursCell(page, 'Pasted holidays').textContent()) === 'Mon–Fri 10:00–12:00 and 13:00–16:00 (Asia/Tokyo), 3 holidays');
    } finally {
      await context.close();
    }
  });
  it('gives a routing rule a time condition: outside office hours, to an after-hours queue', async () => {
    await h.admin('POST', '/api/admin/queues', { id: 'after-hours', name: 'After hours', languages: ['en'], priority: 0, distribution: 'push' });
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'hours-admin', 'hours-admin-password-1');
      await page.getByRole('link', { name: 'Routing rules' }).click();
      await page.getByRole('button', { name: 'Add rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a routing rule' });
      await dialog.getByLabel('Id', { exact: true }).fill('after-hours');
      await dialog.getByLabel('Name', { exact: true }).fill('After hours');
      assert.equal(await dialog.getByRole('radio', { name: 'any time' }).isChecked(), true);
      await dialog.getByRole('radio', { name: 'on a schedule' }).check();
      await dialog.getByLabel('Time zone').selectOption('Asia/Tokyo');
      await dialog.getByRole('button', { name: 'Fill in Mon–Fri 09:00–18:00' }).click();
      await dialog.getByLabel('The rule matches').selectOption({ label: 'outside these hours (e.g. an after-hours queue)' });
      await dialog.getByLabel('Send to queue').selectOption('after-hours');
      await dialog.getByRole('button', { name: 'Add rule' }).click();
      await page.getByRole('cell', { name: /outside Mon–Fri 09:00–18:00 \(Asia\/Tokyo\)/ }).waitFor();
      const stored = (await h.admin('GET', '/api/admin/routing-rules/after-hours')).json as { when: unknown };
      assert.deepEqual(stored.when, {
        schedule: { inside: false, hours: { timeZone: 'Asia/Tokyo', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '18:00' })), holidays: [] } },
      });

      // Back to any time: the condition goes.
      await page.getByRole('button', { name: /^Edit/ }).first().click();
      const edit = page.getByRole('dialog', { name: 'Edit After hours' });
      assert.equal(await edit.getByLabel('The rule matches').inputValue(), 'false');
      await edit.getByRole('radio', { name: 'any time' }).check();
      await edit.getByRole('button', { name: 'Save' }).click();
      const conditionsOf = async (): Promise<string[]> => Object.keys(((await h.admin('GET', '/api/admin/routing-rules/after-hours')).json as { when: object }).when);
      await until('the condition is gone', async () => (await conditionsOf()).length === 0);
    } finally {
      await context.close();
    }
  });
});
