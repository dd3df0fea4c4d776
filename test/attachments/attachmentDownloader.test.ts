import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import type { Activity } from 'botbuilder';
import { LineApiError } from '../../adapters/line/lineApiError.js';
import { lineEventToActivity } from '../../adapters/line/lineEventToActivity.js';
import { AttachmentDownloader, type AttachmentDownloaderLogger, type FetchedContent } from '../../src/attachments/attachmentDownloader.js';
import { AttachmentRepository } from '../../src/attachments/attachmentRepository.js';
import type { DocumentStore } from '../../src/storage/engine/documentStore.js';
import * as fixtures from '../fixtures/lineEvents.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const FAST_RETRIES = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** The activity the LINE adapter makes of `event`, on account `default`. */
function activityOf(event: webhook.Event): Partial<Activity> {
  const activity = lineEventToActivity(event, {
    accountId: 'default',
    destination: fixtures.BOT_USER_ID,
    dataApiBaseUrl: 'https://api-data.line.me',
    serviceUrl: 'https://bot.example.com/api/line/default',
  });
  assert.ok(activity, 'the fixture maps to an activity');
  return activity;
}

function jpeg(size = 3000): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), randomBytes(size - 4)]);
}

async function* chunksOf(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += 512) yield bytes.subarray(offset, offset + 512);
}

/** A body that delivers some bytes, then fails as a dropped connection does. */
async function* cutShort(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes.subarray(0, 512);
  throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}

type Step = (accountId: string, messageId: string) => Promise<FetchedContent>;

/** A fetchContent that plays `steps` in order (the last one repeats) and records its calls. */
function scriptedFetch(...steps: Step[]): { fetch: Step; calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    fetch: async (accountId, messageId) => {
      calls.push([accountId, messageId]);
      const step = steps[Math.min(calls.length, steps.length) - 1];
      assert.ok(step);
      return step(accountId, messageId);
    },
  };
}

function recordingLogger(): AttachmentDownloaderLogger & { entries: { level: string; message: string; fields: object }[] } {
  const entries: { level: string; message: string; fields: object }[] = [];
  const record = (level: string) => (fields: object, message: string) => entries.push({ level, message, fields });
  return { entries, debug: record('debug'), warn: record('warn'), error: record('error') };
}

