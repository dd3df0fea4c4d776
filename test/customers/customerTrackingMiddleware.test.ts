import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createLogger } from '../../src/logger';
import { CustomerTrackingMiddleware } from '../../src/customers/customerTrackingMiddleware';
import type { CustomerRepository, CustomerSighting } from '../../src/customers/customerRepository';

/** Records sightings instead of storing them: the middleware's own decisions are under test here. */
function recordingRepository(): { repository: CustomerRepository; seen: CustomerSighting[] } {
  const seen: CustomerSighting[] = [];
  const repository = { recordSeen: async (sighting: CustomerSighting) => { seen.push(sighting); return {}; } } as unknown as CustomerRepository;
  return { repository, seen };
}

function lineMessage(at: number, name = 'Aiko', from = 'U4af4980629d3f6e1a7b0c2d5e8f91a3b'): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    channelId: 'line',
    text: 'hi',
    timestamp: new Date(at),
    locale: 'ja',
    from: { id: from, name, role: 'user', properties: { pictureUrl: 'https://profile.line-scdn.net/0h1' } },
    conversation: { id: `default:user:${from}`, isGroup: false, conversationType: 'personal', name: '' },
  };
}

describe('CustomerTrackingMiddleware', () => {
  it('records a LINE customer with profile, account and time', async () => {
    const { repository, seen } = recordingRepository();
    const tracker = new CustomerTrackingMiddleware(repository, createLogger('silent'));
    const adapter = new TestAdapter(async () => undefined).use(tracker);
    await adapter.send(lineMessage(1_700_000_000_000));
    await tracker.flush();
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], {
      channelId: 'line',
      userId: 'U4af4980629d3f6e1a7b0c2d5e8f91a3b',
      at: new Date(1_700_000_000_000),
      accountId: 'default',
      displayName: 'Aiko',
      pictureUrl: 'https://profile.line-scdn.net/0h1',
      language: 'ja',
    });
  });

  it('writes a returning customer again only after a minute or when the profile changed', async () => {
    const { repository, seen } = recordingRepository();
    const tracker = new CustomerTrackingMiddleware(repository, createLogger('silent'));
    const adapter = new TestAdapter(async () => undefined).use(tracker);
    const start = 1_700_000_000_000;
    for (const activity of [lineMessage(start), lineMessage(start + 1_000), lineMessage(start + 30_000), lineMessage(start + 31_000, 'Aiko T.'), lineMessage(start + 95_000, 'Aiko T.')]) {
      await adapter.send(activity);
    }
    await tracker.flush();
    assert.deepEqual(seen.map((sighting) => [sighting.at.getTime() - start, sighting.displayName]), [[0, 'Aiko'], [31_000, 'Aiko T.'], [95_000, 'Aiko T.']]);
  });

  it('ignores the bot’s own activities', async () => {
    const { repository, seen } = recordingRepository();
    const tracker = new CustomerTrackingMiddleware(repository, createLogger('silent'));
    // TestAdapter turns a bot sender into its test user, so the context is built directly.
    const context = new TurnContext(new TestAdapter(), { ...lineMessage(1_700_000_000_000), from: { id: 'Ubot', name: 'bot', role: 'bot' } });
    let nextRan = false;
    await tracker.onTurn(context, async () => { nextRan = true; });
    await tracker.flush();
    assert.equal(nextRan, true);
    assert.equal(seen.length, 0);
  });
});
