import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import restify, { type Server } from 'restify';
import { registerDashboardRoutes } from '../../src/http/dashboardRoutes';
import { closeHandoffEventStreams } from '../../src/http/handoffEventStream';
import { audioMessageEvent, fileMessageEvent, imageMessageEvent, locationMessageEvent, stickerMessageEvent, textMessageEvent, unsendEvent, userSource } from '../fixtures/lineEvents';
import { checkPng } from '../support/checkPng';
import { imageLoads, openPage, signIn, until, useDashboardBrowser, type DecodedImage } from '../support/dashboardBrowser';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { startTestServer, type TestServer } from '../support/testServer';

const ARTIFACTS = path.resolve('test-artifacts');

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xd000 + n).toString(16).padStart(32, '0')}`;
}

describe('dashboard in a real browser', function () {
  this.timeout(120_000);
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);

  describe('serving', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(async () => server.close());

    it('serves index.html for app routes and hashed assets with long cache, under a strict CSP', async () => {
      for (const route of ['/dashboard', '/dashboard/', '/dashboard/agent/conversations/abc', '/dashboard/admin/channels']) {
        const response = await fetch(`${server.app.url}${route}`);
        assert.equal(response.status, 200, route);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        const csp = response.headers.get('content-security-policy') ?? '';
        for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' https: data: blob:", "media-src 'self' blob:", "object-src 'none'", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), `${route}: ${directive} in ${csp}`);
        assert.ok(!csp.includes('unsafe-inline'));
        assert.ok(!csp.includes('unsafe-eval'));
        assert.ok(!/(script|connect|default)-src[^;]*blob:/.test(csp), 'blob: only for pictures and media');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        const html = await response.text();
        assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'no inline script');
        const asset = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
        assert.ok(asset, 'the page loads a hashed bundle');
        const script = await fetch(`${server.app.url}${asset}`);
        assert.equal(script.status, 200);
        assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
        assert.match(script.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
        assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
      }
      // Hashed text assets go gzipped to a client that takes it, as they are to one that does not.
      const bundle = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(await (await fetch(`${server.app.url}/dashboard`)).text())?.[1] ?? '';
      const plain = await fetch(`${server.app.url}${bundle}`, { headers: { 'accept-encoding': 'identity' } });
      const gzipped = await fetch(`${server.app.url}${bundle}`, { headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
      assert.equal(plain.headers.get('content-encoding'), null);
      assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
      assert.equal(gzipped.headers.get('vary'), 'accept-encoding');
      assert.ok(Number(gzipped.headers.get('content-length')) < Number(plain.headers.get('content-length')), 'smaller gzipped');
      assert.equal(await gzipped.text(), await plain.text(), 'the same script once decoded');
      const refused = await fetch(`${server.app.url}${bundle}`, { headers: { 'accept-encoding': 'gzip;q=0' } });
      assert.equal(refused.headers.get('content-encoding'), null, 'q=0 refuses gzip');
      await refused.arrayBuffer();
      for (const missing of ['/dashboard/assets/nothing-here.js', '/dashboard/assets/..%2F..%2Fpackage.json', '/dashboard/assets/.hidden.js']) {
        assert.equal((await fetch(`${server.app.url}${missing}`)).status, 404, missing);
      }
    });

    it('serves the web app manifest and its icons with their content types, under the same CSP', async () => {
      const html = await (await fetch(`${server.app.url}/dashboard`)).text();
      assert.match(html, /<link rel="manifest" href="\/dashboard\/manifest\.webmanifest"/);
      assert.match(html, /<meta name="theme-color" content="#[0-9a-f]{6}"/);
      const response = await fetch(`${server.app.url}/dashboard/manifest.webmanifest`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/manifest\+json/);
      assert.ok((response.headers.get('content-security-policy') ?? '').includes("default-src 'self'"));
      const manifest = (await response.json()) as { start_url: string; scope: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
      assert.equal(manifest.start_url, '/dashboard/');
      assert.equal(manifest.scope, '/dashboard/');
      assert.equal(manifest.display, 'standalone');
      assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
      assert.ok(manifest.icons.some((icon) => icon.type === 'image/png' && icon.sizes === '512x512'), 'a 512 px PNG icon');
      for (const icon of manifest.icons) {
        const answer = await fetch(`${server.app.url}${icon.src}`);
        assert.equal(answer.status, 200, icon.src);
        assert.equal(answer.headers.get('content-type'), icon.type, icon.src);
        const body = Buffer.from(await answer.arrayBuffer());
        if (icon.type === 'image/png') {
          // The PNG's own header says the size the manifest promises.
          assert.equal(body.subarray(1, 4).toString('latin1'), 'PNG', icon.src);
          assert.equal(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.sizes, icon.src);
        } else assert.match(body.toString('utf8'), /^<svg /, icon.src);
      }
    });

    it('answers a clear 503 page when the dashboard was not built', async () => {
      const empty = mkdtempSync(path.join(tmpdir(), 'dashboard-missing-'));
      const bare: Server = restify.createServer();
      registerDashboardRoutes(bare, { directory: path.join(empty, 'dashboard') });
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      try {
        const address = bare.address() as { port: number };
        const response = await fetch(`http://127.0.0.1:${address.port}/dashboard/agent`);
        assert.equal(response.status, 503);
        assert.match(await response.text(), /npm run build:dashboard/);
        assert.ok(response.headers.get('content-security-policy'));
      } finally {
        await new Promise<void>((resolve) => bare.close(() => resolve()));
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('agents serving a LINE customer', () => {
    let h: HandoffHarness;
    let aiko: TestAgent;
    let ben: TestAgent;

    before(async () => {
      h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
      await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/queues', { id: 'ja-billing', name: '請求', languages: ['ja'], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
      aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2, queueIds: ['ja-support'] });
      ben = await h.createAgent('ben', { displayName: 'Ben', languages: ['ja'], capacity: 1, queueIds: ['ja-billing'] });
    });
    after(async () => h?.close());

    it('offers, accepts, relays both ways, transfers, and another agent ends and closes', async () => {
      const { context, page } = await openPage(browser(), problems);
      try {
        // The server's own message for bad credentials.
        await page.goto(`${h.url}/dashboard`);
        await page.getByLabel('Username').fill('aiko');
        await page.getByLabel('Password').fill('not-the-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').filter({ hasText: 'invalid username or password' }).waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-login-error.png') });

        await signIn(page, h.url, 'aiko', 'aiko-password-1');
        assert.equal(await page.getByRole('link', { name: 'Conversations' }).count(), 1);
        assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0, 'an agent sees no admin section');
        assert.equal(await page.getByRole('link', { name: 'Supervisor' }).count(), 0);
        // The token never lands in the URL or a cookie.
        assert.deepEqual(await context.cookies(), []);
        await page.getByRole('radio', { name: 'Available' }).check();
        await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
        await page.locator('.live-open').waitFor();

        // A LINE customer asks for a person: the offer shows up live, with the customer's name.
        const userId = lineUser(1);
        h.server.fake.api.setProfile(userId, { displayName: 'Kenji', language: 'ja' });
        await h.say(userId, 'cmd:agent');
        const offer = page.getByRole('article', { name: 'Offer: Kenji' });
        await offer.waitFor();
        await offer.getByRole('timer').waitFor();
        assert.match((await offer.textContent()) ?? '', /Japanese \(ja\)/);
        assert.match((await offer.textContent()) ?? '', /サポート/);
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-offer.png') });
        await offer.getByRole('button', { name: 'Accept' }).click();
        await page.getByRole('heading', { name: 'Kenji', level: 2 }).first().waitFor();
        await page.getByRole('textbox', { name: 'Message to Kenji' }).waitFor();
        const transcript = page.getByRole('list', { name: 'Conversation with Kenji' });
        await transcript.getByText('Handed over to a person', { exact: false }).waitFor();
        // The header's load follows the accept at once (no reload), as the API says.
        assert.equal((await h.call(aiko.token, 'GET', '/api/agent/presence')).json.load, 1);
        await page.locator('fieldset.presence').getByText('(load 1 of', { exact: false }).waitFor();

        // The customer writes: the text appears live.
        await h.say(userId, '請求書の宛名を変更したいです');
        await transcript.getByText('請求書の宛名を変更したいです').waitFor();

        // The agent answers from the compose box (Enter sends); LINE receives it once.
        const reply = 'かしこまりました。確認いたします。';
        await page.getByRole('textbox', { name: 'Message to Kenji' }).fill(reply);
        await page.getByRole('textbox', { name: 'Message to Kenji' }).press('Enter');
        await until('the customer got the reply', () => h.textsTo(userId).includes(reply));
        await transcript.locator('.msg-agent').filter({ hasText: reply }).first().waitFor();
        await until('the reply is shown once', async () => (await transcript.locator('.msg-agent').filter({ hasText: reply }).count()) === 1);
        // The echo (matched to the send by its clientMessageId) names the agent.
        await transcript.locator('.msg-agent').filter({ hasText: reply }).getByText('Aiko (you)').waitFor();
        assert.equal(await transcript.locator('.msg-sending, .msg-sent, .msg-failed').count(), 0, 'no pending copy left beside the echo');
        assert.equal(await page.getByRole('textbox', { name: 'Message to Kenji' }).inputValue(), '');
        assert.equal(h.textsTo(userId).filter((text) => text === reply).length, 1);
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-conversation.png') });

        // Transfer to the billing queue with a note; Escape closes the dialog first, to prove it does.
        await page.getByRole('button', { name: 'Transfer…' }).click();
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
        await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
        await page.getByRole('button', { name: 'Transfer…' }).click();
        // Queues and agents are listed by name (the directory); Ben is offline, so he cannot be chosen yet.
        const queueSelect = page.getByLabel('Queue', { exact: true });
        const agentSelect = page.getByLabel('Agent (optional)');
        await agentSelect.locator('option', { hasText: 'Ben' }).waitFor({ state: 'attached' });
        assert.deepEqual((await queueSelect.locator('option').allTextContents()).sort(), ['General', 'Same queue', '請求'], 'the other queues, by name');
        assert.deepEqual(await agentSelect.locator('option').allTextContents(), ['Anyone in the queue', 'Ben — Offline']);
        assert.equal(await agentSelect.locator('option', { hasText: 'Ben' }).isDisabled(), true);
        await queueSelect.selectOption({ label: '請求' });
        await page.getByLabel('Note for the next agent').fill('請求の件です');
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-transfer.png') });
        await page.getByRole('dialog').getByRole('button', { name: 'Transfer' }).click();
        await page.getByRole('heading', { name: 'No conversation open' }).waitFor();
        await h.settle();
        const id = String(((await h.admin('GET', '/api/supervisor/overview')).json.conversations as { id: string; queue: { id: string } }[])[0]?.id);
        assert.equal(((await h.admin('GET', '/api/supervisor/overview')).json.conversations as { queue: { id: string } }[])[0]?.queue.id, 'ja-billing');

        // Ben, in another browser session, takes it over and ends it; wrap-up, then close.
        const second = await openPage(browser(), problems);
        try {
          const benPage = second.page;
          await signIn(benPage, h.url, 'ben', 'ben-password-1');
          // Waiting in a push queue: offered in turn, never picked, so no Accept beside it.
          const waitingRow = benPage.locator('.waiting-row').filter({ hasText: 'Kenji' });
          await waitingRow.waitFor();
          assert.equal(await waitingRow.getByRole('button').count(), 0);
          await benPage.getByRole('radio', { name: 'Available' }).check();
          const benOffer = benPage.getByRole('article', { name: 'Offer: Kenji' });
          await benOffer.waitFor();
          assert.match((await benOffer.textContent()) ?? '', /請求の件です/);
          await benOffer.getByRole('button', { name: 'Accept' }).click();
          await benPage.getByRole('textbox', { name: 'Message to Kenji' }).waitFor();
          // The whole transcript, Aiko's reply included, labelled with her name.
          await benPage.locator('.msg-agent').filter({ hasText: reply }).getByText('Aiko').waitFor();
          await benPage.locator('.customer-panel').getByText('請求の件です').waitFor();
          await benPage.getByRole('button', { name: 'End', exact: true }).click();
          await benPage.getByRole('dialog').getByRole('button', { name: 'End conversation' }).click();
          await benPage.getByRole('button', { name: 'Close (wrap-up done)' }).waitFor();
          await benPage.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-wrap-up.png') });
          assert.equal((await h.call(ben.token, 'GET', `/api/agent/conversations/${id}`)).json.state, 'wrapUp');
          await benPage.getByRole('button', { name: 'Close (wrap-up done)' }).click();
          await benPage.getByRole('heading', { name: 'No conversation open' }).waitFor();
          await until('the conversation is closed', async () => ((await h.admin('GET', '/api/supervisor/overview')).json.conversations as unknown[]).length === 0);
        } finally {
          await second.context.close();
        }
      } finally {
        await context.close();
      }
    });

    it('shows customer text containing HTML as text, stickers, locations and photos, and links a new contact', async () => {
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, h.url, 'aiko', 'aiko-password-1');
        await page.getByRole('radio', { name: 'Available' }).check();
        await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
        const userId = lineUser(2);
        const name = '<b>Mallory</b>';
        const html = '<img src=x onerror=alert(1)>';
        h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
        await h.say(userId, 'cmd:agent');
        const offer = page.getByRole('article', { name: `Offer: ${name}` });
        await offer.waitFor();
        await offer.getByRole('button', { name: 'Accept' }).click();
        const transcript = page.getByRole('list', { name: `Conversation with ${name}` });
        await transcript.waitFor();
        await h.say(userId, html);
        await transcript.getByText(html, { exact: true }).first().waitFor();
        assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the text');
        assert.equal(await page.locator('b', { hasText: 'Mallory' }).count(), 0);

        // The customer unsends a message: it leaves the screen at once, a marker stays.
        const secret = 'カード番号 4111 1111 1111 1111';
        const sent = textMessageEvent({ source: userSource(userId), message: { text: secret }, replyToken: h.server.fake.api.issueReplyToken(userId) });
        await h.deliver(sent);
        await transcript.getByText(secret).waitFor();
        await h.deliver(unsendEvent({ source: userSource(userId), unsend: { messageId: sent.message.id } }));
        await transcript.getByText('Message unsent').waitFor();
        await until('the unsent text left the screen', async () => (await transcript.getByText(secret).count()) === 0);
        await page.reload();
        await transcript.getByText('Message unsent').waitFor();
        assert.equal(await transcript.getByText(secret).count(), 0, 'not back after a reload');

        // A sticker is shown as its picture, a location as a map link, a photo LINE keeps as a note.
        const replyToken = (): string => h.server.fake.api.issueReplyToken(userId);
        await h.deliver(stickerMessageEvent({ source: userSource(userId), replyToken: replyToken() }));
        await transcript.locator('img.sticker[alt="Sticker 446/1988"]').waitFor();
        assert.match((await transcript.locator('img.sticker').getAttribute('src')) ?? '', /^https:\/\/stickershop\.line-scdn\.net\//);
        await h.deliver(locationMessageEvent({ source: userSource(userId), replyToken: replyToken() }));
        const map = transcript.getByRole('link', { name: /Location: my location/ });
        await map.waitFor();
        assert.match((await map.getAttribute('href')) ?? '', /^https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=35\.67966,139\.73669$/);
        // A photo whose content LINE no longer has: named, and said not to be kept.
        await h.deliver(imageMessageEvent({ source: userSource(userId), replyToken: replyToken() }));
        await transcript.getByText(/Photo: .*\.jpg/).waitFor();

        // A photo the server kept: shown as a picture from the server's copy, through a blob: URL (no token in it).
        const photo = imageMessageEvent({ source: userSource(userId), replyToken: replyToken() });
        const png = checkPng();
        h.server.fake.api.putContent(photo.message.id, { contentType: 'image/png', body: png });
        const mediaRequests: { url: string; authorization: string | undefined }[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/attachments/')) mediaRequests.push({ url: request.url(), authorization: request.headers().authorization });
        });
        await h.deliver(photo);
        const picture = transcript.locator('img.image');
        await picture.waitFor();
        await until('the photo is decoded', async () => (await picture.evaluate((image) => (image as unknown as DecodedImage).naturalWidth)) > 0);
        assert.deepEqual(await picture.evaluate((image) => [(image as unknown as DecodedImage).naturalWidth, (image as unknown as DecodedImage).naturalHeight]), [24, 16]);
        assert.match((await picture.getAttribute('src')) ?? '', /^blob:/);
        // The earlier photo, not kept, may be asked for again meanwhile (the screen retries a 404 after 1, 2, 4 and 8 s).
        assert.ok(mediaRequests.some((request) => request.url.endsWith(`/attachments/${photo.message.id}`)), JSON.stringify(mediaRequests));
        for (const request of mediaRequests) {
          assert.equal(new URL(request.url).search, '', 'no token in the URL');
          assert.match(request.authorization ?? '', /^Bearer /);
        }
        // Clicking it shows it larger, with a download under the stored name.
        await picture.click();
        const zoom = page.getByRole('dialog', { name: 'Photo from the customer' });
        await zoom.getByRole('img').waitFor();
        // LINE names every photo `….jpg`; the server found a PNG, and the download is named so.
        await zoom.getByRole('link', { name: `Download ${photo.message.id}.png` }).waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-photo-zoom.png') });
        await page.keyboard.press('Escape');
        await until('the photo dialog closed', async () => (await zoom.count()) === 0);

        // A file: a download button that fetches it with the header and saves it under the customer's file name.
        const file = fileMessageEvent({ source: userSource(userId), replyToken: replyToken() });
        const pdf = Buffer.from('%PDF-1.4\n% invoice\n%%EOF\n');
        h.server.fake.api.putContent(file.message.id, { contentType: 'application/pdf', body: pdf });
        await h.deliver(file);
        const downloadButton = transcript.getByRole('button', { name: /^Download invoice-2024-11\.pdf/ });
        await downloadButton.waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
        assert.equal(download.suggestedFilename(), 'invoice-2024-11.pdf');
        const saved = await download.path();
        assert.deepEqual(readFileSync(saved), pdf);

        // A voice message: a player on a blob: URL (the page's CSP allows blob: media, nothing more).
        const voice = audioMessageEvent({ source: userSource(userId), replyToken: replyToken() });
        h.server.fake.api.putContent(voice.message.id, { contentType: 'audio/m4a', body: Buffer.alloc(512, 1) });
        await h.deliver(voice);
        const player = transcript.getByLabel(/^Voice message: /);
        await player.waitFor();
        assert.match((await player.getAttribute('src')) ?? '', /^blob:/);
        await transcript.getByRole('link', { name: `Download ${voice.message.id}.m4a` }).waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-html-as-text.png') });

        // The serving agent creates a contact for the customer and links it.
        await page.getByLabel('Find a contact').fill('nobody');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByText('No contact found.').waitFor();
        await page.getByRole('button', { name: 'New contact…' }).click();
        await page.getByLabel('Email').fill('mallory@example.com');
        await page.getByRole('button', { name: 'Create and link' }).click();
        await page.locator('.contact-card').getByText('mallory@example.com').waitFor();
        const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
        const linked = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}`)).json.customer as { contactId?: string };
        assert.match(linked.contactId ?? '', /^c_/);

        // Opened again, the panel reads the linked contact by its id and shows who it is (the name as text).
        await page.reload();
        const card = page.locator('.customer-panel .contact-card');
        await card.waitFor();
        await card.getByText(name, { exact: true }).waitFor();
        await card.getByText('mallory@example.com').waitFor();
        assert.equal(await page.locator('.customer-panel').getByText(linked.contactId ?? '').count(), 0, 'the name, not the bare id');
        // The kept photo is fetched again for the reopened page.
        await until('the photo is shown again', async () => (await transcript.locator('img.image').evaluate((image) => (image as unknown as DecodedImage).naturalWidth).catch(() => 0)) > 0);
        const shownUrl = (await transcript.locator('img.image').getAttribute('src')) ?? '';
        assert.equal(await imageLoads(page, shownUrl), true, 'the object URL works while the conversation is open');
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-contact-linked.png') });

        await page.getByRole('button', { name: 'End', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'End conversation' }).click();
        await page.getByRole('button', { name: 'Close (wrap-up done)' }).click();
        await page.getByRole('heading', { name: 'No conversation open' }).waitFor();
        // The conversation view went away: its object URLs are revoked (in the view's cleanup, which may run a moment
        // after the next view shows), so the photo's bytes are gone from the page.
        await until('the object URL was revoked', async () => !(await imageLoads(page, shownUrl)));
      } finally {
        await context.close();
      }
    });

    it('lets an agent pick a waiting conversation from a pick queue', async () => {
      await h.admin('POST', '/api/admin/queues', { id: 'en-pick', name: 'English desk', languages: ['en'], priority: 1, distribution: 'pick' });
      await h.admin('POST', '/api/admin/routing-rules', { id: 'english', name: 'English', order: 5, when: { languages: ['en'] }, queueId: 'en-pick', requiredSkills: [] });
      await h.createAgent('cara', { displayName: 'Cara', languages: ['en'], capacity: 2, queueIds: ['en-pick'] });
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, h.url, 'cara', 'cara-password-1');
        await page.getByRole('radio', { name: 'Available' }).check();
        const userId = lineUser(5);
        h.server.fake.api.setProfile(userId, { displayName: 'Emma', language: 'en' });
        await h.say(userId, 'cmd:agent');
        const row = page.locator('.waiting-row').filter({ hasText: 'Emma' });
        await row.waitFor();
        assert.equal(await page.getByRole('article', { name: 'Offer: Emma' }).count(), 0, 'pick queues offer nothing');
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-pick.png') });
        await row.getByRole('button', { name: 'Accept Emma' }).click();
        await page.getByRole('textbox', { name: 'Message to Emma' }).waitFor();
        await page.getByRole('button', { name: 'End', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'End conversation' }).click();
        await page.getByRole('button', { name: 'Close (wrap-up done)' }).click();
        await page.getByRole('heading', { name: 'No conversation open' }).waitFor();
      } finally {
        await context.close();
      }
    });

    it('inserts a canned response of the customer\'s language with /tag, sends it, and lists past conversations', async () => {
      const refund = { id: 'refund-ja', title: '返金のご案内', text: '返金は5営業日以内にお手続きいたします。', language: 'ja', tags: ['refund', 'billing'] };
      await h.admin('POST', '/api/admin/canned-responses', refund);
      await h.admin('POST', '/api/admin/canned-responses', { id: 'refund-en', title: 'Refund (English)', text: 'Refunds take five business days.', language: 'en', tags: ['refund'] });
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, h.url, 'aiko', 'aiko-password-1');
        await page.getByRole('radio', { name: 'Available' }).check();
        await until('Aiko is available', async () => (await h.call(aiko.token, 'GET', '/api/agent/presence')).json.presence === 'available');
        const userId = lineUser(7);
        h.server.fake.api.setProfile(userId, { displayName: 'Haruka', language: 'ja' });
        await h.say(userId, 'cmd:agent');
        const offer = page.getByRole('article', { name: 'Offer: Haruka' });
        await offer.waitFor();
        await offer.getByRole('button', { name: 'Accept' }).click();
        const compose = page.getByRole('textbox', { name: 'Message to Haruka' });
        await compose.waitFor();

        // `/` opens the list; Escape closes it and leaves the text alone.
        const list = page.getByRole('listbox', { name: 'Canned responses' });
        await compose.pressSequentially('/');
        await list.waitFor();
        await compose.press('Escape');
        await list.waitFor({ state: 'detached' });
        assert.equal(await compose.inputValue(), '/');
        await compose.fill('');

        // `/refund`: only the Japanese response (the customer's language), with its title and tags; Enter inserts it.
        await compose.pressSequentially('/refund');
        const option = list.getByRole('option').filter({ hasText: refund.title });
        await option.waitFor();
        await until('only the Japanese response is offered', async () => (await list.getByRole('option').count()) === 1);
        assert.match((await option.textContent()) ?? '', /#refund/);
        assert.match((await option.textContent()) ?? '', /#billing/);
        assert.equal(await option.getAttribute('aria-selected'), 'true');
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-canned.png') });
        await compose.press('Enter');
        await list.waitFor({ state: 'detached' });
        assert.equal(await compose.inputValue(), refund.text, 'the /query is replaced by the response');
        assert.equal(h.textsTo(userId).includes(refund.text), false, 'inserting does not send');
        await compose.press('Enter');
        await until('the customer got the canned response', () => h.textsTo(userId).includes(refund.text));
        assert.equal(await compose.inputValue(), '');

        // The button opens the same list with its own search field; `#tag` searches tags.
        await page.getByRole('button', { name: 'Canned responses' }).click();
        const search = page.getByRole('combobox', { name: 'Search canned responses' });
        await search.fill('#billing');
        await until('the search found it', async () => (await list.getByRole('option').filter({ hasText: refund.title }).count()) === 1 && (await list.getByRole('option').count()) === 1);
        await search.press('ArrowDown');
        await search.press('Enter');
        await until('the response was inserted', async () => (await compose.inputValue()) === refund.text);
        assert.equal(await search.count(), 0);
        await compose.fill('');

        // The customer panel lists the customer's conversations, this one marked.
        const history = page.locator('.customer-panel').getByRole('list', { name: 'Past conversations' });
        const currentItem = history.locator('li[aria-current="true"]');
        await currentItem.waitFor();
        assert.match((await currentItem.textContent()) ?? '', /LINE/);
        assert.match((await currentItem.textContent()) ?? '', /this conversation/);
        assert.match((await currentItem.textContent()) ?? '', /\d+ messages?/);
        assert.match((await currentItem.textContent()) ?? '', /Assigned/);
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-agent-history.png') });

        await page.getByRole('button', { name: 'End', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'End conversation' }).click();
        await page.getByRole('button', { name: 'Close (wrap-up done)' }).click();
        await page.getByRole('heading', { name: 'No conversation open' }).waitFor();
      } finally {
        await context.close();
      }
    });
  });

  describe('a supervisor watching the queues', () => {
    let h: HandoffHarness;

    before(async () => {
      h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' });
      await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'Japanese support', languages: ['ja'], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
      await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 1, queueIds: ['ja-support'] });
      await h.createAgent('sue', undefined, ['supervisor']);
    });
    after(async () => h?.close());

    it("sees a queue's waiting count change live when a customer escalates, and assigns the conversation", async () => {
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, h.url, 'sue', 'sue-password-1');
        await page.waitForURL(/\/dashboard\/supervisor$/);
        assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0, 'a supervisor sees no admin section');
        const waiting = page.locator('tr[data-queue-id="ja-support"] .queue-waiting');
        await until('the queue shows 0 waiting', async () => (await waiting.textContent()) === '0');
        await page.locator('.live-open').waitFor();

        const userId = lineUser(3);
        h.server.fake.api.setProfile(userId, { displayName: 'Somchai', language: 'ja' });
        await h.say(userId, 'cmd:agent');
        await until('the queue shows 1 waiting', async () => (await waiting.textContent()) === '1');
        const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Somchai' }) });
        await row.waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-supervisor-overview.png') });

        // Force-assign to Aiko (offline): the queue empties live.
        await row.getByRole('button', { name: 'Assign…' }).click();
        await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Aiko — Offline, 0/1' });
        await page.getByRole('dialog').getByRole('button', { name: 'Assign' }).click();
        await until('the queue shows 0 waiting again', async () => (await waiting.textContent()) === '0');
        await row.getByText('Assigned').waitFor();
        await row.getByRole('button', { name: 'Close' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Close conversation' }).click();
        await row.getByText('Wrap-up', { exact: true }).waitFor();

        // The stream drops: the page reconnects and reads the overview again, so a request made meanwhile shows up.
        closeHandoffEventStreams(h.server.app.server);
        const later = lineUser(4);
        h.server.fake.api.setProfile(later, { displayName: 'Lek', language: 'ja' });
        await h.say(later, 'cmd:agent');
        await until('the queue shows 1 waiting after the reconnection', async () => (await waiting.textContent()) === '1');
        await page.locator('.live-open').waitFor();
      } finally {
        await context.close();
      }
    });
  });

  describe('an admin adding a LINE account', () => {
    const adminKey = 'dashboard-admin-key-0123456789';
    const newToken = 'dashboard-channel-access-token-abcdefghijklmnopqrstuvwxyz';
    let server: TestServer;

    before(async () => {
      server = await startTestServer({ ADMIN_API_KEY: adminKey, PUBLIC_URL: 'https://support.example.com', ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123' }, [newToken]);
    });
    after(async () => server?.close());

    it('adds, edits and deletes a canned response', async () => {
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, server.app.url, 'root', 'root-password-123');
        await page.getByRole('link', { name: 'Canned responses' }).click();
        await page.getByRole('heading', { name: 'Canned responses' }).waitFor();
        await page.getByText('No canned response yet.').waitFor();
        await page.getByRole('button', { name: 'Add canned response' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add a canned response' });
        await dialog.getByLabel('Id').fill('greeting-ja');
        await dialog.getByLabel('Title').fill('ご挨拶');
        await dialog.getByLabel('Text').fill('お問い合わせありがとうございます。');
        await dialog.getByLabel('Language').selectOption('ja');
        await dialog.getByLabel('Tags (comma-separated words)').fill('Hello, #greeting');
        await dialog.getByRole('button', { name: 'Add canned response' }).click();
        const row = page.getByRole('row').filter({ hasText: 'ご挨拶' });
        await row.waitFor();
        assert.match((await row.textContent()) ?? '', /#hello #greeting/);
        assert.match((await row.textContent()) ?? '', /Japanese \(ja\)/);
        const stored = await fetch(`${server.app.url}/api/admin/canned-responses/greeting-ja`, { headers: { authorization: `Bearer ${adminKey}` } });
        assert.deepEqual(await stored.json(), { id: 'greeting-ja', title: 'ご挨拶', text: 'お問い合わせありがとうございます。', language: 'ja', tags: ['hello', 'greeting'] });

        await row.getByRole('button', { name: 'Edit ご挨拶' }).click();
        const edit = page.getByRole('dialog', { name: 'Edit ご挨拶' });
        await edit.getByLabel('Language').selectOption('');
        await edit.getByRole('button', { name: 'Save' }).click();
        await until('the language was cleared', async () => /Any/.test((await row.textContent()) ?? ''));
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-admin-canned.png') });

        await row.getByRole('button', { name: 'Delete ご挨拶' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete canned response' }).click();
        await page.getByText('No canned response yet.').waitFor();
      } finally {
        await context.close();
      }
    });

    it('adds an account, shows its callback URL and where each credential comes from, then disables and deletes it', async () => {
      const { context, page } = await openPage(browser(), problems);
      try {
        await signIn(page, server.app.url, 'root', 'root-password-123');
        await page.waitForURL(/\/dashboard\/admin$/);
        await page.getByRole('heading', { name: 'LINE accounts' }).waitFor();
        for (const section of ['Conversations', 'Supervisor', 'Admin']) assert.equal(await page.getByRole('link', { name: section, exact: true }).count(), section === 'Conversations' ? 0 : 1, section);

        await page.getByRole('button', { name: 'Add LINE account' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add a LINE account' });
        await dialog.getByText('Basic settings', { exact: true }).first().waitFor();
        await dialog.getByText('Messaging API', { exact: true }).first().waitFor();
        await dialog.getByLabel('Name (shown to agents)').fill('Acme Support');
        await dialog.getByLabel('Channel ID').fill('2001234567');
        await dialog.getByLabel('Channel secret').fill('fedcba9876543210fedcba9876543210');
        // A token LINE does not know: the server's message, the field marked.
        await dialog.getByLabel('Channel access token (long-lived)').fill('a-token-line-does-not-know-at-all');
        await dialog.getByRole('button', { name: 'Add account' }).click();
        await dialog.getByRole('alert').waitFor();
        assert.equal(await dialog.getByLabel('Channel access token (long-lived)').getAttribute('aria-invalid'), 'true');
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-admin-add-channel-error.png') });

        await dialog.getByLabel('Channel access token (long-lived)').fill(newToken);
        await dialog.getByRole('button', { name: 'Add account' }).click();
        const callback = page.getByLabel('Callback URL (Webhook URL)');
        await callback.waitFor();
        const url = await callback.inputValue();
        assert.match(url, /^https:\/\/support\.example\.com\/api\/line\/[a-z0-9-]+$/);
        await page.getByText('Use webhook').waitFor();
        const accounts = (await (await fetch(`${server.app.url}/api/admin/channels/line`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { items: { id: string; name: string; callbackUrl: string; enabled: boolean }[] };
        const added = accounts.items.find((account) => account.name === 'Acme Support');
        assert.ok(added);
        assert.equal(added.callbackUrl, url);
        const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Acme Support/ }) });
        await row.getByText('Enabled').waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-admin-channel-added.png') });

        await row.getByRole('button', { name: 'Disable' }).click();
        await row.getByText('Disabled').waitFor();
        await row.getByRole('button', { name: 'Delete…' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
        await until('the account is gone', async () => (await row.count()) === 0);
        assert.equal((await fetch(`${server.app.url}/api/admin/channels/line/${added.id}`, { headers: { authorization: `Bearer ${adminKey}` } })).status, 404);

        // Signing out forgets the session: a reload shows the sign-in form.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
        await page.reload();
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
      } finally {
        await context.close();
      }
    });
  });
});
