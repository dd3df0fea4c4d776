import assert from 'node:assert/strict';
import type { SelfServiceContent } from '../../../dialogs/selfService/selfServiceContent';
import type { SelfServiceContentSource } from '../../../dialogs/selfService/selfServiceContentSource';
import { parseSelfServiceContent } from '../../../src/content/selfServiceContentFile';
import { editableShippedContent, topicOf } from '../../support/selfServiceContent';
import { BotHarness, buttonsOf, lastMessage, realContent, textsOf } from './botHarness';
import { PHRASES } from './phrases';

const customer = { displayName: PHRASES.en.name, language: 'en' };
const NEW_DELIVERY_ANSWER = 'Parcels now travel with our own couriers: track them at example.com/track.';

/** The real content with the delivery answer in English replaced and a `gift-wrapping` topic first on the menu. */
function editedContent(): SelfServiceContent {
  const content = editableShippedContent();
  const delivery = topicOf(content, 'delivery-status');
  delivery.answer.en = NEW_DELIVERY_ANSWER;
  content.topics.push({ ...structuredClone(delivery), id: 'gift-wrapping', title: { en: 'Gift wrapping', ja: 'ギフト包装', th: 'ห่อของขวัญ', 'zh-TW': '禮品包裝' } });
  content.menu.unshift('gift-wrapping');
  return parseSelfServiceContent(content, 'edited content');
}

/** A source whose content the test swaps. */
class SwappableSource implements SelfServiceContentSource {
  constructor(public content: SelfServiceContent) {}
  current(): SelfServiceContent {
    return this.content;
  }
}

describe('CustomerServiceBot: content from a source', () => {
  it('answers with the content the source gives at each turn, menu included', async () => {
    const source = new SwappableSource(realContent());
    const harness = new BotHarness(customer, source);
    const before = await harness.say(PHRASES.en.deliveryQuestion);
    assert.notEqual(textsOf(before)[0], NEW_DELIVERY_ANSWER);

    source.content = editedContent();
    const after = await harness.say(PHRASES.en.deliveryQuestion);
    assert.equal(textsOf(after)[0], NEW_DELIVERY_ANSWER);
    const menu = buttonsOf(lastMessage(await harness.say('menu')));
    assert.deepEqual(menu[0], ['Gift wrapping', 'topic:gift-wrapping']);
  });

  it('reads the source once per turn, so one turn never mixes two contents', async () => {
    const edited = editedContent();
    let reads = 0;
    // Only the first read has the topic the customer taps: a second read within the turn would lose it.
    const harness = new BotHarness(customer, { current: () => (++reads === 1 ? edited : realContent()) });
    const replies = await harness.tap('topic:gift-wrapping');
    assert.equal(reads, 1);
    assert.equal(textsOf(replies)[0], NEW_DELIVERY_ANSWER);
  });
});
