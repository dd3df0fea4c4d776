import assert from 'node:assert/strict';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import type { AssignmentStore } from '../../src/handoff/assignmentStore';
import type { HandoffConfigRepository } from '../../src/handoff/config/handoffConfigRepository';
import { waitEstimateNotice } from '../../src/handoff/waitEstimateNotice';

/** One agent, available, who serves the `support` queue in English. */
const deps = {
  assignments: { listAgents: async () => [{ id: 'agent-1', presence: 'available' }] } as unknown as AssignmentStore,
  config: { agents: { get: async () => ({ id: 'agent-1', queueIds: ['support'], languages: ['en'] }) } } as unknown as HandoffConfigRepository,
};
const conversation = { queueId: 'support', language: 'en' } as const;

describe('waitEstimateNotice', () => {
  it('renders the default estimate with a plural-correct duration', async () => {
    const render = async (duration: string, minutes: number): Promise<string> => renderTemplate(DEFAULT_AUTOMATED_MESSAGES.en.estimatedWait, { WaitDuration: duration, WaitTime: minutes });
    assert.equal(await waitEstimateNotice(deps, conversation, 1, render), 'The estimated waiting time is about 1 minute. Thank you for waiting.');
    assert.equal(await waitEstimateNotice(deps, conversation, 5, render), 'The estimated waiting time is about 5 minutes. Thank you for waiting.');
  });

  it('keeps an override written with the bare number ({WaitTime} minutes) reading once, not "5 minutes minutes"', async () => {
    const override = 'Roughly {WaitTime} minutes to go, thanks for hanging on.';
    const render = async (duration: string, minutes: number): Promise<string> => renderTemplate(override, { WaitDuration: duration, WaitTime: minutes });
    assert.equal(await waitEstimateNotice(deps, conversation, 5, render), 'Roughly 5 minutes to go, thanks for hanging on.');
  });
});
