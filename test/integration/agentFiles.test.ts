import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { imageMessageEvent, userSource } from '../fixtures/lineEvents';
import { checkPng } from '../support/checkPng';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

const PUBLIC_URL = 'https://support.example.test';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A LINE user id of the right shape, distinct per test. */
function lineUser(n: number): string {
  return `U${(0xf11e0 + n).toString(16).padStart(32, '0')}`;
}

interface UploadAnswer {
  readonly status: number;
  readonly json: { id?: string; url?: string; previewUrl?: string; contentType?: string; name?: string; size?: number; message?: string };
}

async function upload(h: HandoffHarness, agent: TestAgent, conversationId: string, bytes: Buffer, contentType: string, fileName?: string): Promise<UploadAnswer> {
  const response = await fetch(`${h.url}/api/agent/conversations/${conversationId}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agent.token}`, 'content-type': contentType, ...(fileName ? { 'x-file-name': encodeURIComponent(fileName) } : {}) },
    body: bytes,
  });
  return { status: response.status, json: (await response.json()) as UploadAnswer['json'] };
}

/** The path of a public media address, on this server. */
function mediaPath(url: string | undefined): string {
  assert.ok(url !== undefined && url.startsWith(`${PUBLIC_URL}/media/`), `a media address under PUBLIC_URL: ${url}`);
  return url.slice(PUBLIC_URL.length);
}

