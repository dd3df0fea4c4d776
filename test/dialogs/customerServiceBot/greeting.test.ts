import assert from 'node:assert/strict';
import { ActivityTypes } from 'botbuilder';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { beaconEvent, unsendEvent } from '../../fixtures/lineEvents';
import { BotHarness, LINE_LOCALES, buttonsOf, expectedMenu, lastMessage, textsOf } from './botHarness';
import { PHRASES } from './phrases';

const LANGUAGE_BUTTONS = [
  ['English', 'lang:en'],
  ['日本語', 'lang:ja'],
  ['ไทย', 'lang:th'],
  ['繁體中文', 'lang:zh-TW'],
];

describe('CustomerServiceBot: greeting', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    const phrases = PHRASES[language];
    it(`greets a new LINE friend by name in ${language} (from the profile's locale) with the main menu`, async () => {
      const harness = new BotHarness({ displayName: phrases.name, language: LINE_LOCALES[language] });
      const replies = await harness.follow();
      assert.equal(replies.length, 1);
      const reply = lastMessage(replies);
      assert.ok(reply.text?.startsWith(phrases.greetingStart), `greeting was: ${reply.text}`);
      assert.deepEqual(buttonsOf(reply), expectedMenu(language, phrases.talkToPerson, phrases.languageLabel));
    });
  }

  it('shows topic titles of the content file in the customer’s language, in menu order', async () => {
    const harness = new BotHarness({ displayName: '佐藤', language: 'ja-JP' });
    const labels = buttonsOf(lastMessage(await harness.follow())).map(([label]) => label);
    assert.deepEqual(labels, ['配送状況の確認', '返品・返金', '注文の変更・キャンセル', 'お支払い方法', 'アカウント・ログイン', '営業時間', '担当者と話す', '言語 / Language']);
    for (const label of labels) assert.ok(label.length <= 20, `${label} fits LINE's 20-character limit`);
  });

  it('greets without a name when the LINE profile gives none', async () => {
    const harness = new BotHarness({ displayName: '', language: 'en-US' });
    const reply = lastMessage(await harness.follow());
    assert.ok(reply.text?.startsWith('Hello, and welcome!'), `greeting was: ${reply.text}`);
  });

  it('asks for a language, in every language, when the profile could not be read', async () => {
    const harness = new BotHarness();
    const reply = lastMessage(await harness.follow());
    for (const question of ['Which language would you like me to use?', 'ご希望の言語をお選びください。', 'กรุณาเลือกภาษาที่ต้องการ', '請選擇您想使用的語言。']) {
      assert.ok(reply.text?.includes(question), `${question} in: ${reply.text}`);
    }
    assert.deepEqual(buttonsOf(reply), LANGUAGE_BUTTONS);
  });

  it('greets in the Emulator when the chat opens, not for the bot joining', async () => {
    const harness = new BotHarness();
    const conversation = { id: 'emulator-conversation-1', name: '', isGroup: false, conversationType: 'personal' };
    const user = { id: 'a1b2c3', name: 'User', role: 'user' };
    const bot = { id: 'emulator-bot', name: 'Bot', role: 'bot' };
    const base = { type: ActivityTypes.ConversationUpdate, channelId: 'emulator', locale: 'en-US', conversation, recipient: bot, serviceUrl: 'http://localhost:52673' };
    assert.deepEqual(await harness.send({ ...base, from: user, membersAdded: [bot] }), []);
    const replies = await harness.send({ ...base, from: user, membersAdded: [user] });
    assert.equal(replies.length, 1);
    assert.ok(lastMessage(replies).text?.startsWith('Hello User, and welcome!'));
    assert.deepEqual(buttonsOf(lastMessage(replies)), expectedMenu('en', 'Talk to a person', 'Language'));
  });

  it('answers Emulator button taps (messageBack) like LINE postbacks', async () => {
    const harness = new BotHarness();
    const replies = await harness.send({
      type: ActivityTypes.Message,
      channelId: 'emulator',
      locale: 'en-US',
      from: { id: 'a1b2c3', name: 'User', role: 'user' },
      conversation: { id: 'emulator-conversation-2', name: '', isGroup: false, conversationType: 'personal' },
      text: 'topic:opening-hours',
      value: 'topic:opening-hours',
      channelData: { clientActivityID: '1732353600000abc', messageBack: { displayText: 'Opening hours' } },
    });
    const [answer, question] = textsOf(replies);
    assert.ok(answer?.includes('hours'), `answer was: ${answer}`);
    assert.equal(question, 'Did this help?');
  });

  it('ignores activity types it does not handle', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.deepEqual(await harness.line(beaconEvent()), []);
    assert.deepEqual(await harness.line(unsendEvent()), []);
    assert.deepEqual(await harness.send({ type: ActivityTypes.Typing, channelId: 'line' }), []);
    assert.deepEqual(await harness.send({ type: 'somethingNew', channelId: 'line' }), []);
  });
});
