import assert from 'node:assert/strict';
import { forgetText, newConversationData, rememberText } from '../../dialogs/state/conversationData';
import { unsentActivity, withoutUnsentText } from '../../src/transcripts/unsentMessage';

describe('unsent messages', () => {
  it('keeps only who sent it, where and when', () => {
    const kept = unsentActivity({ type: 'message', id: 'm1', text: 'card 4111', channelData: { raw: 'card 4111' }, attachments: [{ contentType: 'image/png' }], from: { id: 'U1', name: 'Sam' } });
    assert.equal(kept.type, 'messageDelete');
    assert.equal(kept.id, 'm1');
    assert.ok(!JSON.stringify(kept).includes('4111'));
  });

  it('clears quoted text as whole lines, leaving other lines and other strings alone', () => {
    const event = { type: 'event', value: { summary: 'hello\ncard 4111 1111\nwhere is it?', reason: 'customerAsked' } };
    assert.deepEqual(withoutUnsentText(event, 'card 4111 1111'), { type: 'event', value: { summary: 'hello\nwhere is it?', reason: 'customerAsked' } });
    const untouched = { text: 'nothing here' };
    assert.equal(withoutUnsentText(untouched, 'card'), untouched, 'the same object when nothing changed');
  });

  it('lets the bot forget an unsent text it remembered, by message id', () => {
    const data = newConversationData();
    rememberText(data, 'hi', 'a');
    rememberText(data, 'card 4111', 'b');
    assert.equal(forgetText(data, 'b'), 'card 4111');
    assert.deepEqual(data.recentTexts, ['hi']);
    assert.equal(forgetText(data, 'zzz'), undefined);
    // State saved before ids were kept: nothing is known, nothing breaks.
    assert.equal(forgetText({ recentTexts: ['old'], misses: 0 }, 'b'), undefined);
  });
});