describeEachBackend('AttachmentDownloader', (backend) => {
  let store: DocumentStore;
  let repository: AttachmentRepository;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    store = await backend.open();
    repository = new AttachmentRepository(store, { maxBytes: 32 * 1024 });
    logger = recordingLogger();
  });

  afterEach(async () => {
    await store.close();
  });

  function downloader(fetch: Step): AttachmentDownloader {
    return new AttachmentDownloader({ fetchContent: fetch, repository, logger, retryPolicy: FAST_RETRIES });
  }

  it('stores the image of a LINE message event', async () => {
    const bytes = jpeg();
    const event = fixtures.imageMessageEvent();
    const { fetch, calls } = scriptedFetch(async () => ({ contentType: 'image/jpeg', contentLength: bytes.length, body: chunksOf(bytes) }));

    const metadata = await downloader(fetch).downloadFromActivity(activityOf(event));
    assert.ok(metadata);
    assert.deepEqual(calls, [['default', event.message.id]]);
    assert.equal(metadata.id, `default-${event.message.id}`);
    assert.equal(metadata.accountId, 'default');
    assert.equal(metadata.conversationId, `default:user:${fixtures.USER_ID}`);
    assert.equal(metadata.customerId, `line:${fixtures.USER_ID}`);
    assert.equal(metadata.contentType, 'image/jpeg');
    assert.equal(metadata.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual(await repository.getMetadata(metadata.id), metadata);

    const again = await downloader(fetch).downloadFromActivity(activityOf(event));
    assert.deepEqual(again, metadata);
    assert.equal(calls.length, 1, 'a redelivered event is not downloaded twice');
  });

  it('stores a file and a voice message that LINE serves as octet-stream', async () => {
    const file = fixtures.fileMessageEvent({ message: { fileName: 'invoice-2024-11.pdf', fileSize: 20 } });
    const audio = fixtures.audioMessageEvent({ source: fixtures.groupSource() });
    const { fetch } = scriptedFetch(async () => ({ contentType: 'application/octet-stream', body: chunksOf(Buffer.from('%PDF-1.7 tiny pdf')) }));

    const pdf = await downloader(fetch).downloadFromActivity(activityOf(file));
    assert.equal(pdf?.contentType, 'application/pdf');
    assert.equal(pdf?.fileName, 'invoice-2024-11.pdf');
    const voice = await downloader(fetch).downloadFromActivity(activityOf(audio));
    assert.equal(voice?.contentType, 'audio/m4a');
    assert.equal(voice?.conversationId, `default:group:${fixtures.GROUP_ID}`);
    assert.equal(voice?.customerId, `line:${fixtures.USER_ID}`);
  });

  it('skips content hosted outside LINE, and messages without media', async () => {
    const { fetch, calls } = scriptedFetch(async () => assert.fail('nothing should be fetched'));
    const external = fixtures.videoMessageEvent();
    assert.equal(external.message.contentProvider.type, 'external');
    assert.equal(await downloader(fetch).downloadFromActivity(activityOf(external)), undefined);
    assert.equal(await downloader(fetch).downloadFromActivity(activityOf(fixtures.textMessageEvent())), undefined);
    assert.equal(await downloader(fetch).downloadFromActivity(activityOf(fixtures.locationMessageEvent())), undefined);
    assert.equal(await downloader(fetch).downloadFromActivity({ ...activityOf(fixtures.imageMessageEvent()), channelId: 'webchat' }), undefined);
    assert.equal(calls.length, 0);
  });

  it('retries a transient failure', async () => {
    const bytes = jpeg();
    const event = fixtures.imageMessageEvent();
    const { fetch, calls } = scriptedFetch(
      async () => {
        throw new LineApiError('GET /v2/bot/message/{id}/content', 503, { message: 'Service Unavailable' });
      },
      async () => ({ contentType: 'image/jpeg', body: cutShort(bytes) }),
      async () => ({ contentType: 'image/jpeg', body: chunksOf(bytes) }),
    );
    const metadata = await downloader(fetch).downloadFromActivity(activityOf(event));
    assert.equal(calls.length, 3);
    assert.equal(metadata?.size, bytes.length);
    const stored = metadata && (await repository.get(metadata.id));
    assert.ok(stored);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(Buffer.from(chunk));
    assert.ok(Buffer.concat(chunks).equals(bytes), 'the bytes of the successful attempt, not the cut-short one');
    assert.equal(logger.entries.filter((entry) => entry.level === 'debug').length, 2);
    assert.equal(logger.entries.filter((entry) => entry.level === 'error').length, 0);
  });

  it('gives up after three attempts and logs the failure', async () => {
    const event = fixtures.imageMessageEvent();
    const { fetch, calls } = scriptedFetch(async () => {
      throw new TypeError('fetch failed');
    });
    assert.equal(await downloader(fetch).downloadFromActivity(activityOf(event)), undefined);
    assert.equal(calls.length, 3);
    const errors = logger.entries.filter((entry) => entry.level === 'error');
    assert.equal(errors.length, 1);
    assert.deepEqual({ ...errors[0]?.fields, err: undefined }, { conversationId: `default:user:${fixtures.USER_ID}`, messageId: event.message.id, messageType: 'image', accountId: 'default', err: undefined });
    assert.equal(await repository.getMetadata(`default-${event.message.id}`), undefined);
  });

  it('does not retry what cannot succeed: LINE 4xx, a refused type, too large', async () => {
    const gone = scriptedFetch(async () => {
      throw new LineApiError('GET /v2/bot/message/{id}/content', 404, { message: 'Not found' });
    });
    assert.equal(await downloader(gone.fetch).downloadFromActivity(activityOf(fixtures.imageMessageEvent())), undefined);
    assert.equal(gone.calls.length, 1);

    const html = scriptedFetch(async () => ({ contentType: 'text/html', body: chunksOf(Buffer.from('<html></html>')) }));
    assert.equal(await downloader(html.fetch).downloadFromActivity(activityOf(fixtures.imageMessageEvent())), undefined);
    assert.equal(html.calls.length, 1);

    const huge = scriptedFetch(async () => ({ contentType: 'image/jpeg', contentLength: 10 * 1024 * 1024, body: chunksOf(jpeg()) }));
    assert.equal(await downloader(huge.fetch).downloadFromActivity(activityOf(fixtures.imageMessageEvent())), undefined);
    assert.equal(huge.calls.length, 1);

    const bigFile = scriptedFetch(async () => assert.fail('a file LINE says is too large is not fetched'));
    assert.equal(await downloader(bigFile.fetch).downloadFromActivity(activityOf(fixtures.fileMessageEvent({ message: { fileSize: 50 * 1024 * 1024 } }))), undefined);

    assert.equal(logger.entries.filter((entry) => entry.level === 'warn').length, 3);
    assert.equal(logger.entries.filter((entry) => entry.level === 'error').length, 1, 'only the LINE 404 is an error');
  });
});
