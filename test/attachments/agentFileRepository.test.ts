import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AgentFilePreviewError, AgentFileRepository } from '../../src/attachments/agentFileRepository.js';
import { AttachmentContentMismatchError } from '../../src/attachments/attachmentContentRules.js';
import { AttachmentTypeNotAllowedError } from '../../src/attachments/attachmentRepository.js';
import { BlobTooLargeError, type DocumentStore } from '../../src/storage/engine/documentStore.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(600)]);
const T0 = new Date('2026-11-20T09:00:00.000Z');

async function* chunks(bytes: Buffer, size = 100): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function bytesOf(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

describeEachBackend('AgentFileRepository', (backend) => {
  let store: DocumentStore;
  let files: AgentFileRepository;
  const owner = { handoffId: 'h1', customerId: 'line:U1', agentId: 'agent-1' };

  beforeEach(async () => {
    store = await backend.open();
    files = new AgentFileRepository(store, { maxBytes: 4096, now: () => T0 });
  });
  afterEach(async () => store.close());

  it('keeps a file under an unguessable id and gives its bytes back', async () => {
    const first = await files.store({ ...owner, contentType: 'image/png', fileName: 'dir/地図.png', content: chunks(PNG) });
    const second = await files.store({ ...owner, contentType: 'image/png', content: chunks(PNG) });
    assert.match(first.id, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(first.id, second.id);
    assert.deepEqual({ ...first, id: '', sha256: '' }, { id: '', ...owner, contentType: 'image/png', fileName: '地図.png', size: PNG.length, sha256: '', createdAt: T0, preview: undefined });
    const content = await files.content(first.id);
    assert.equal(content?.contentType, 'image/png');
    assert.deepEqual(await bytesOf(content!.body), PNG);
    assert.equal(await files.get('not-a-token'), undefined);
    assert.equal(await files.content(first.id, 'preview'), undefined, 'no preview yet');
  });

  it('refuses types off the list, images that are not what they say, and files over the limit, keeping nothing', async () => {
    await assert.rejects(files.store({ ...owner, contentType: 'text/html', content: chunks(Buffer.from('<p>')) }), AttachmentTypeNotAllowedError);
    await assert.rejects(files.store({ ...owner, contentType: 'image/jpeg', content: chunks(PNG) }), AttachmentContentMismatchError);
    await assert.rejects(files.store({ ...owner, contentType: 'application/pdf', content: chunks(Buffer.alloc(5000)) }), BlobTooLargeError);
    assert.equal(await files.purgeCustomer(owner.customerId), 0, 'nothing was kept');
  });

  it('keeps a preview only for a JPEG or PNG picture, and only a JPEG or PNG one', async () => {
    const picture = await files.store({ ...owner, contentType: 'image/png', content: chunks(PNG) });
    const pdf = await files.store({ ...owner, contentType: 'application/pdf', content: chunks(Buffer.from('%PDF')) });
    await assert.rejects(files.storePreview(pdf.id, 'image/png', chunks(PNG)), AgentFilePreviewError);
    await assert.rejects(files.storePreview(picture.id, 'image/gif', chunks(PNG)), AgentFilePreviewError);
    const withPreview = await files.storePreview(picture.id, 'image/png', chunks(PNG.subarray(0, 300)));
    assert.deepEqual(withPreview.preview, { contentType: 'image/png', size: 300 });
    assert.deepEqual((await files.get(picture.id))?.preview, { contentType: 'image/png', size: 300 });
    assert.deepEqual(await bytesOf((await files.content(picture.id, 'preview'))!.body), PNG.subarray(0, 300));
  });

  it('purges a customer’s files and previews, and no one else’s', async () => {
    const theirs = await files.store({ ...owner, contentType: 'image/png', content: chunks(PNG) });
    await files.storePreview(theirs.id, 'image/png', chunks(PNG));
    const others = await files.store({ ...owner, customerId: 'line:U2', contentType: 'image/png', content: chunks(PNG) });
    assert.equal(await files.purgeCustomer(owner.customerId), 1);
    assert.equal(await files.content(theirs.id), undefined);
    assert.equal(await store.blobs.get(`agent-file-${theirs.id}.preview`), undefined, 'the preview bytes are gone too');
    assert.ok(await files.content(others.id));
  });
});
