import assert from 'node:assert/strict';
import path from 'node:path';
import { imageMessageEvent, userSource } from '../fixtures/lineEvents';
import { checkPng } from '../support/checkPng';
import { openPage, signIn, until, useDashboardBrowser, type DecodedImage } from '../support/dashboardBrowser';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const ARTIFACTS = path.resolve('test-artifacts');
const PUBLIC_URL = 'https://support.example.test';

function lineUser(n: number): string {
  return `U${(0xe000 + n).toString(16).padStart(32, '0')}`;
}

/** Width and height of a PNG or baseline/progressive JPEG, read from its header. */
function pictureSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.subarray(1, 4).toString('latin1') === 'PNG') return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  let offset = 2;
  while (offset < bytes.length) {
    const marker = bytes[offset + 1] ?? 0;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  throw new Error('no picture size found');
}

describe('files in the dashboard, in a real browser', function () {
  this.timeout(120_000);
  let h: HandoffHarness;
  let aiko: TestAgent;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  before(async () => {
    h = await HandoffHarness.start({ PUBLIC_URL, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 2, queueIds: ['ja-support'] });
    await h.createAgent('sue', undefined, ['supervisor']);
  });
  after(async () => {
    await h?.close();
  });

  it('an agent sends a photo (with a preview LINE shows) and a PDF; the customer gets an image and a link', async () => {
    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'aiko', 'aiko-password-1');
      await page.getByRole('radio', { name: 'Available' }).check();
      await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
      const userId = lineUser(1);
      h.server.fake.api.setProfile(userId, { displayName: 'Haruto', language: 'ja' });
      await h.say(userId, 'cmd:agent');
      const offer = page.getByRole('article', { name: 'Offer: Haruto' });
      await offer.waitFor();
      await offer.getByRole('button', { name: 'Accept' }).click();
      const transcript = page.getByRole('list', { name: 'Conversation with Haruto' });
      await transcript.waitFor();

      const photo = checkPng(960, 640);
      const pdf = Buffer.from('%PDF-1.4\n% quote\n%%EOF\n');
      const attach = page.getByRole('button', { name: 'Attach files' });
      await until('file sending is known to be allowed', async () => (await attach.getAttribute('aria-disabled')) === 'false');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), attach.click()]);
      await chooser.setFiles([
        { name: '地図.png', mimeType: 'image/png', buffer: photo },
        { name: '見積書.pdf', mimeType: 'application/pdf', buffer: pdf },
      ]);
      const chosen = page.getByRole('list', { name: 'Files to send' });
      await chosen.getByText('地図.png').waitFor();
      await chosen.getByText('見積書.pdf').waitFor();
      // Over the limit: refused at once, with the reason, and the others stay.
      const [tooLarge] = await Promise.all([page.waitForEvent('filechooser'), attach.click()]);
      await tooLarge.setFiles([{ name: 'huge.zip', mimeType: 'application/zip', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) }]);
      await page.getByRole('status').filter({ hasText: 'huge.zip: larger than 10.0 MB.' }).waitFor();
      assert.equal(await chosen.getByRole('listitem').count(), 2);
      await page.getByLabel('Message to Haruto').fill('地図と見積書です');
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-files-chosen.png') });
      await page.getByLabel('Message to Haruto').press('Enter');

      await until('LINE got the text, the image and the link', () => h.deliveredTo(userId).filter((delivery) => delivery.via === 'push').length >= 3);
      const [text, image, link] = h.deliveredTo(userId).slice(-3).map((delivery) => delivery.message);
      assert.deepEqual(text, { type: 'text', text: '地図と見積書です' });
      assert.equal(image?.type, 'image');
      const { originalContentUrl, previewImageUrl } = image as { originalContentUrl: string; previewImageUrl: string };
      assert.match(originalContentUrl, new RegExp(`^${PUBLIC_URL}/media/[A-Za-z0-9_-]{32}$`));
      assert.equal(previewImageUrl, `${originalContentUrl}/preview`);
      assert.equal(link?.type, 'text');
      assert.match((link as { text: string }).text, new RegExp(`^📎 見積書\\.pdf\\n${PUBLIC_URL}/media/[A-Za-z0-9_-]{32}$`));

      // What LINE would fetch: the photo as sent, and a JPEG preview the browser drew at most 480 pixels wide.
      const original = Buffer.from(await (await fetch(`${h.url}${new URL(originalContentUrl).pathname}`)).arrayBuffer());
      assert.deepEqual(original, photo);
      const preview = Buffer.from(await (await fetch(`${h.url}${new URL(previewImageUrl).pathname}`)).arrayBuffer());
      assert.deepEqual([...preview.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
      assert.deepEqual(pictureSize(preview), { width: 480, height: 320 });

      // The agent's own message shows the photo from this server and the PDF as a link.
      const sentPicture = transcript.locator('img.image');
      await sentPicture.waitFor();
      await until('the sent photo is decoded', async () => (await sentPicture.evaluate((element) => (element as unknown as DecodedImage).naturalWidth)) > 0);
      assert.match((await sentPicture.getAttribute('src')) ?? '', /^\/media\/[A-Za-z0-9_-]{32}\/preview$/);
      const pdfLink = transcript.getByRole('link', { name: 'File: 見積書.pdf' });
      await pdfLink.waitFor();
      assert.match((await pdfLink.getAttribute('href')) ?? '', /^\/media\/[A-Za-z0-9_-]{32}$/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-files-sent.png') });
    } finally {
      await context.close();
    }
  });

  it('a supervisor sees the photo a customer sent in the transcript', async () => {
    const userId = lineUser(2);
    h.server.fake.api.setProfile(userId, { displayName: 'Yui', language: 'ja' });
    await h.say(userId, 'cmd:agent');
    const event = imageMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) });
    h.server.fake.api.putContent(event.message.id, { contentType: 'image/png', body: checkPng(30, 20) });
    await h.deliver(event);

    const { context, page } = await openPage(browser(), problems);
    try {
      await signIn(page, h.url, 'sue', 'sue-password-1');
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Yui' }) });
      await row.getByRole('button', { name: 'Transcript' }).click();
      const dialog = page.getByRole('dialog', { name: 'Transcript: Yui' });
      const picture = dialog.locator('img.image');
      await picture.waitFor();
      await until('the photo is decoded', async () => (await picture.evaluate((element) => (element as unknown as DecodedImage).naturalWidth)) > 0);
      assert.deepEqual(await picture.evaluate((element) => [(element as unknown as DecodedImage).naturalWidth, (element as unknown as DecodedImage).naturalHeight]), [30, 20]);
      assert.match((await picture.getAttribute('src')) ?? '', /^blob:/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-supervisor-transcript-photo.png') });
    } finally {
      await context.close();
    }
  });
});
