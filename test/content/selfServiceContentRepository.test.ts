import assert from 'node:assert/strict';
import type { SelfServiceContent } from '../../dialogs/selfService/selfServiceContent';
import { SelfServiceContentError } from '../../src/content/selfServiceContentFile';
import { SELF_SERVICE_CONTENT_COLLECTION, SelfServiceContentConflictError, SelfServiceContentRepository } from '../../src/content/selfServiceContentRepository';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';
import { editableShippedContent, type EditableContent } from '../support/selfServiceContent';

/** The shipped content with the first topic's Japanese answer replaced. */
function withJapaneseAnswer(answer: string): EditableContent {
  const content = editableShippedContent();
  const first = content.topics[0];
  assert.ok(first);
  first.answer.ja = answer;
  return content;
}

function japaneseAnswerOf(content: SelfServiceContent | undefined): string | undefined {
  return content?.topics[0]?.answer.ja;
}

describeEachBackend('SelfServiceContentRepository', (backend) => {
  let store: DocumentStore;
  let now: Date;
  let repository: SelfServiceContentRepository;

  beforeEach(async () => {
    store = await backend.open();
    now = new Date('2026-11-02T09:00:00.000Z');
    repository = await SelfServiceContentRepository.open(store, { now: () => now });
  });

  afterEach(async () => {
    await store.close();
  });

  async function rawCollection() {
    return store.collection<StoredDocument>(SELF_SERVICE_CONTENT_COLLECTION);
  }

  it('holds nothing until an admin saves', async () => {
    assert.equal(await repository.read(), undefined);
  });

  it('saves content from version 0 as version 1 and reads it back validated, with who and when', async () => {
    const saved = await repository.save(withJapaneseAnswer('新しい回答です。'), 0, 'aiko');
    assert.equal(saved.version, 1);
    const read = await repository.read();
    assert.ok(read);
    assert.equal(read.version, 1);
    assert.equal(read.updatedBy, 'aiko');
    assert.deepEqual(read.updatedAt, now);
    assert.equal(japaneseAnswerOf(read.content), '新しい回答です。');
    assert.deepEqual(read.content, saved.content);
    assert.ok(Object.isFrozen(read.content?.topics[0]?.answer), 'read content is frozen like the file’s');
  });

  it('keeps saved content across a restart of the store', async () => {
    await repository.save(withJapaneseAnswer('再起動後も残ります。'), 0, 'aiko');
    store = await backend.reopen(store);
    const reopened = await SelfServiceContentRepository.open(store);
    assert.equal(japaneseAnswerOf((await reopened.read())?.content), '再起動後も残ります。');
  });

  it('saves from the current version, moving it on', async () => {
    await repository.save(withJapaneseAnswer('一回目'), 0, 'aiko');
    now = new Date('2026-11-02T10:00:00.000Z');
    const second = await repository.save(withJapaneseAnswer('二回目'), 1, 'ben');
    assert.equal(second.version, 2);
    const read = await repository.read();
    assert.equal(read?.version, 2);
    assert.equal(read?.updatedBy, 'ben');
    assert.deepEqual(read?.updatedAt, now);
    assert.equal(japaneseAnswerOf(read?.content), '二回目');
  });

  it('refuses a save from a version that is no longer current, and keeps the other admin’s edit', async () => {
    await repository.save(withJapaneseAnswer('Aiko の編集'), 0, 'aiko');
    await repository.save(withJapaneseAnswer('Ben の編集'), 1, 'ben');

    for (const stale of [0, 1, 7]) {
      await assert.rejects(repository.save(withJapaneseAnswer('古い版からの保存'), stale, 'carol'), (error: unknown) => {
        assert.ok(error instanceof SelfServiceContentConflictError, String(error));
        assert.equal(error.code, 'self_service_content_conflict');
        assert.equal(error.expectedVersion, stale);
        assert.equal(error.currentVersion, 2);
        return true;
      });
    }
    const read = await repository.read();
    assert.equal(read?.version, 2);
    assert.equal(japaneseAnswerOf(read?.content), 'Ben の編集');
  });

  it('lets only one of two first saves from version 0 win', async () => {
    const outcomes = await Promise.allSettled([repository.save(withJapaneseAnswer('A'), 0, 'aiko'), repository.save(withJapaneseAnswer('B'), 0, 'ben')]);
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    assert.ok(refused?.status === 'rejected' && refused.reason instanceof SelfServiceContentConflictError, String(refused));
    assert.equal((await repository.read())?.version, 1);
  });

  it('refuses invalid content with every issue and stores nothing', async () => {
    const content = withJapaneseAnswer('');
    const third = content.topics[2];
    assert.ok(third);
    third.title.th = 'หัวข้อที่ยาวเกินยี่สิบตัวอักษรแน่นอน';
    content.menu.push('no-such-topic');
    await assert.rejects(repository.save(content, 0, 'aiko'), (error: unknown) => {
      assert.ok(error instanceof SelfServiceContentError, String(error));
      assert.deepEqual(
        error.issues.map((issue) => issue.jsonPath),
        ['topics[0].answer.ja', 'topics[2].title.th', `menu[${content.menu.length - 1}]`],
      );
      return true;
    });
    assert.equal(await repository.read(), undefined);
  });

  it('resets to the file: no content stored, the version moves on, and an editor of the old version is refused', async () => {
    await repository.save(withJapaneseAnswer('保存した回答'), 0, 'aiko');
    now = new Date('2026-11-02T11:00:00.000Z');
    const reset = await repository.reset('ben');
    assert.deepEqual(reset, { content: undefined, version: 2, updatedAt: now, updatedBy: 'ben' });
    assert.deepEqual(await repository.read(), { content: undefined, version: 2, updatedAt: now, updatedBy: 'ben' });

    await assert.rejects(repository.save(withJapaneseAnswer('古い版'), 1, 'aiko'), SelfServiceContentConflictError);
    await assert.rejects(repository.save(withJapaneseAnswer('ファイルから'), 0, 'aiko'), SelfServiceContentConflictError);
    const saved = await repository.save(withJapaneseAnswer('リセット後の保存'), 2, 'aiko');
    assert.equal(saved.version, 3);
    assert.equal(japaneseAnswerOf((await repository.read())?.content), 'リセット後の保存');
  });

  it('changes nothing when reset while nothing is stored', async () => {
    assert.equal(await repository.reset('aiko'), undefined);
    assert.equal(await repository.read(), undefined);
    assert.deepEqual(await (await rawCollection()).find({}), []);
  });

  it('fails loudly on a stored document that no longer passes validation, naming where', async () => {
    const broken = editableShippedContent();
    const first = broken.topics[0];
    assert.ok(first);
    first.title.en = 'A title far longer than LINE allows';
    await (await rawCollection()).insertOne({ _id: 'current', version: 4, updatedAt: now, updatedBy: 'someone', content: broken });

    await assert.rejects(repository.read(), (error: unknown) => {
      assert.ok(error instanceof SelfServiceContentError, String(error));
      assert.equal(error.jsonPath, 'topics[0].title.en');
      assert.match(error.message, /selfServiceContent.*version 4.*topics\[0\]\.title\.en: must be at most 20 characters/);
      return true;
    });
    // Saving valid content over it still works: the admin can repair it.
    assert.equal((await repository.save(withJapaneseAnswer('修復'), 4, 'aiko')).version, 5);
    assert.equal(japaneseAnswerOf((await repository.read())?.content), '修復');
  });
});
