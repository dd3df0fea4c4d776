import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, type AutomatedMessageKey, type AutomatedMessages } from '../../dialogs/texts/automatedMessages.js';
import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage.js';
import {
  AUTOMATED_MESSAGES_COLLECTION,
  AutomatedMessageRepository,
  AutomatedMessageValidationError,
} from '../../src/handoff/automatedMessageRepository.js';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

const JA_GREETING = 'いらっしゃいませ。ご用件をお聞かせください。';
const EN_WAIT = 'Roughly {WaitTime} minutes to go, thanks for hanging on.';

/** A clock tests move by hand. */
function manualClock(start = Date.parse('2026-11-02T09:00:00.000Z')): { now: () => Date; advance: (ms: number) => void } {
  let current = start;
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

async function rejectsWith(promise: Promise<unknown>, key: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AutomatedMessageValidationError, `an AutomatedMessageValidationError, got ${String(error)}`);
    assert.equal(error.code, 'automated_message_invalid');
    assert.equal(error.key, key);
    assert.ok(
      error.problems.some((text) => problem.test(text)),
      `a problem matching ${problem} in ${JSON.stringify(error.problems)}`,
    );
    assert.match(error.message, new RegExp(key));
    return true;
  });
}

describeEachBackend('AutomatedMessageRepository', (backend) => {
  let store: DocumentStore;
  let clock: ReturnType<typeof manualClock>;
  let messages: AutomatedMessageRepository;

  beforeEach(async () => {
    store = await backend.open();
    clock = manualClock();
    messages = await AutomatedMessageRepository.open(store, { now: clock.now });
  });

  afterEach(async () => {
    await store.close();
  });

  async function rawDocument(id: string): Promise<StoredDocument | undefined> {
    return (await store.collection<StoredDocument>(AUTOMATED_MESSAGES_COLLECTION)).findOne({ _id: id });
  }

  it('gives the defaults where nothing was overridden', async () => {
    for (const language of ['en', 'ja', 'th', 'zh-TW'] as const satisfies readonly SupportedLanguage[]) {
      assert.deepEqual(await messages.get('orders', language), DEFAULT_AUTOMATED_MESSAGES[language]);
      assert.deepEqual(await messages.overrides('orders', language), {});
    }
  });

  it('merges overrides over the defaults of that workstream and language only', async () => {
    await messages.setOverrides('orders', 'ja', { greeting: JA_GREETING });

    const ja = await messages.get('orders', 'ja');
    assert.equal(ja.greeting, JA_GREETING);
    assert.equal(ja.holiday, DEFAULT_AUTOMATED_MESSAGES.ja.holiday);
    assert.deepEqual(await messages.get('orders', 'en'), DEFAULT_AUTOMATED_MESSAGES.en);
    assert.deepEqual(await messages.get('billing', 'ja'), DEFAULT_AUTOMATED_MESSAGES.ja);
    assert.deepEqual(await messages.overrides('orders', 'ja'), { greeting: JA_GREETING });
  });

  it('stores only the overridden keys and updatedAt, under workstream|language', async () => {
    await messages.setOverrides('orders', 'en', { estimatedWait: EN_WAIT });

    assert.deepEqual(await rawDocument('orders|en'), { _id: 'orders|en', estimatedWait: EN_WAIT, updatedAt: clock.now() });
  });

  it('keeps earlier overrides when more are set, replaces a key set again, and moves updatedAt', async () => {
    await messages.setOverrides('orders', 'en', { estimatedWait: EN_WAIT, greeting: 'Hi!' });
    clock.advance(60_000);
    const returned = await messages.setOverrides('orders', 'en', { greeting: 'Hello there, {AgentName} speaking.', holiday: 'Closed today.' });

    const expected: AutomatedMessages = { ...DEFAULT_AUTOMATED_MESSAGES.en, estimatedWait: EN_WAIT, greeting: 'Hello there, {AgentName} speaking.', holiday: 'Closed today.' };
    assert.deepEqual(returned, expected);
    assert.deepEqual(await messages.get('orders', 'en'), expected);
    assert.deepEqual((await rawDocument('orders|en'))?.updatedAt, new Date(Date.parse('2026-11-02T09:01:00.000Z')));
  });

  it('survives a restart', async () => {
    await messages.setOverrides('orders', 'th', { greeting: 'สวัสดี ยินดีต้อนรับ' });
    store = await backend.reopen(store);
    const reopened = await AutomatedMessageRepository.open(store);

    assert.equal((await reopened.get('orders', 'th')).greeting, 'สวัสดี ยินดีต้อนรับ');
  });

  it('refuses a template with problems, naming the key, and writes nothing', async () => {
    await rejectsWith(messages.setOverrides('orders', 'en', { greeting: 'Hi', positionInQueue: 'You are number {Pos}' }), 'positionInQueue', /unknown placeholder \{Pos\}/);
    await rejectsWith(messages.setOverrides('orders', 'en', { agentAssigned: '{AgentName joined' }), 'agentAssigned', /never closed/);
    await rejectsWith(messages.setOverrides('orders', 'en', { holiday: '   ' }), 'holiday', /empty/);

    assert.equal(await rawDocument('orders|en'), undefined);
    assert.deepEqual(await messages.get('orders', 'en'), DEFAULT_AUTOMATED_MESSAGES.en);
  });

  it('refuses keys that are no automated message, and values that are not text', async () => {
    const unknownKey = { greeting: 'Hi', farewell: 'Bye' } as Partial<AutomatedMessages>;
    await rejectsWith(messages.setOverrides('orders', 'en', unknownKey), 'farewell', /not an automated message/);
    const notText = { greeting: 42 } as unknown as Partial<AutomatedMessages>;
    await rejectsWith(messages.setOverrides('orders', 'en', notText), 'greeting', /must be text/);
    assert.equal(await rawDocument('orders|en'), undefined);
  });

  it('refuses workstream ids that would break the document id, and unsupported languages', async () => {
    await rejectsWith(messages.setOverrides('orders|ja', 'en', { greeting: 'Hi' }), 'workstreamId', /without "\|"/);
    await rejectsWith(messages.get('', 'en'), 'workstreamId', /not blank/);
    await rejectsWith(messages.get('orders', 'ko' as SupportedLanguage), 'language', /en, ja, th or zh-TW/);
  });

  it('ignores keys set to undefined, and writes nothing for no overrides', async () => {
    assert.deepEqual(await messages.setOverrides('orders', 'en', { greeting: undefined }), DEFAULT_AUTOMATED_MESSAGES.en);
    assert.deepEqual(await messages.setOverrides('orders', 'en', {}), DEFAULT_AUTOMATED_MESSAGES.en);
    assert.equal(await rawDocument('orders|en'), undefined);
  });

  it('resets chosen keys to their defaults and keeps the others', async () => {
    await messages.setOverrides('orders', 'zh-TW', { greeting: '您好！', holiday: '今日公休。', agentLeft: '{AgentName}已離開。' });
    clock.advance(1_000);
    const returned = await messages.resetOverrides('orders', 'zh-TW', ['greeting', 'holiday']);

    const expected: AutomatedMessages = { ...DEFAULT_AUTOMATED_MESSAGES['zh-TW'], agentLeft: '{AgentName}已離開。' };
    assert.deepEqual(returned, expected);
    assert.deepEqual(await messages.get('orders', 'zh-TW'), expected);
    assert.deepEqual(await rawDocument('orders|zh-TW'), { _id: 'orders|zh-TW', agentLeft: '{AgentName}已離開。', updatedAt: clock.now() });
  });

  it('deletes the document once its last override is reset', async () => {
    await messages.setOverrides('orders', 'ja', { greeting: JA_GREETING });
    await messages.resetOverrides('orders', 'ja', ['greeting']);

    assert.equal(await rawDocument('orders|ja'), undefined);
    assert.deepEqual(await messages.get('orders', 'ja'), DEFAULT_AUTOMATED_MESSAGES.ja);
  });

  it('resets every key when none are named', async () => {
    await messages.setOverrides('orders', 'ja', { greeting: JA_GREETING, holiday: '本日は休業日です。' });
    await messages.setOverrides('orders', 'en', { greeting: 'Hi!' });
    const returned = await messages.resetOverrides('orders', 'ja');

    assert.deepEqual(returned, DEFAULT_AUTOMATED_MESSAGES.ja);
    assert.equal(await rawDocument('orders|ja'), undefined);
    assert.equal((await messages.get('orders', 'en')).greeting, 'Hi!');
  });

  it('resets what was never overridden without complaint or writes', async () => {
    assert.deepEqual(await messages.resetOverrides('orders', 'th', ['greeting']), DEFAULT_AUTOMATED_MESSAGES.th);
    assert.deepEqual(await messages.resetOverrides('orders', 'th'), DEFAULT_AUTOMATED_MESSAGES.th);
    assert.equal(await rawDocument('orders|th'), undefined);
  });

  it('refuses to reset a key that is no automated message', async () => {
    await messages.setOverrides('orders', 'en', { greeting: 'Hi!' });
    await rejectsWith(messages.resetOverrides('orders', 'en', ['greeting', 'farewell' as AutomatedMessageKey]), 'farewell', /not an automated message/);
    assert.equal((await messages.get('orders', 'en')).greeting, 'Hi!');
  });

  it('ignores stored fields that are not overrides of known keys', async () => {
    const raw = await store.collection<StoredDocument>(AUTOMATED_MESSAGES_COLLECTION);
    await raw.insertOne({ _id: 'orders|en', greeting: 'Hi!', farewell: 'Bye', holiday: 7, updatedAt: clock.now() });

    assert.deepEqual(await messages.get('orders', 'en'), { ...DEFAULT_AUTOMATED_MESSAGES.en, greeting: 'Hi!' });
    assert.deepEqual(await messages.overrides('orders', 'en'), { greeting: 'Hi!' });
  });

  it('returns frozen messages that callers cannot change for others', async () => {
    const en = await messages.get('orders', 'en');
    assert.ok(Object.isFrozen(en));
    assert.equal(DEFAULT_AUTOMATED_MESSAGES.en.greeting, (await messages.get('other', 'en')).greeting);
  });
});
