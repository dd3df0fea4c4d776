import assert from 'node:assert/strict';
import { ActivityTypes } from 'botbuilder';
import { HANDOFF_INITIATE_EVENT, HANDOFF_OUTCOME_KEY, type HandoffOutcome } from '../../../dialogs/handoffRequest';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { USER_ID } from '../../fixtures/lineEvents';
import { BotHarness, LINE_CUSTOMER_ID, LINE_LOCALES, buttonsOf, eventsNamed, expectedMenu, handoffContextOf, lastMessage, textsOf } from './botHarness';
import { PHRASES } from './phrases';

describe('CustomerServiceBot: handoff to a person', () => {
  it('leaves nothing pending and says nothing more when the handoff refuses the request (e.g. out of hours)', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    let refusals = 0;
    harness.adapter.use(async (context, next) => {
      context.onSendActivities(async (turn, activities, sendNext) => {
        if (activities.some((activity) => activity.name === HANDOFF_INITIATE_EVENT)) {
          refusals += 1;
          turn.turnState.set(HANDOFF_OUTCOME_KEY, { accepted: false } satisfies HandoffOutcome);
        }
        return sendNext();
      });
      await next();
    });
    const first = await harness.tap('cmd:agent');
    assert.equal(eventsNamed(first, HANDOFF_INITIATE_EVENT).length, 1);
    assert.deepEqual(textsOf(first), [], 'whoever refused explains; the bot does not claim it was recorded');
    const second = await harness.tap('cmd:agent');
    assert.equal(eventsNamed(second, HANDOFF_INITIATE_EVENT).length, 1, 'asked again: a new request, not "already recorded"');
    assert.equal(refusals, 2);
  });

  it('ends a handoff without the survey when told so, and the bot is available again', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.tap('cmd:agent');
    const ended = await harness.handoffEnded({ survey: false });
    assert.deepEqual(textsOf(ended), [], 'no rating question');
    const again = await harness.tap('cmd:agent');
    assert.equal(eventsNamed(again, HANDOFF_INITIATE_EVENT).length, 1, 'the earlier request is no longer pending');
  });

  for (const language of SUPPORTED_LANGUAGES) {
    const phrases = PHRASES[language];
    it(`hands over when asked in ${language} ("${phrases.askForPerson}"), with the topic, skill and what was said`, async () => {
      const harness = new BotHarness({ displayName: phrases.name, language: LINE_LOCALES[language] });
      await harness.say(phrases.deliveryQuestion);
      const replies = await harness.say(phrases.askForPerson);
      assert.deepEqual(handoffContextOf(replies), {
        language,
        skill: 'orders',
        topic: 'delivery-status',
        reason: 'customerAsked',
        summary: `${phrases.deliveryQuestion}\n${phrases.askForPerson}`,
        customerId: LINE_CUSTOMER_ID,
      });
      const texts = textsOf(replies);
      assert.equal(texts.length, 1);
      assert.ok(texts[0]?.includes(phrases.recorded), `reply was: ${texts[0]}`);
    });
  }

  it('sends botbuilder’s handoff.initiate event first, addressed to the conversation, then the message', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    const replies = await harness.tap('cmd:agent');
    assert.deepEqual(
      replies.map((reply) => reply.type),
      [ActivityTypes.Event, ActivityTypes.Message],
    );
    const event = replies[0];
    assert.equal(event?.name, HANDOFF_INITIATE_EVENT);
    assert.equal(event?.name, 'handoff.initiate');
    assert.equal(event?.channelId, 'line');
    assert.equal(event?.conversation?.id, `default:user:${USER_ID}`);
    assert.equal(event?.relatesTo?.user?.id, USER_ID);
    assert.deepEqual(handoffContextOf(replies), {
      language: 'en',
      skill: 'general',
      topic: undefined,
      reason: 'customerAsked',
      summary: '',
      customerId: LINE_CUSTOMER_ID,
    });
    assert.equal(
      lastMessage(replies).text,
      "Thank you. I've passed your request to our support team, and a member of staff will reply to you here as soon as possible.",
    );
  });

  it('hands over with reason notHelpful when the customer accepts the offer after "No"', async () => {
    const harness = new BotHarness({ displayName: '佐藤', language: 'ja' });
    await harness.say('返品したいです');
    await harness.tap('cmd:no');
    const replies = await harness.tap('cmd:agent');
    assert.deepEqual(handoffContextOf(replies), {
      language: 'ja',
      skill: 'orders',
      topic: 'returns-refunds',
      reason: 'notHelpful',
      summary: '返品したいです',
      customerId: LINE_CUSTOMER_ID,
    });
  });

  it('hands over with reason notUnderstood when the customer says yes to the offer after two misses', async () => {
    const harness = new BotHarness({ displayName: 'สมชาย', language: 'th' });
    await harness.say('วันนี้อากาศดีจัง');
    await harness.say('ฝนตกหนักมาก');
    const replies = await harness.say('ใช่ค่ะ');
    assert.deepEqual(handoffContextOf(replies), {
      language: 'th',
      skill: 'general',
      topic: undefined,
      reason: 'notUnderstood',
      summary: 'วันนี้อากาศดีจัง\nฝนตกหนักมาก\nใช่ค่ะ',
      customerId: LINE_CUSTOMER_ID,
    });
  });

  it('keeps only the customer’s last five messages in the summary, without button payloads', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    for (const text of ['one', 'two', 'three', 'four', 'five', 'six']) await harness.say(text);
    await harness.tap('topic:app-trouble');
    const context = handoffContextOf(await harness.tap('cmd:agent'));
    assert.equal(context.summary, 'two\nthree\nfour\nfive\nsix');
    assert.equal(context.topic, 'app-trouble');
    assert.equal(context.skill, 'technical');
  });

  it('asks the handoff again while a request is pending, and says it is recorded already when the handoff finds it open', async () => {
    const harness = new BotHarness({ displayName: '陳小明', language: 'zh-TW' });
    let requests = 0;
    harness.adapter.use(async (context, next) => {
      context.onSendActivities(async (turn, activities, sendNext) => {
        if (activities.some((activity) => activity.name === HANDOFF_INITIATE_EVENT)) {
          requests += 1;
          turn.turnState.set(HANDOFF_OUTCOME_KEY, { accepted: true, ...(requests > 1 ? { alreadyRequested: true } : {}) } satisfies HandoffOutcome);
        }
        return sendNext();
      });
      await next();
    });
    assert.equal(eventsNamed(await harness.say('真人客服'), HANDOFF_INITIATE_EVENT).length, 1);
    const again = await harness.say('我要找真人');
    assert.equal(requests, 2, 'the handoff, not the bot’s memory, decides');
    assert.deepEqual(textsOf(again), ['我們已經收到您的需求了，請稍候，客服人員會在這個聊天室回覆您。']);
  });

  it('trusts the handoff over its own memory: a request the handoff no longer has is made again and recorded', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    harness.adapter.use(async (context, next) => {
      context.onSendActivities(async (turn, activities, sendNext) => {
        if (activities.some((activity) => activity.name === HANDOFF_INITIATE_EVENT)) turn.turnState.set(HANDOFF_OUTCOME_KEY, { accepted: true } satisfies HandoffOutcome);
        return sendNext();
      });
      await next();
    });
    await harness.say('agent');
    const again = await harness.say('agent');
    assert.equal(eventsNamed(again, HANDOFF_INITIATE_EVENT).length, 1);
    assert.ok(textsOf(again)[0]?.includes(PHRASES.en.recorded), `reply was: ${textsOf(again)[0]}`);
  });

  it('without a handoff layer, remembers the pending request and says it is recorded already', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('agent');
    const again = textsOf(await harness.say('agent'));
    assert.equal(again.length, 1);
    assert.ok(again[0]?.startsWith(PHRASES.en.alreadyRecorded), `reply was: ${again[0]}`);
  });

  for (const state of ['completed', 'failed'] as const) {
    it(`forgets the pending request on the handoff's status event "${state}" (Bot Framework handoff.status)`, async () => {
      const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
      await harness.say('agent');
      const status = await harness.handoffStatus(state);
      assert.deepEqual(textsOf(status), [], 'a status event says nothing to the customer');
      assert.deepEqual(textsOf(await harness.say('cancel')), [PHRASES.en.nothingToCancel]);
    });
  }

  it('remembers a request the handoff reports accepted, so "cancel" withdraws it', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.handoffStatus('accepted');
    assert.equal(eventsNamed(await harness.say('cancel'), 'handoff.cancel').length, 1);
  });

  it('cancels a pending request: handoff.cancel with the customer id, a confirmation and the menu', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('agent');
    const replies = await harness.say('cancel');
    const cancels = eventsNamed(replies, 'handoff.cancel');
    assert.equal(cancels.length, 1);
    assert.equal(cancels[0]?.value, LINE_CUSTOMER_ID);
    assert.ok(lastMessage(replies).text?.startsWith(PHRASES.en.cancelled));
    assert.deepEqual(buttonsOf(lastMessage(replies)), expectedMenu('en', 'Talk to a person', 'Language'));
    // Nothing is pending any more: asking again sends a new request.
    assert.equal(eventsNamed(await harness.say('agent'), HANDOFF_INITIATE_EVENT).length, 1);
  });

  it('cancels in Japanese too (キャンセル)', async () => {
    const harness = new BotHarness({ displayName: '佐藤', language: 'ja' });
    await harness.say('オペレーター');
    const replies = await harness.say('キャンセル');
    assert.equal(eventsNamed(replies, 'handoff.cancel').length, 1);
    assert.ok(lastMessage(replies).text?.startsWith(PHRASES.ja.cancelled));
  });

  it('says there is nothing to cancel when no request is pending', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    const replies = await harness.say('cancel');
    assert.deepEqual(replies.filter((reply) => reply.type === ActivityTypes.Event), []);
    assert.deepEqual(textsOf(replies), [PHRASES.en.nothingToCancel]);
    const thai = new BotHarness({ displayName: 'สมชาย', language: 'th' });
    assert.deepEqual(textsOf(await thai.tap('cmd:cancel')), [PHRASES.th.nothingToCancel]);
  });

  it('forgets the pending request when the handoff ends', async () => {
    const harness = new BotHarness({ displayName: 'Alice', language: 'en' });
    await harness.say('agent');
    await harness.handoffEnded();
    await harness.tap('cmd:menu');
    assert.deepEqual(textsOf(await harness.say('cancel')), [PHRASES.en.nothingToCancel]);
    assert.equal(eventsNamed(await harness.say('agent'), HANDOFF_INITIATE_EVENT).length, 1);
  });
});
