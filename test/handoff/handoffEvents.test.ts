import assert from 'node:assert/strict';
import pino from 'pino';
import { HandoffEventBus, type HandoffEvent } from '../../src/handoff/handoffEvents';
import { ChangeFeed } from '../../src/storage/changeFeed';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { describeEachBackend } from '../storage/engine/storageBackends';
import { eventually } from '../support/eventually';

describeEachBackend('HandoffEventBus across instances', (backend) => {
  let store: DocumentStore;
  let feeds: ChangeFeed[];

  beforeEach(async () => {
    store = await backend.open();
    const logger = pino({ level: 'silent' });
    feeds = [new ChangeFeed({ store, logger, pollIntervalMs: 60_000 }), new ChangeFeed({ store, logger, pollIntervalMs: 60_000 })];
    await Promise.all(feeds.map((feed) => feed.start()));
  });

  afterEach(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    await store.close();
  });

  it('delivers an event at once to this instance and through the feed to the other, each once, in order', async () => {
    const [here, there] = [new HandoffEventBus(feeds[0]), new HandoffEventBus(feeds[1])];
    const seenHere: HandoffEvent[] = [];
    const seenThere: HandoffEvent[] = [];
    here.subscribe((event) => seenHere.push(event));
    there.subscribe((event) => seenThere.push(event));

    const events: HandoffEvent[] = [
      { type: 'presence', agentId: 'u1', presence: 'available' },
      { type: 'offer', conversationId: 'c1', queueId: 'q1', agentId: 'u1', deadline: '2026-01-01T00:00:00.000Z' },
      { type: 'message', conversationId: 'c1', queueId: 'q1', agentId: 'u1', message: { id: 'm1', author: 'customer', text: 'hello', attachments: [], at: '2026-01-01T00:00:01.000Z' } },
    ];
    for (const event of events) here.publish(event);
    assert.deepEqual(seenHere, events, 'local subscribers get local events at once');
    assert.equal(seenThere.length, 0, 'the other instance only through the feed');

    await eventually(async () => {
      await Promise.all(feeds.map((feed) => feed.pollNow()));
      assert.ok(seenThere.length >= events.length, `only ${seenThere.length} events arrived`);
    });
    await Promise.all(feeds.map((feed) => feed.pollNow()));
    assert.deepEqual(seenThere, events);
    assert.deepEqual(seenHere, events, 'not again from the feed');
  });
});
