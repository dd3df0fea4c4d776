import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { HandoffHarness } from '../support/handoffHarness';
import { startTestServer, type TestServer } from '../support/testServer';

const EN = DEFAULT_AUTOMATED_MESSAGES.en;

function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}

/**
 * Two instances sweeping at the same time, as during a handover of the sweep lease (the old holder still finishing
 * its pass when the new one starts): each notice a sweep step decides goes to the customer once.
 */
describe('two sweeps overlapping on one store', () => {
  let h: HandoffHarness;
  let other: TestServer;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_QUEUE_UPDATE_SECONDS: '10' });
    // The second instance shares the store and the fake LINE API; its clock is a millisecond apart, as real clocks are.
    const shift = (): Date => new Date(h.clock.now().getTime() + 1);
    other = await startTestServer({ DATA_DIR: h.server.dataDir, HANDOFF_QUEUE_UPDATE_SECONDS: '10', HANDOFF_SWEEP_INTERVAL_MS: '60000', HANDOFF_SWEEP_LEASE_SECONDS: '120', LINE_API_BASE_URL: h.server.fake.baseUrl, LINE_DATA_API_BASE_URL: h.server.fake.baseUrl }, [], { clock: shift });
  });
  after(async () => {
    await other.close();
    await h.close();
  });

  it('tells a waiting customer their better place once', async () => {
    const [first, second] = [lineUser(1), lineUser(2)];
    for (const userId of [first, second]) {
      h.server.fake.api.setProfile(userId, { displayName: userId.slice(-2), language: 'en' });
      await h.say(userId, 'cmd:agent');
      h.clock.advance(1000);
    }
    const positionOne = renderTemplate(EN.positionInQueue, { Position: 1 });
    assert.ok(h.textsTo(second).includes(renderTemplate(EN.positionInQueue, { Position: 2 })), `the second customer was told their place: ${h.textsTo(second).join(' | ')}`);
    assert.equal(h.textsTo(second).filter((text) => text === positionOne).length, 0);

    // The first customer's conversation ends: the second moves up to first place.
    const overview = (await h.admin('GET', '/api/supervisor/overview')).json.conversations as { id: string; conversationId?: string }[];
    const firstConversation = overview.find((conversation) => conversation.conversationId === `default:user:${first}`) ?? overview[0];
    assert.ok(firstConversation);
    assert.equal((await h.admin('POST', `/api/supervisor/conversations/${firstConversation.id}/close`)).status, 200);
    h.clock.advance(20_000);

    await Promise.all([h.server.app.handoff.sweep(), other.app.handoff.sweep()]);
    await Promise.all([h.settle(), other.app.whenIdle()]);
    const told = h.textsTo(second).filter((text) => text === positionOne).length;
    assert.equal(told, 1, `the new place is told once: ${h.textsTo(second).join(' | ')}`);
  });
});
