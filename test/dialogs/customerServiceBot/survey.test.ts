import assert from 'node:assert/strict';
import { USER_ID, imageMessageEvent } from '../../fixtures/lineEvents';
import { BotHarness, LINE_CUSTOMER_ID, buttonsOf, expectedMenu, lastMessage, textsOf } from './botHarness';
import { PHRASES } from './phrases';

const RATING_BUTTONS = [
  ['1 (poor)', 'rating:1'],
  ['2', 'rating:2'],
  ['3', 'rating:3'],
  ['4', 'rating:4'],
  ['5 (excellent)', 'rating:5'],
  ['Skip', 'survey:skip-rating'],
];

async function surveyed(language = 'en', name = 'Alice'): Promise<BotHarness> {
  const harness = new BotHarness({ displayName: name, language });
  await harness.say('agent');
  return harness;
}

describe('CustomerServiceBot: survey after the handoff', () => {
  it('asks for a rating with 1–5 quick replies when the handoff ends', async () => {
    const harness = await surveyed();
    const replies = await harness.handoffEnded();
    assert.equal(replies.length, 1);
    assert.equal(lastMessage(replies).text, 'How would you rate the support you received? Please choose from 1 (poor) to 5 (excellent).');
    assert.deepEqual(buttonsOf(lastMessage(replies)), RATING_BUTTONS);
  });

  it('saves the rating and the comment exactly as given, then thanks the customer', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    const comment = lastMessage(await harness.tap('rating:4'));
    assert.ok(comment.text?.includes(PHRASES.en.commentQuestion), `reply was: ${comment.text}`);
    assert.deepEqual(buttonsOf(comment), [['Skip', 'survey:skip']]);
    const before = Date.now();
    const replies = await harness.say('Quick and friendly, thanks');
    assert.deepEqual(textsOf(replies), ['Thank you for your feedback. We hope to help you again soon!']);
    assert.equal(harness.surveys.results.length, 1);
    const result = harness.surveys.results[0];
    assert.ok(result);
    assert.ok(result.at instanceof Date && result.at.getTime() >= before && result.at.getTime() <= Date.now());
    assert.deepEqual(result, {
      channelId: 'line',
      conversationId: `default:user:${USER_ID}`,
      customerId: LINE_CUSTOMER_ID,
      rating: 4,
      comment: 'Quick and friendly, thanks',
      language: 'en',
      at: result.at,
    });
  });

  it('takes the comment as the customer’s words, even when it names a command', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    await harness.tap('rating:5');
    const replies = await harness.say('agent');
    assert.deepEqual(textsOf(replies), ['Thank you for your feedback. We hope to help you again soon!']);
    assert.equal(harness.surveys.results[0]?.comment, 'agent');
  });

  it('saves no comment when the customer skips it', async () => {
    const harness = await surveyed('ja', '佐藤');
    assert.equal(lastMessage(await harness.handoffEnded()).text, '今回のサポートはいかがでしたか？ 1（不満）から5（大変満足）でお選びください。');
    await harness.say('５');
    const replies = await harness.tap('survey:skip');
    assert.deepEqual(textsOf(replies), ['ご回答いただきありがとうございました。またのご利用をお待ちしております。']);
    assert.equal(harness.surveys.results.length, 1);
    assert.equal(harness.surveys.results[0]?.rating, 5);
    assert.equal(harness.surveys.results[0]?.comment, undefined);
    assert.equal(harness.surveys.results[0]?.language, 'ja');
  });

  it('takes a typed digit as the rating', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    assert.ok(lastMessage(await harness.say(' 3 ')).text?.includes(PHRASES.en.commentQuestion));
    await harness.tap('survey:skip');
    assert.equal(harness.surveys.results[0]?.rating, 3);
  });

  it('ends on anything but a rating and handles it as a new message, without re-asking', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    const replies = await harness.say('great');
    assert.ok(lastMessage(replies).text?.startsWith(PHRASES.en.notUnderstood), `reply was: ${lastMessage(replies).text}`);
    assert.ok(!textsOf(replies).some((text) => text.includes('1 to 5')));
    // The survey is over: a digit now is an ordinary message, not a rating.
    assert.ok(!lastMessage(await harness.say('4')).text?.includes(PHRASES.en.commentQuestion));
    assert.deepEqual(harness.surveys.results, []);
  });

  it('ends with thanks and saves nothing when the customer skips the rating', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    assert.deepEqual(textsOf(await harness.tap('survey:skip-rating')), ['Thank you for contacting us. Have a great day!']);
    assert.deepEqual(harness.surveys.results, []);
  });

  it('still thanks the customer when the survey store fails', async () => {
    const harness = await surveyed('zh-TW', '陳小明');
    harness.surveys.failure = new Error('store unavailable');
    await harness.handoffEnded();
    await harness.tap('rating:2');
    const replies = await harness.say('等太久了');
    assert.deepEqual(textsOf(replies), ['感謝您提供寶貴的意見，期待再次為您服務！']);
    assert.deepEqual(harness.surveys.results, []);
    // The conversation goes on normally afterwards.
    assert.ok(lastMessage(await harness.say('選單')).text?.startsWith('請問有什麼可以為您服務的嗎？'));
  });

  it('ends the survey on "menu" and shows the menu', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    const menu = lastMessage(await harness.say('menu'));
    assert.equal(menu.text, 'How can I help you? Choose a topic or type your question.');
    assert.deepEqual(buttonsOf(menu), expectedMenu('en', 'Talk to a person', 'Language'));
    assert.ok(lastMessage(await harness.tap('rating:4')).text?.startsWith(PHRASES.en.notUnderstood));
    assert.deepEqual(harness.surveys.results, []);
  });

  it('acknowledges an image sent instead of a rating and asks for the rating again', async () => {
    const harness = await surveyed();
    await harness.handoffEnded();
    const replies = await harness.line(imageMessageEvent());
    const texts = textsOf(replies);
    assert.equal(texts.length, 2);
    assert.ok(texts[0]?.startsWith(PHRASES.en.imageReceived), `reply was: ${texts[0]}`);
    assert.equal(texts[1], 'How would you rate the support you received? Please choose from 1 (poor) to 5 (excellent).');
    assert.deepEqual(buttonsOf(lastMessage(replies)), RATING_BUTTONS);
    await harness.tap('rating:1');
    await harness.tap('survey:skip');
    assert.equal(harness.surveys.results[0]?.rating, 1);
  });

  it('runs the survey in the conversation’s language when the handoff system, not the customer, sends the event', async () => {
    const harness = await surveyed('en', 'Alice');
    await harness.say('ภาษาไทย');
    const replies = await harness.send({
      type: 'event',
      name: 'handoff.ended',
      channelId: 'line',
      from: { id: 'handoff-service', name: 'Handoff' },
      conversation: { id: `default:user:${USER_ID}`, conversationType: 'personal', isGroup: false, name: '' },
    });
    assert.equal(
      lastMessage(replies).text,
      'คุณพึงพอใจกับบริการที่ได้รับมากน้อยเพียงใด กรุณาเลือกตั้งแต่ 1 (ไม่พอใจ) ถึง 5 (พอใจมาก)',
    );
    await harness.tap('rating:5');
    await harness.tap('survey:skip');
    assert.equal(harness.surveys.results[0]?.customerId, LINE_CUSTOMER_ID);
    assert.equal(harness.surveys.results[0]?.language, 'th');
  });
});
