import assert from 'node:assert/strict';
import pino from 'pino';
import type { SelfServiceContent } from '../../dialogs/selfService/selfServiceContent';
import { LiveSelfServiceContent } from '../../src/content/liveSelfServiceContent';
import { SelfServiceContentError } from '../../src/content/selfServiceContentFile';
import { SELF_SERVICE_CONTENT_COLLECTION, SelfServiceContentConflictError, SelfServiceContentRepository } from '../../src/content/selfServiceContentRepository';
import { ChangeFeed } from '../../src/storage/changeFeed';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';
import { SHIPPED_CONTENT, editableShippedContent, shippedTopic, topicOf, type EditableContent } from '../support/selfServiceContent';
import { eventually } from '../support/eventually';

type LogLine = { level: number; msg: string; issues?: { jsonPath: string }[]; keptVersion?: number };

/** The shipped content with the delivery topic's Japanese answer replaced. */
function withDeliveryAnswer(answer: string): EditableContent {
  const content = editableShippedContent();
  topicOf(content, 'delivery-status').answer.ja = answer;
  return content;
}

function deliveryAnswerOf(content: SelfServiceContent): string | undefined {
  return content.topics.find((topic) => topic.id === 'delivery-status')?.answer.ja;
}

const FILE_ANSWER = shippedTopic('delivery-status').answer.ja;

