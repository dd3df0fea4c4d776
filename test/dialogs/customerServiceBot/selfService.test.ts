import assert from 'node:assert/strict';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { BotHarness, LINE_LOCALES, buttonsOf, eventsNamed, expectedMenu, lastMessage, realContent, textsOf } from './botHarness';
import { PHRASES } from './phrases';

function answerOf(topicId: string, language: (typeof SUPPORTED_LANGUAGES)[number]): string {
  const topic = realContent().topics.find((candidate) => candidate.id === topicId);
  assert.ok(topic, topicId);
  return topic.answer[language];
}

describe('CustomerServiceBot: self-service', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    const phrases = PHRASES[language];
    const customer = { displayName: phrases.name, language: LINE_LOCALES[language] };

    it(`answers a question written in ${language}, then asks whether it helped (Yes/No)`, async () => {
      const harness = new BotHarness(customer);
      const replies = await harness.say(phrases.deliveryQuestion);
      assert.deepEqual(textsOf(replies), [answerOf('delivery-status', language), phrases.didThisHelp]);
      assert.deepEqual(buttonsOf(lastMessage(replies)), [
        [phrases.yes, 'cmd:yes'],
        [phrases.no, 'cmd:no'],
      ]);
    });

    it(`answers a topic button in ${language}; "Yes" → glad and the menu`, async () => {
      const harness = new BotHarness(customer);
      assert.deepEqual(textsOf(await harness.tap('topic:returns-refunds')), [answerOf('returns-refunds', language), phrases.didThisHelp]);
      const replies = await harness.tap('cmd:yes');
      assert.equal(replies.length, 1);
      assert.ok(lastMessage(replies).text?.startsWith(phrases.glad), `reply was: ${lastMessage(replies).text}`);
      assert.deepEqual(buttonsOf(lastMessage(replies)), expectedMenu(language, phrases.talkToPerson, phrases.languageLabel));
    });

    it(`takes a typed "yes" and "no" in ${language}; "No" → offers a person`, async () => {
      const harness = new BotHarness(customer);
      await harness.tap('topic:payment-methods');
      assert.ok(lastMessage(await harness.say(phrases.typedYes)).text?.startsWith(phrases.glad));
      await harness.tap('topic:payment-methods');
      const replies = await harness.say(phrases.typedNo);
      assert.deepEqual(textsOf(replies), [phrases.offerAfterNo]);
      assert.deepEqual(buttonsOf(lastMessage(replies)), [
        [phrases.talkToPerson, 'cmd:agent'],
        [phrases.backToMenu, 'cmd:menu'],
      ]);
      assert.deepEqual(eventsNamed(replies, 'handoff.initiate'), [], 'only an offer, no handoff yet');
    });

    it(`in ${language}: a message matching nothing shows the menu; the second in a row offers a person`, async () => {
      const harness = new BotHarness(customer);
      const first = lastMessage(await harness.say(phrases.smallTalk));
      assert.ok(first.text?.startsWith(phrases.notUnderstood), `reply was: ${first.text}`);
      assert.deepEqual(buttonsOf(first), expectedMenu(language, phrases.talkToPerson, phrases.languageLabel));
      const second = await harness.say(phrases.smallTalk);
      assert.deepEqual(textsOf(second), [phrases.offerAfterMisses]);
      assert.deepEqual(buttonsOf(lastMessage(second)), [
        [phrases.talkToPerson, 'cmd:agent'],
        [phrases.backToMenu, 'cmd:menu'],
      ]);
    });
  }

  it('counts only misses in a row: a recognised question in between starts the count again', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.ok(lastMessage(await harness.say('blah blah')).text?.startsWith(PHRASES.en.notUnderstood));
    await harness.say('How do I return an item?');
    await harness.tap('cmd:yes');
    assert.ok(lastMessage(await harness.say('blah blah')).text?.startsWith(PHRASES.en.notUnderstood));
    assert.deepEqual(textsOf(await harness.say('blah blah')), [PHRASES.en.offerAfterMisses]);
  });

  it('"Back to menu" after the offer shows the menu, and the next miss counts from one again', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('blah');
    await harness.say('blah');
    const menu = lastMessage(await harness.tap('cmd:menu'));
    assert.equal(menu.text, 'How can I help you? Choose a topic or type your question.');
    assert.deepEqual(buttonsOf(menu), expectedMenu('en', 'Talk to a person', 'Language'));
    assert.ok(lastMessage(await harness.say('blah')).text?.startsWith(PHRASES.en.notUnderstood));
  });

  it('declining the offer with "no" shows the menu without a handoff', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.tap('topic:account-login');
    await harness.tap('cmd:no');
    const replies = await harness.say('no thanks');
    assert.deepEqual(textsOf(replies), ['How can I help you? Choose a topic or type your question.']);
    assert.deepEqual(eventsNamed(replies, 'handoff.initiate'), []);
  });

  it('answers a new question asked instead of answering "Did this help?"', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('Where is my parcel?');
    assert.deepEqual(textsOf(await harness.say('How do I return an item?')), [answerOf('returns-refunds', 'en'), 'Did this help?']);
  });

  it('shows the menu on "menu" in any language, ending the question in progress', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'th' });
    await harness.say('อยากคืนสินค้าค่ะ');
    const menu = lastMessage(await harness.say('เมนู'));
    assert.equal(menu.text, 'มีเรื่องใดให้เราช่วยเหลือ กรุณาเลือกหัวข้อ หรือพิมพ์คำถามของคุณ');
    assert.deepEqual(buttonsOf(menu), expectedMenu('th', PHRASES.th.talkToPerson, PHRASES.th.languageLabel));
    // "Did this help?" is over: a "yes" now is no answer to it.
    assert.ok(!lastMessage(await harness.say('ใช่')).text?.startsWith(PHRASES.th.glad));
  });
});
