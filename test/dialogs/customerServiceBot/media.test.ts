import assert from 'node:assert/strict';
import { audioMessageEvent, fileMessageEvent, imageMessageEvent, locationMessageEvent, messageStickerMessageEvent, stickerMessageEvent, videoMessageEvent } from '../../fixtures/lineEvents';
import { BotHarness, buttonsOf, eventsNamed, lastMessage, textsOf } from './botHarness';
import { PHRASES } from './phrases';

describe('CustomerServiceBot: media', () => {
  it('answers a LINE sticker in a friendly way', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.deepEqual(textsOf(await harness.line(stickerMessageEvent())), ['Thanks for the sticker! How can I help you today?']);
  });

  it('answers a message sticker as a sticker, not by its text', async () => {
    const harness = new BotHarness({ displayName: '佐藤', language: 'ja' });
    assert.deepEqual(textsOf(await harness.line(messageStickerMessageEvent())), ['スタンプありがとうございます。本日はどのようなご用件でしょうか？']);
  });

  it('acknowledges an image and says a person can see it if they ask for one', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    const replies = await harness.line(imageMessageEvent());
    assert.deepEqual(textsOf(replies), [
      "Thank you, I've received your photo. I can't look at it myself, but if you ask to talk to a person, they will be able to see it.",
    ]);
    assert.deepEqual(eventsNamed(replies, 'handoff.initiate'), []);
  });

  it('acknowledges files, videos and voice messages by what they are', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.match(textsOf(await harness.line(fileMessageEvent()))[0] ?? '', /^Thank you, I've received your file\./);
    assert.match(textsOf(await harness.line(videoMessageEvent()))[0] ?? '', /^Thank you, I've received your video\./);
    assert.match(textsOf(await harness.line(audioMessageEvent()))[0] ?? '', /^Thank you, I've received your voice message\./);
  });

  it('acknowledges in the customer’s language', async () => {
    const thai = new BotHarness({ displayName: 'สมชาย', language: 'th' });
    assert.ok(textsOf(await thai.line(imageMessageEvent()))[0]?.startsWith(PHRASES.th.imageReceived));
    const chinese = new BotHarness({ displayName: '陳小明', language: 'zh-TW' });
    assert.deepEqual(textsOf(await chinese.line(fileMessageEvent())), ['已收到您的檔案，謝謝您。我無法查看內容，但如果您要求真人客服，客服人員就能看到。']);
  });

  it('acknowledges a location (not read as a question from its address)', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    assert.deepEqual(textsOf(await harness.line(locationMessageEvent())), [
      "Thank you, I've received your location. If you ask to talk to a person, they will be able to see it.",
    ]);
  });

  it('tells the customer the person will see it while a request is pending', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('agent');
    assert.deepEqual(textsOf(await harness.line(imageMessageEvent())), [
      "Thank you, I've received your photo. The member of staff who replies to you will be able to see it.",
    ]);
  });

  it('re-asks "Did this help?" after media sent in the middle of it, and still takes the answer', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.tap('topic:delivery-status');
    const replies = await harness.line(stickerMessageEvent());
    assert.deepEqual(textsOf(replies), ['Thanks for the sticker! How can I help you today?', 'Did this help?']);
    assert.deepEqual(buttonsOf(lastMessage(replies)), [
      ['Yes', 'cmd:yes'],
      ['No', 'cmd:no'],
    ]);
    assert.ok(lastMessage(await harness.tap('cmd:yes')).text?.startsWith(PHRASES.en.glad));
  });
});
