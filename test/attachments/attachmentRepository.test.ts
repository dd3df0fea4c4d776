import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { AttachmentContentMismatchError } from '../../src/attachments/attachmentContentRules.js';
import {
  AttachmentRepository,
  AttachmentTypeNotAllowedError,
  AttachmentValidationError,
  attachmentId,
  type NewAttachment,
} from '../../src/attachments/attachmentRepository.js';
import { BlobTooLargeError, type DocumentStore } from '../../src/storage/engine/documentStore.js';
import { USER_ID } from '../fixtures/lineEvents.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const CONVERSATION_ID = `default:user:${USER_ID}`;
const CUSTOMER_ID = `line:${USER_ID}`;
const T0 = new Date('2026-11-02T09:00:00.000Z');

/** Bytes that start like a JPEG file. */
function jpeg(size = 4096): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), randomBytes(size - 12)]);
}

/** Bytes that start like a PNG file. */
function png(size = 2048): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), randomBytes(size - 12)]);
}

/** A source of `bytes` in chunks of `chunkSize`, recording whether anyone read it. */
function source(bytes: Buffer, chunkSize = 1000): AsyncIterable<Uint8Array> & { readonly started: boolean } {
  const state = { started: false };
  return {
    get started() {
      return state.started;
    },
    async *[Symbol.asyncIterator]() {
      state.started = true;
      for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
    },
  };
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let nextMessage = 0;

/** A fresh LINE-like message id. */
function messageId(): string {
  nextMessage += 1;
  return (530470398177900000n + BigInt(nextMessage)).toString();
}

describeEachBackend('AttachmentRepository', (backend) => {
  let store: DocumentStore;
  let attachments: AttachmentRepository;

  beforeEach(async () => {
    store = await backend.open();
    attachments = new AttachmentRepository(store, { maxBytes: 64 * 1024, now: () => T0 });
  });

  afterEach(async () => {
    await store.close();
  });

  function input(overrides: Partial<NewAttachment> & Pick<NewAttachment, 'content'>): NewAttachment {
    return { accountId: 'default', conversationId: CONVERSATION_ID, customerId: CUSTOMER_ID, messageId: messageId(), contentType: 'image/jpeg', ...overrides };
  }

  it('stores content and gives it back with its metadata and SHA-256', async () => {
    const bytes = jpeg(10_000);
    const id = messageId();
    const metadata = await attachments.store(input({ messageId: id, contentType: 'image/jpeg', content: source(bytes, 7) }));
    assert.deepEqual(metadata, {
      id: `default-${id}`,
      channelId: 'line',
      accountId: 'default',
      conversationId: CONVERSATION_ID,
      customerId: CUSTOMER_ID,
      messageId: id,
      contentType: 'image/jpeg',
      fileName: undefined,
      size: 10_000,
      sha256: sha256(bytes),
      createdAt: T0,
    });
    assert.equal(metadata.id, attachmentId('default', id));

    const stored = await attachments.get(metadata.id);
    assert.ok(stored);
    assert.deepEqual(stored.metadata, metadata);
    assert.ok((await readAll(stored.body)).equals(bytes));
  });

  it('accepts the image signature split across tiny chunks and an odd header spelling', async () => {
    const bytes = png(100);
    const metadata = await attachments.store(input({ contentType: 'Image/PNG; charset=binary', content: source(bytes, 1) }));
    assert.equal(metadata.contentType, 'image/png');
    assert.equal(metadata.sha256, sha256(bytes));
  });

  it('refuses content larger than the limit and keeps nothing', async () => {
    const id = messageId();
    await assert.rejects(
      attachments.store(input({ messageId: id, contentType: 'application/pdf', content: source(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(70 * 1024)])) })),
      (error: unknown) => error instanceof BlobTooLargeError && error.code === 'blob_too_large' && error.maxBytes === 64 * 1024,
    );
    assert.equal(await attachments.getMetadata(attachmentId('default', id)), undefined);
    assert.equal(await store.blobs.get(attachmentId('default', id)), undefined);
    assert.deepEqual(await attachments.listByConversation(CONVERSATION_ID), []);
  });

  it('refuses a type that is not on the allowlist, without reading the content', async () => {
    for (const contentType of ['text/html', 'image/svg+xml', 'application/x-msdownload', 'application/javascript']) {
      const content = source(Buffer.from('<script>alert(1)</script>'));
      await assert.rejects(
        attachments.store(input({ contentType, content })),
        (error: unknown) => error instanceof AttachmentTypeNotAllowedError && error.code === 'attachment_type_not_allowed' && error.contentType === contentType,
      );
      assert.equal(content.started, false, contentType);
    }
    assert.deepEqual(await attachments.listByConversation(CONVERSATION_ID), []);
  });

  it('types generic content by the message, then by a known file extension, and refuses the rest', async () => {
    const pdf = await attachments.store(input({ contentType: 'application/octet-stream', fileName: 'Invoice 2024-11.PDF', content: source(Buffer.from('%PDF-1.7\n...')) }));
    assert.equal(pdf.contentType, 'application/pdf');
    assert.equal(pdf.fileName, 'Invoice 2024-11.PDF');

    const voice = await attachments.store(input({ contentType: 'application/octet-stream', declaredContentType: 'audio/m4a', content: source(randomBytes(500)) }));
    assert.equal(voice.contentType, 'audio/m4a');

    for (const fileName of ['setup.exe', 'no-extension', undefined]) {
      await assert.rejects(
        attachments.store(input({ contentType: 'application/octet-stream', ...(fileName === undefined ? {} : { fileName }), content: source(randomBytes(100)) })),
        (error: unknown) => error instanceof AttachmentTypeNotAllowedError && error.contentType === 'application/octet-stream',
      );
    }
  });

  it('refuses an image whose bytes are not of its declared type, and keeps nothing', async () => {
    const id = messageId();
    await assert.rejects(
      attachments.store(input({ messageId: id, contentType: 'image/png', content: source(jpeg()) })),
      (error: unknown) => error instanceof AttachmentContentMismatchError && error.code === 'attachment_content_mismatch' && error.declaredType === 'image/png' && error.detectedType === 'image/jpeg',
    );
    await assert.rejects(
      attachments.store(input({ contentType: 'image/gif', content: source(Buffer.from('<html><body>not an image</body></html>')) })),
      (error: unknown) => error instanceof AttachmentContentMismatchError && error.detectedType === undefined,
    );
    await assert.rejects(attachments.store(input({ contentType: 'image/webp', content: source(Buffer.from('RIFF')) })), AttachmentContentMismatchError);
    await assert.rejects(attachments.store(input({ contentType: 'image/jpeg', content: source(Buffer.alloc(0)) })), AttachmentContentMismatchError);
    assert.equal(await attachments.getMetadata(attachmentId('default', id)), undefined);
    assert.equal(await store.blobs.get(attachmentId('default', id)), undefined);
    assert.deepEqual(await attachments.listByConversation(CONVERSATION_ID), []);
  });

  it('stores a message once', async () => {
    const id = messageId();
    const bytes = jpeg();
    const first = await attachments.store(input({ messageId: id, content: source(bytes) }));
    const again = source(jpeg());
    const second = await attachments.store(input({ messageId: id, content: again }));
    assert.deepEqual(second, first);
    assert.equal(again.started, false, 'the second copy is not downloaded');
    assert.equal((await attachments.listByConversation(CONVERSATION_ID)).length, 1);
    const stored = await attachments.get(first.id);
    assert.ok(stored && (await readAll(stored.body)).equals(bytes));
  });

  it('keeps only the base name of a file name', async () => {
    const metadata = await attachments.store(input({ contentType: 'text/plain', fileName: '../../etc/pass\u0000wd.txt', content: source(Buffer.from('hello')) }));
    assert.equal(metadata.fileName, 'passwd.txt');
  });

  it('names the invalid field', async () => {
    const cases: [Partial<NewAttachment>, string][] = [
      [{ messageId: '../../etc/passwd' }, 'messageId'],
      [{ accountId: 'Default Account' }, 'accountId'],
      [{ conversationId: '' }, 'conversationId'],
      [{ customerId: '' }, 'customerId'],
    ];
    for (const [overrides, field] of cases) {
      await assert.rejects(
        attachments.store(input({ ...overrides, content: source(jpeg()) })),
        (error: unknown) => error instanceof AttachmentValidationError && error.code === 'attachment_invalid' && error.field === field,
        field,
      );
    }
  });

  it('lists the attachments of one conversation, oldest first', async () => {
    const times = [new Date('2026-11-02T09:00:03Z'), new Date('2026-11-02T09:00:01Z'), new Date('2026-11-02T09:00:02Z')];
    const timed = times.map((at) => new AttachmentRepository(store, { now: () => at }));
    const ids: string[] = [];
    for (const repository of timed) ids.push((await repository.store(input({ content: source(jpeg(100)) }))).id);
    await attachments.store(input({ conversationId: 'default:group:Ca56f94637cc4347f90a25382909b24b9', content: source(jpeg(100)) }));

    const listed = await attachments.listByConversation(CONVERSATION_ID);
    assert.deepEqual(
      listed.map((metadata) => metadata.id),
      [ids[1], ids[2], ids[0]],
    );
    assert.equal((await attachments.listByConversation(CONVERSATION_ID, { limit: 2 })).length, 2);
  });

  it("purges a customer's attachments, metadata and bytes, and no one else's", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 3; i += 1) mine.push((await attachments.store(input({ content: source(jpeg(200)) }))).id);
    const theirs = await attachments.store(input({ customerId: 'line:U91eeaf62d9c4e27f0b6a83d15c7e40a2', content: source(jpeg(200)) }));

    assert.equal(await attachments.purgeCustomer(CUSTOMER_ID), 3);
    for (const id of mine) {
      assert.equal(await attachments.get(id), undefined);
      assert.equal(await store.blobs.get(id), undefined);
    }
    assert.ok(await attachments.get(theirs.id));
    assert.equal(await attachments.purgeCustomer(CUSTOMER_ID), 0);
  });

  it('uses the default 25 MB limit', () => {
    assert.equal(new AttachmentRepository(store).maxBytes, 25 * 1024 * 1024);
  });
});