describeEachBackend('LiveSelfServiceContent', (backend) => {
  let store: DocumentStore;
  let lines: LogLine[];
  const opened: LiveSelfServiceContent[] = [];

  beforeEach(async () => {
    store = await backend.open();
    lines = [];
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((live) => live.close()));
    await store.close();
  });

  /** An instance as app.ts makes one (a second call is a second server over the same store). */
  async function openLive(repository?: SelfServiceContentRepository): Promise<LiveSelfServiceContent> {
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    const live = await LiveSelfServiceContent.open({ repository: repository ?? (await SelfServiceContentRepository.open(store)), fileContent: SHIPPED_CONTENT, logger });
    opened.push(live);
    return live;
  }

  it('starts with the file’s content while nothing is stored', async () => {
    const live = await openLive();
    assert.equal(live.current(), SHIPPED_CONTENT);
    const revision = await live.refresh();
    assert.equal(revision.source, 'file');
    assert.equal(revision.version, 0);
    assert.equal(revision.updatedBy, undefined);
  });

  it('answers with saved content at once, and a second instance after its refresh', async () => {
    const first = await openLive();
    const second = await openLive();

    const saved = await first.save(withDeliveryAnswer('配送状況はマイページでご確認いただけます。'), 0, 'aiko');
    assert.equal(saved.source, 'stored');
    assert.equal(saved.version, 1);
    assert.equal(deliveryAnswerOf(first.current()), '配送状況はマイページでご確認いただけます。');
    assert.equal(deliveryAnswerOf(second.current()), FILE_ANSWER, 'the other instance has not refreshed yet');

    await second.refresh();
    assert.equal(deliveryAnswerOf(second.current()), '配送状況はマイページでご確認いただけます。');
  });

  it('has a second instance read the store as soon as the change feed tells it of a save or reset', async () => {
    const feedLogger = pino({ level: 'silent' });
    const feeds = [new ChangeFeed({ store, logger: feedLogger, pollIntervalMs: 60_000 }), new ChangeFeed({ store, logger: feedLogger, pollIntervalMs: 60_000 })] as const;
    await Promise.all(feeds.map((feed) => feed.start()));
    try {
      const repository = await SelfServiceContentRepository.open(store);
      const first = await LiveSelfServiceContent.open({ repository, fileContent: SHIPPED_CONTENT, logger: feedLogger, changes: feeds[0] });
      const second = await LiveSelfServiceContent.open({ repository, fileContent: SHIPPED_CONTENT, logger: feedLogger, changes: feeds[1] });
      opened.push(first, second);
      const waitForAnswer = (answer: string | undefined): Promise<void> =>
        eventually(async () => {
          await feeds[1].pollNow();
          assert.equal(deliveryAnswerOf(second.current()), answer, 'the second instance’s answer');
        });

      await first.save(withDeliveryAnswer('フィードで届いた回答'), 0, 'aiko');
      await waitForAnswer('フィードで届いた回答');
      await first.reset('aiko');
      await waitForAnswer(FILE_ANSWER);
    } finally {
      await Promise.all(opened.splice(0).map((live) => live.close()));
      await Promise.all(feeds.map((feed) => feed.stop()));
    }
  });

  it('starts with the stored content when there is some', async () => {
    await (await openLive()).save(withDeliveryAnswer('保存済みの回答'), 0, 'aiko');
    const restarted = await openLive();
    assert.equal(deliveryAnswerOf(restarted.current()), '保存済みの回答');
  });

  it('refreshes by itself once started, at the interval given', async () => {
    const first = await openLive();
    const second = await openLive();
    second.startRefreshing(20);
    await first.save(withDeliveryAnswer('自動で反映されます'), 0, 'aiko');
    await eventually(() => assert.equal(deliveryAnswerOf(second.current()), '自動で反映されます', 'the second instance picked up the save by refreshing'));
  });

  it('goes back to the file’s content on reset, here at once and elsewhere after a refresh', async () => {
    const first = await openLive();
    const second = await openLive();
    await first.save(withDeliveryAnswer('一時的な回答'), 0, 'aiko');
    await second.refresh();

    const reset = await first.reset('ben');
    assert.deepEqual({ source: reset.source, version: reset.version, updatedBy: reset.updatedBy }, { source: 'file', version: 2, updatedBy: 'ben' });
    assert.equal(first.current(), SHIPPED_CONTENT);
    await second.refresh();
    assert.equal(second.current(), SHIPPED_CONTENT);
  });

  it('changes nothing on a refused save', async () => {
    const live = await openLive();
    await live.save(withDeliveryAnswer('最初の保存'), 0, 'aiko');
    await assert.rejects(live.save(withDeliveryAnswer('古い版から'), 0, 'ben'), SelfServiceContentConflictError);
    await assert.rejects(live.save({ topics: [] }, 1, 'ben'), SelfServiceContentError);
    assert.equal(deliveryAnswerOf(live.current()), '最初の保存');
  });

  it('keeps a save made while a refresh was reading the store', async () => {
    const repository = await SelfServiceContentRepository.open(store);
    const live = await openLive(repository);
    const read = repository.read.bind(repository);
    let release: () => void = () => undefined;
    repository.read = async () => {
      const before = await read();
      await new Promise<void>((resolve) => (release = resolve));
      return before;
    };
    const refreshing = live.refresh();
    await live.save(withDeliveryAnswer('読み込み中の保存'), 0, 'aiko');
    release();
    assert.equal((await refreshing).source, 'file', 'the refresh read the store before the save');
    assert.equal(deliveryAnswerOf(live.current()), '読み込み中の保存');
  });

  it('keeps the last good content when the stored document turns invalid, and logs it once', async () => {
    const repository = await SelfServiceContentRepository.open(store);
    const read = repository.read.bind(repository);
    let reads = 0;
    repository.read = () => {
      reads += 1;
      return read();
    };
    const live = await openLive(repository);
    await live.save(withDeliveryAnswer('正しい回答'), 0, 'aiko');
    const broken = withDeliveryAnswer('壊れた版');
    broken.menu = ['no-such-topic'];
    await (await store.collection<StoredDocument>(SELF_SERVICE_CONTENT_COLLECTION)).updateOne({ _id: 'current' }, { $set: { content: broken, version: 2 } });

    await assert.rejects(live.refresh(), SelfServiceContentError);
    assert.equal(deliveryAnswerOf(live.current()), '正しい回答');

    const readsBefore = reads;
    live.startRefreshing(10);
    // Several refreshes meet the same problem; it is logged once.
    await eventually(() => assert.ok(reads >= readsBefore + 4, `the timer kept refreshing (${reads - readsBefore} reads)`));
    await live.close();
    const errors = lines.filter((line) => line.level === 50);
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.msg ?? '', /stored self-service content is invalid/);
    assert.deepEqual(errors[0]?.issues?.map((issue) => issue.jsonPath), ['menu[0]']);
    assert.equal(errors[0]?.keptVersion, 1);
    assert.equal(deliveryAnswerOf(live.current()), '正しい回答');
  });

  it('starts with the file’s content, logging why, when the stored document is invalid', async () => {
    await (await store.collection<StoredDocument>(SELF_SERVICE_CONTENT_COLLECTION)).insertOne({ _id: 'current', version: 3, updatedAt: new Date(), updatedBy: 'someone', content: { topics: 'none' } });
    const live = await openLive();
    assert.equal(live.current(), SHIPPED_CONTENT);
    assert.equal(lines.filter((line) => line.level === 50).length, 1);
  });
});
