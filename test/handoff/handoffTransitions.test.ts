import assert from 'node:assert/strict';
import type { HandoffState } from '../../src/handoff/handoffConversation';
import { fromStates, HANDOFF_TRANSITIONS, mayTransition, noticeKey, type HandoffTransitionName } from '../../src/handoff/handoffTransitions';

const STATES: readonly HandoffState[] = ['queued', 'assigned', 'waiting', 'wrapUp', 'closed'];
const NAMES = Object.keys(HANDOFF_TRANSITIONS) as HandoffTransitionName[];

describe('the handoff transition table', () => {
  it('reaches every state, and from every open state a way to closed', () => {
    const reached = new Set(NAMES.map((name) => HANDOFF_TRANSITIONS[name].to));
    assert.deepEqual([...reached].sort(), [...STATES].sort());
    for (const state of STATES.filter((candidate) => candidate !== 'closed')) {
      assert.ok(
        NAMES.some((name) => HANDOFF_TRANSITIONS[name].to === 'closed' && mayTransition(name, { state })),
        `${state} can close`,
      );
    }
  });

  it('lets a customer who blocked the account be closed from every open state, and ask again from closed', () => {
    for (const state of ['queued', 'assigned', 'waiting', 'wrapUp'] as const) {
      assert.ok(mayTransition('customerLeft', { state }), state);
      assert.ok(mayTransition('accountRemoved', { state }), state);
    }
    assert.ok(mayTransition('request', { state: 'closed' }));
    assert.ok(mayTransition('request', undefined), 'no record yet');
    assert.ok(!mayTransition('request', { state: 'queued' }), 'an open request is not made twice');
  });

  it('gives a conditional write only states a record can be in', () => {
    assert.deepEqual(fromStates('request'), ['closed', 'wrapUp']);
    for (const name of NAMES) assert.ok(fromStates(name).every((state) => STATES.includes(state)), name);
  });

  it('keys each notice by its transition: the same notice retried keeps its key, the next assignment gets a new one', () => {
    const first = noticeKey({ id: 'c1', cycle: 2, version: 7 }, 'assigned');
    assert.equal(noticeKey({ id: 'c1', cycle: 2, version: 7 }, 'assigned'), first);
    assert.notEqual(noticeKey({ id: 'c1', cycle: 2, version: 9 }, 'assigned'), first);
    assert.notEqual(noticeKey({ id: 'c1', cycle: 2, version: 7 }, 'waiting'), first);
  });
});
