import assert from 'node:assert/strict';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { BotHarness, buttonsOf, expectedMenu, lastMessage, realContent, textsOf } from './botHarness';
import { PHRASES } from './phrases';

const LANGUAGE_BUTTONS = [
  ['English', 'lang:en'],
  ['日本語', 'lang:ja'],
  ['ไทย', 'lang:th'],
  ['繁體中文', 'lang:zh-TW'],
];

/** The content's answer about delivery in each language. */
function deliveryAnswer(language: (typeof SUPPORTED_LANGUAGES)[number]): string {
  const topic = realContent().topics.find((candidate) => candidate.id === 'delivery-status');
  assert.ok(topic);
  return topic.answer[language];
}

describe('CustomerServiceBot: language', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    const phrases = PHRASES[language];
    it(`without a locale, answers in ${language} when the first message is written in it, and remembers it`, async () => {
      const harness = new BotHarness({ displayName: phrases.name });
      assert.deepEqual(textsOf(await harness.say(phrases.deliveryQuestion)), [deliveryAnswer(language), phrases.didThisHelp]);
      // An emoji tells nothing; the language learned from the first message still holds.
      const replies = await harness.say('👍');
      assert.ok(lastMessage(replies).text?.startsWith(phrases.notUnderstood), `reply was: ${lastMessage(replies).text}`);
      assert.deepEqual(buttonsOf(lastMessage(replies)), expectedMenu(language, phrases.talkToPerson, phrases.languageLabel));
    });
  }

  it('asks which language, in all four, with four buttons, when the first message tells nothing', async () => {
    const harness = new BotHarness({ displayName: 'Kim' });
    const reply = lastMessage(await harness.say('👍'));
    assert.equal(reply.text, 'Which language would you like me to use?\nご希望の言語をお選びください。\nกรุณาเลือกภาษาที่ต้องการ\n請選擇您想使用的語言。');
    assert.deepEqual(buttonsOf(reply), LANGUAGE_BUTTONS);
  });

  it('takes the language button, confirms in that language and shows its menu, and keeps it', async () => {
    const harness = new BotHarness({ displayName: 'Kim' });
    await harness.say('🙂');
    const replies = await harness.tap('lang:th');
    assert.equal(replies.length, 1);
    assert.equal(lastMessage(replies).text, PHRASES.th.languageChanged);
    assert.deepEqual(buttonsOf(lastMessage(replies)), expectedMenu('th', PHRASES.th.talkToPerson, PHRASES.th.languageLabel));
    assert.ok(lastMessage(await harness.say('123')).text?.startsWith(PHRASES.th.notUnderstood));
  });

  it('takes a language named in words as the answer to the question', async () => {
    const harness = new BotHarness({ displayName: 'Kim' });
    await harness.say('👍');
    assert.equal(lastMessage(await harness.say('日本語')).text, PHRASES.ja.languageChanged);
  });

  it('switches language mid-conversation when the customer names one, over the LINE locale', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.deepEqual(textsOf(await harness.say('Where is my parcel?')), [deliveryAnswer('en'), 'Did this help?']);
    const switched = await harness.say('日本語でお願いします');
    assert.equal(lastMessage(switched).text, PHRASES.ja.languageChanged);
    assert.deepEqual(buttonsOf(lastMessage(switched)), expectedMenu('ja', PHRASES.ja.talkToPerson, PHRASES.ja.languageLabel));
    // The activity still says `en`; the customer's choice wins, even for an English question.
    assert.deepEqual(textsOf(await harness.say('Where is my parcel?')), [deliveryAnswer('ja'), PHRASES.ja.didThisHelp]);
    assert.equal(lastMessage(await harness.say('繁體中文')).text, PHRASES['zh-TW'].languageChanged);
    assert.deepEqual(textsOf(await harness.say('tell me a joke')).map((text) => text.startsWith(PHRASES['zh-TW'].notUnderstood)), [true]);
  });

  it('opens the language picker from the menu button, in the current language', async () => {
    const harness = new BotHarness({ displayName: '佐藤', language: 'ja' });
    const reply = lastMessage(await harness.tap('lang:choose'));
    assert.equal(reply.text, 'ご希望の言語をお選びください。');
    assert.deepEqual(buttonsOf(reply), LANGUAGE_BUTTONS);
    assert.equal(lastMessage(await harness.tap('lang:en')).text, PHRASES.en.languageChanged);
  });

  it('remembers the chosen language across conversations of the same customer (user state)', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('ภาษาไทย');
    const replies = await harness.send({
      type: 'message',
      channelId: 'line',
      locale: 'en',
      from: { id: 'U4af4980629d3f6e1a7b0c2d5e8f91a3b', name: 'Alice', role: 'user' },
      conversation: { id: 'default:group:Ca56f94637cc4347f90a25382909b24b9', name: '', isGroup: true, conversationType: 'group' },
      text: 'hmm',
    });
    assert.ok(lastMessage(replies).text?.startsWith(PHRASES.th.notUnderstood));
  });
});
