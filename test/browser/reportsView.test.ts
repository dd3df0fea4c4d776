import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import pino from 'pino';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import { wcagViolations } from '../support/axe';
import { openPage, signIn, useDashboardBrowser } from '../support/dashboardBrowser';
import { HandoffHarness } from '../support/handoffHarness';
import { parseCsv } from '../support/reportLedger';

const ARTIFACTS = path.resolve('test-artifacts');
const DAY = 86_400_000;

/** A finished, answered cycle `daysAgo` days before now, waited `waitSeconds`, rated `rating`. */
function cycle(n: number, daysAgo: number, waitSeconds: number, rating: number | undefined, comment?: string): HandoffCycleFact {
  const requestedAt = new Date(Date.now() - daysAgo * DAY - 60 * 60_000);
  const assignedAt = new Date(requestedAt.getTime() + waitSeconds * 1000);
  const endedAt = new Date(assignedAt.getTime() + 240_000);
  return {
    _id: `r${n}:1`, handoffId: `r${n}`, cycle: 1, channelId: 'line', conversationId: `default:user:U${String(n).padStart(32, '0')}`, customerId: `line:U${n}`,
    lineAccountId: 'default', language: n % 2 === 0 ? 'ja' : 'th', firstQueueId: 'support', queueId: 'support', agentId: 'agent-1', agentIds: ['agent-1'], state: 'closed',
    requestedAt, queuedAt: requestedAt, firstAssignedAt: assignedAt, assignedAt, endedAt, closedAt: endedAt, closeReason: 'agent', transfers: 0, recordVersion: 5,
    ...(rating === undefined ? {} : { rating, surveyAt: endedAt }), ...(comment ? { comment } : {}),
  };
}

describe('Reports in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start();
    await h.admin('POST', '/api/admin/queues', { id: 'support', name: 'サポート窓口', languages: ['ja', 'th'], priority: 5, distribution: 'push' });
    await h.createAgent('sara', undefined, ['supervisor']);
    const facts = await h.server.app.store.collection<HandoffCycleFact & Record<string, unknown>>(HANDOFF_CYCLES_COLLECTION);
    // Two within the last week (today and three days ago), one three weeks ago: only "last 30 days" shows all three.
    const seeded = [cycle(1, 0, 30, 5, 'とても丁寧でした, ありがとう'), cycle(2, 3, 90, 3), cycle(3, 20, 45, 4, 'ขอบคุณครับ')].map((fact) => ({ ...fact, digestPending: true as const }));
    await facts.insertManyIgnoringDuplicates(seeded as never);
    // Stored as if their report digest records were still to be written: the repair writes them, as on a live server.
    assert.equal(await (await HandoffCycleRepository.open(h.server.app.store, pino({ level: 'silent' }))).repairDigest(), 3);
  });
  after(async () => h?.close());

  it('a supervisor opens Reports, changes the period, reads the figures and downloads a table as CSV', async () => {
    const { context, page } = await openPage(browser(), problems);
    await signIn(page, h.url, 'sara', 'sara-password-1');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 2 }).waitFor();
    const totalRow = page.locator('tfoot tr');
    await totalRow.getByRole('cell').first().filter({ hasText: '2' }).waitFor();
    assert.equal((await totalRow.getByRole('cell').nth(0).textContent())?.trim(), '2', 'last 7 days: two requested');

    await page.getByRole('radio', { name: 'Last 30 days' }).check();
    await totalRow.getByRole('cell').first().filter({ hasText: '3' }).waitFor();
    assert.equal((await totalRow.getByRole('cell').nth(1).textContent())?.trim(), '3', 'answered');
    assert.equal((await totalRow.getByRole('cell').nth(3).textContent())?.trim(), '0:55', 'average wait of 30, 90 and 45 s');
    assert.ok(await page.locator('canvas[role="img"]').isVisible(), 'the chart is drawn');
    await page.getByText('3 answers, average 4.0 out of 5').waitFor();
    await page.getByRole('cell', { name: 'とても丁寧でした, ありがとう' }).waitFor();

    await page.getByRole('tab', { name: 'Queue' }).click();
    await page.getByRole('rowheader', { name: 'サポート窓口' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-laptop.png'), fullPage: true });
    assert.deepEqual(await wcagViolations(page), [], 'no WCAG failure on the Reports screen');
    await page.getByRole('heading', { name: 'Comments' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-laptop-csat.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV: Figures by queue' }).click()]);
    const file = await download.path();
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'with a byte order mark');
    const rows = parseCsv(bytes.toString('utf8'));
    assert.deepEqual(rows[0]?.slice(0, 3), ['queue', 'requested', 'answered']);
    const support = rows.find((row) => row[0] === 'support');
    assert.deepEqual(support?.slice(1, 5), ['3', '3', '0', '55']);

    const [comments] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV: Comments' }).click()]);
    const commentRows = parseCsv(await readFile(await comments.path(), 'utf8'));
    assert.ok(commentRows.some((row) => row[2] === 'とても丁寧でした, ありがとう'), 'the Japanese comment with a comma survives');
    await context.close();
  });

  it('fits a 390 px phone: the page does not scroll sideways, the tables scroll in their frame', async () => {
    const { context, page } = await openPage(browser(), problems, { viewport: { width: 390, height: 844 } });
    await signIn(page, h.url, 'sara', 'sara-password-1');
    await page.goto(`${h.url}/dashboard/reports`);
    await page.getByRole('radio', { name: 'Last 30 days' }).check();
    await page.locator('tfoot tr').getByRole('cell').first().filter({ hasText: '3' }).waitFor();
    const widths = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } } }).document.scrollingElement;
      return root.scrollWidth;
    });
    assert.ok(widths <= 390, `the page is ${widths} px wide`);
    const frame = page.locator('div.table-wrap[role="region"]').first();
    const [scrollWidth, clientWidth] = await frame.evaluate((element) => [element.scrollWidth, element.clientWidth]);
    assert.ok(scrollWidth > clientWidth, 'the figures table scrolls inside its frame');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-phone.png'), fullPage: true });
    assert.deepEqual(await wcagViolations(page), [], 'no WCAG failure on the phone');
    await context.close();
  });

  it('speaks the dashboard language: Thai labels, sentences and dates', async () => {
    const { context, page } = await openPage(browser(), problems, { locale: 'th-TH' });
    await signIn(page, h.url, 'sara', 'sara-password-1', { username: 'ชื่อผู้ใช้', password: 'รหัสผ่าน', signIn: 'เข้าสู่ระบบ', signOut: 'ออกจากระบบ' });
    await page.getByRole('link', { name: 'รายงาน' }).click();
    await page.getByRole('radio', { name: '30 วันที่ผ่านมา' }).check();
    await page.getByRole('heading', { name: 'ความพึงพอใจของลูกค้า' }).waitFor();
    await page.getByText('3 คำตอบ เฉลี่ย 4.0 จาก 5').waitFor();
    await page.getByRole('button', { name: 'ดาวน์โหลด CSV: ความคิดเห็น' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-thai.png'), fullPage: true });
    await context.close();
  });
});