describe('agents send files to customers', () => {
  let h: HandoffHarness;
  let aiko: TestAgent;
  let ben: TestAgent;
  let visor: TestAgent;

  before(async () => {
    h = await HandoffHarness.start({ PUBLIC_URL });
    await h.admin('POST', '/api/admin/queues', { id: 'files-ja', name: 'Files', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'files-japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'files-ja', requiredSkills: [] });
    aiko = await h.createAgent('files-aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 3, queueIds: ['files-ja'] });
    ben = await h.createAgent('files-ben', { displayName: 'Ben', languages: ['ja'], capacity: 3, queueIds: ['files-ja'] });
    visor = await h.createAgent('files-visor', undefined, ['supervisor']);
  });
  after(async () => h.close());

  afterEach(async () => {
    await h.closeEverything([aiko, ben]);
  });

  /** A Japanese customer asks for a person and `agent` (the only one available) takes the conversation. */
  async function served(n: number, agent: TestAgent): Promise<{ userId: string; id: string }> {
    const userId = lineUser(n);
    h.server.fake.api.setProfile(userId, { displayName: `Customer ${n}`, language: 'ja' });
    await h.presence(agent, 'available');
    await h.say(userId, 'cmd:agent');
    const id = await h.conversationIdFor(agent, userId);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    return { userId, id };
  }

  it('sends a picture as a LINE image and a PDF as a link, both served from their public address', async () => {
    const { userId, id } = await served(1, aiko);
    const sending = await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}/file-sending`);
    assert.deepEqual(sending.json, { allowed: true, maxBytes: 10 * 1024 * 1024 });

    const png = checkPng(40, 30);
    const picture = await upload(h, aiko, id, png, 'image/png', '地図.png');
    assert.equal(picture.status, 201, JSON.stringify(picture.json));
    assert.equal(picture.json.contentType, 'image/png');
    assert.equal(picture.json.name, '地図.png');
    assert.equal(picture.json.size, png.length);
    const media = await fetch(`${h.url}${mediaPath(picture.json.url)}`);
    assert.equal(media.status, 200);
    assert.equal(media.headers.get('content-type'), 'image/png');
    assert.equal(media.headers.get('x-content-type-options'), 'nosniff');
    assert.match(media.headers.get('content-disposition') ?? '', /^inline; /);
    assert.deepEqual(Buffer.from(await media.arrayBuffer()), png);

    const pdfBytes = Buffer.from('%PDF-1.4\n%quote\n');
    const pdf = await upload(h, aiko, id, pdfBytes, 'application/octet-stream', '見積書.pdf');
    assert.equal(pdf.status, 201, JSON.stringify(pdf.json));
    assert.equal(pdf.json.contentType, 'application/pdf', 'typed by its extension when the browser says nothing specific');

    const sent = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'こちらをご覧ください', files: [picture.json.id, pdf.json.id], clientMessageId: 'files-1' });
    assert.equal(sent.status, 201, sent.text);
    const delivered = h.deliveredTo(userId).slice(-3).map((delivery) => delivery.message);
    assert.deepEqual(delivered, [
      { type: 'text', text: 'こちらをご覧ください' },
      { type: 'image', originalContentUrl: picture.json.url, previewImageUrl: picture.json.url },
      { type: 'text', text: `📎 見積書.pdf\n${pdf.json.url}` },
    ]);
    const download = await fetch(`${h.url}${mediaPath(pdf.json.url)}`);
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('見積書')}.pdf`);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdfBytes);

    const transcript = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}/transcript`)).json as { items: { attachments?: { contentUrl?: string }[] }[] };
    const logged = transcript.items.flatMap((activity) => activity.attachments ?? []).map((attachment) => attachment.contentUrl);
    assert.ok(logged.includes(picture.json.url) && logged.includes(pdf.json.url), 'the transcript keeps what was sent');
  });

  it('needs a preview for a picture over 1 MB, and sends it with the preview LINE shows', async () => {
    const { userId, id } = await served(2, aiko);
    const large = Buffer.concat([PNG_SIGNATURE, randomBytes(1_200_000)]);
    const picture = await upload(h, aiko, id, large, 'image/png', 'scan.png');
    assert.equal(picture.status, 201);
    const refused = await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { files: [picture.json.id] });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /over 1 MB and has no preview/);

    const small = checkPng(12, 12);
    const notPicture = await fetch(`${h.url}/api/agent/conversations/${id}/uploads/${picture.json.id}/preview`, { method: 'PUT', headers: { authorization: `Bearer ${aiko.token}`, 'content-type': 'image/gif' }, body: small });
    assert.equal(notPicture.status, 400, 'a GIF is no preview for LINE');
    const preview = await fetch(`${h.url}/api/agent/conversations/${id}/uploads/${picture.json.id}/preview`, { method: 'PUT', headers: { authorization: `Bearer ${aiko.token}`, 'content-type': 'image/png' }, body: small });
    assert.equal(preview.status, 200);
    const previewUrl = ((await preview.json()) as { previewUrl?: string }).previewUrl;
    assert.equal(previewUrl, `${picture.json.url}/preview`);
    assert.deepEqual(Buffer.from(await (await fetch(`${h.url}${mediaPath(previewUrl)}`)).arrayBuffer()), small);

    assert.equal((await h.call(aiko.token, 'POST', `/api/agent/conversations/${id}/messages`, { files: [picture.json.id] })).status, 201);
    assert.deepEqual(h.deliveredTo(userId).at(-1)?.message, { type: 'image', originalContentUrl: picture.json.url, previewImageUrl: previewUrl });
  });

  it('refuses what it must not keep or send, and keeps files to their conversation', async () => {
    const first = await served(3, aiko);
    const second = await served(4, aiko);
    const html = await upload(h, aiko, first.id, Buffer.from('<script>alert(1)</script>'), 'text/html', 'x.html');
    assert.equal(html.status, 415);
    const fake = await upload(h, aiko, first.id, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]), 'image/png', 'fake.png');
    assert.equal(fake.status, 400, 'JPEG bytes declared as PNG');
    const huge = await upload(h, aiko, first.id, Buffer.concat([PNG_SIGNATURE, Buffer.alloc(10 * 1024 * 1024)]), 'image/png', 'huge.png');
    assert.equal(huge.status, 413);

    const mine = await upload(h, aiko, first.id, checkPng(), 'image/png', 'a.png');
    assert.equal(mine.status, 201);
    const elsewhere = await h.call(aiko.token, 'POST', `/api/agent/conversations/${second.id}/messages`, { files: [mine.json.id] });
    assert.equal(elsewhere.status, 400, 'a file uploaded for another conversation');
    const unknown = await h.call(aiko.token, 'POST', `/api/agent/conversations/${first.id}/messages`, { files: ['A'.repeat(32)] });
    assert.equal(unknown.status, 400);
    const notServing = await upload(h, ben, first.id, checkPng(), 'image/png');
    assert.equal(notServing.status, 404, 'Ben does not serve this conversation');
    assert.equal((await fetch(`${h.url}/media/${'A'.repeat(32)}`)).status, 404);
    assert.equal((await fetch(`${h.url}/media/..%2Fetc`)).status, 404);
  });

  it('lets no file through when the workstream says agents send none', async () => {
    await h.admin('POST', '/api/admin/workstreams', { id: 'files-ws', name: 'No files', language: 'ja', surveyEnabled: false, allowCustomerAttachments: true, allowAgentAttachments: false });
    try {
      const { id } = await served(5, aiko);
      const sending = (await h.call(aiko.token, 'GET', `/api/agent/conversations/${id}/file-sending`)).json as { allowed: boolean; reason?: string };
      assert.equal(sending.allowed, false);
      assert.match(sending.reason ?? '', /does not let agents send files/);
      assert.equal((await upload(h, aiko, id, checkPng(), 'image/png')).status, 403);
    } finally {
      await h.admin('DELETE', '/api/admin/workstreams/files-ws');
    }
  });

  it('removes the files agents sent when the customer’s data is purged', async () => {
    const { userId, id } = await served(6, aiko);
    const picture = await upload(h, aiko, id, checkPng(), 'image/png');
    assert.equal((await fetch(`${h.url}${mediaPath(picture.json.url)}`)).status, 200);
    const purged = await h.admin('DELETE', `/api/admin/customers/${encodeURIComponent(`line:${userId}`)}`);
    assert.equal((purged.json as { deleted?: { agentFiles?: number } }).deleted?.agentFiles, 1);
    assert.equal((await fetch(`${h.url}${mediaPath(picture.json.url)}`)).status, 404);
  });

  it('shows supervisors the media customers sent, and only supervisors', async () => {
    const { userId, id } = await served(7, aiko);
    const event = imageMessageEvent({ source: userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(512, 7)]);
    h.server.fake.api.putContent(event.message.id, { contentType: 'image/jpeg', body: jpeg });
    await h.deliver(event);
    const path = `/api/supervisor/conversations/${id}/attachments/${event.message.id}`;
    const photo = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${visor.token}` } });
    assert.equal(photo.status, 200);
    assert.deepEqual(Buffer.from(await photo.arrayBuffer()), jpeg);
    assert.equal((await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${aiko.token}` } })).status, 403);
    assert.equal((await fetch(`${h.url}${path}`)).status, 401);
  });
});

describe('agents’ files without an HTTPS public address', () => {
  let h: HandoffHarness;

  before(async () => {
    h = await HandoffHarness.start();
  });
  after(async () => h.close());

  it('says LINE cannot fetch them, and keeps nothing', async () => {
    const agent = await h.createAgent('files-http', { displayName: 'Http', languages: ['ja', 'en'], capacity: 1, queueIds: ['general'] });
    const userId = lineUser(9);
    h.server.fake.api.setProfile(userId, { displayName: 'Customer', language: 'ja' });
    await h.presence(agent, 'available');
    await h.say(userId, 'cmd:agent');
    const id = await h.conversationIdFor(agent, userId);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    const sending = (await h.call(agent.token, 'GET', `/api/agent/conversations/${id}/file-sending`)).json as { allowed: boolean; reason?: string };
    assert.equal(sending.allowed, false);
    assert.match(sending.reason ?? '', /HTTPS.*PUBLIC_URL/);
    const refused = await upload(h, agent, id, checkPng(), 'image/png');
    assert.equal(refused.status, 409);
    assert.match(refused.json.message ?? '', /PUBLIC_URL/);
    await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
    await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
  });
});
