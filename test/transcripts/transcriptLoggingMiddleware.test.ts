import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity, type TranscriptLogger, type TurnContext } from 'botbuilder';
import pino from 'pino';
import FakeTimers from '@sinonjs/fake-timers';
import type { DocumentStore } from '../../src/storage/engine/documentStore.js';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository.js';
import { TranscriptLoggingMiddleware } from '../../src/transcripts/transcriptLoggingMiddleware.js';
import { describeEachBackend } from '../storage/engine/storageBackends.js';

interface LogLine {
  level: number;
  msg: string;
  activityId?: string;
  delayMs?: number;
  conversationId?: string;
  channelId?: string;
  attempt?: number;
}

const WARN = 40;
const ERROR = 50;

/** A pino logger whose lines land in `lines`. */
function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

async function allActivities(repository: TranscriptRepository, channelId: string, conversationId: string): Promise<Activity[]> {
  const activities: Activity[] = [];
  let token: string | undefined;
  do {
    const page = await repository.getTranscriptActivities(channelId, conversationId, token);
    activities.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return activities;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function echo(context: TurnContext): Promise<void> {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
}

describeEachBackend('TranscriptLoggingMiddleware', (backend) => {
  let store: DocumentStore;
  let repository: TranscriptRepository;

  beforeEach(async () => {
    store = await backend.open();
    repository = await TranscriptRepository.open(store);
  });

  afterEach(async () => {
    await store.close();
  });

  it('keeps the order of 50 rapid messages and their replies, without the turns waiting for the store', async () => {
    // Writes take a few ms each, in random amounts, so unordered writes would land shuffled.
    const slow: TranscriptLogger = {
      logActivity: async (activity) => {
        await sleep(Math.floor(Math.random() * 4) + 1);
        await repository.logActivity(activity);
      },
    };
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(slow, { logger });
    const adapter = new TestAdapter(echo).use(middleware);

    for (let i = 0; i < 50; i += 1) await adapter.processActivity({ type: ActivityTypes.Message, text: `m${i}` });
    assert.ok(middleware.pendingWrites > 0, 'the turns finished before their writes');
    await middleware.flush();

    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.equal(logged.length, 100);
    assert.deepEqual(
      logged.map((activity) => activity.text),
      Array.from({ length: 50 }, (_, i) => [`m${i}`, `echo: m${i}`]).flat(),
    );
    assert.deepEqual(
      logged.filter((_, i) => i % 2 === 1).map((activity) => activity.id),
      adapter.activeQueue.map((reply) => reply.id),
      'replies are logged under the ids the adapter returned',
    );
    assert.equal(middleware.failedWrites, 0);
  });

  it('logs complete copies: the incoming activity as received, replies with sender, recipient and timestamp', async () => {
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(repository, { logger });
    const adapter = new TestAdapter(async (context) => {
      const original = context.activity.text;
      context.activity.text = 'changed by the bot';
      await context.sendActivity(`you said ${original ?? ''}`);
    }).use(middleware);

    const before = Date.now();
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'hello', id: 'in-1' });
    await middleware.flush();

    const [incoming, reply] = await allActivities(repository, 'test', 'Convo1');
    assert.equal(incoming?.text, 'hello');
    assert.equal(incoming?.id, 'in-1');
    assert.equal(incoming?.from.role, 'user');
    assert.equal(reply?.text, 'you said hello');
    assert.equal(reply?.id, adapter.activeQueue[0]?.id);
    assert.equal(reply?.replyToId, 'in-1');
    assert.deepEqual(reply?.from, { id: 'bot', name: 'Bot', role: 'bot' });
    assert.equal(reply?.recipient.id, 'user1');
    assert.equal(reply?.conversation.id, 'Convo1');
    assert.equal(reply?.channelId, 'test');
    assert.ok(reply?.timestamp instanceof Date && reply.timestamp.getTime() >= before);
    assert.equal((await repository.getConversation('test', 'Convo1'))?.customerId, 'test:user1');
  });

  it('skips typing activities and keeps every other kind', async () => {
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(repository, { logger });
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity({ type: ActivityTypes.Trace, name: 'debug', value: { step: 1 } });
      await context.sendActivity('done');
    }).use(middleware);

    await adapter.processActivity({ type: ActivityTypes.Typing });
    await adapter.processActivity({ type: ActivityTypes.Event, name: 'handoff.status', value: { state: 'accepted' } });
    await middleware.flush();

    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.deepEqual(
      logged.map((activity) => activity.type),
      ['trace', 'message', 'event', 'trace', 'message'],
    );
  });

  it('logs the incoming activity and the apology of a turn that throws', async () => {
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(repository, { logger });
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity('Looking that up…');
      throw new Error('order service down');
    }).use(middleware);
    adapter.onTurnError = async (context) => {
      await context.sendActivity('Sorry, something went wrong. Please try again.');
    };

    await adapter.processActivity({ type: ActivityTypes.Message, text: 'where is order 1234?' });
    await middleware.flush();

    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.deepEqual(
      logged.map((activity) => activity.text),
      ['where is order 1234?', 'Looking that up…', 'Sorry, something went wrong. Please try again.'],
    );
  });

  it('writes a turn’s activities in one go when the store can, and what follows the turn on its own', async () => {
    const { logger } = capturingLogger();
    const writes: string[][] = [];
    const counting = {
      logActivity: async (activity: Activity) => {
        writes.push([activity.text ?? '']);
        await repository.logActivity(activity);
      },
      logActivities: async (activities: Activity[]) => {
        writes.push(activities.map((activity) => activity.text ?? ''));
        await repository.logActivities(activities);
      },
    };
    const middleware = new TranscriptLoggingMiddleware(counting, { logger });
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity('Looking that up…');
      await context.sendActivity('It ships today.');
      if (context.activity.text === 'and 5678?') throw new Error('order service down');
    }).use(middleware);
    adapter.onTurnError = async (context) => {
      await context.sendActivity('Sorry, something went wrong.');
    };

    await adapter.processActivity({ type: ActivityTypes.Message, text: 'where is order 1234?' });
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'and 5678?' });
    await middleware.flush();

    assert.deepEqual(writes, [
      ['where is order 1234?', 'Looking that up…', 'It ships today.'],
      ['and 5678?', 'Looking that up…', 'It ships today.'],
      ['Sorry, something went wrong.'],
    ]);
    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.equal(logged.length, 7);
  });

  it('lets the turn’s error through after logging the incoming activity', async () => {
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(repository, { logger });
    const adapter = new TestAdapter(async () => {
      throw new Error('boom');
    }).use(middleware);

    await assert.rejects(adapter.processActivity({ type: ActivityTypes.Message, text: 'hi' }), /boom/);
    await middleware.flush();

    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.deepEqual(
      logged.map((activity) => activity.text),
      ['hi'],
    );
  });

  it('retries a failing write with doubling backoff and stores it once', async () => {
    let calls = 0;
    const flaky: TranscriptLogger = {
      logActivity: async (activity) => {
        calls += 1;
        if (calls <= 2) throw new Error(`store unavailable (${calls})`);
        await repository.logActivity(activity);
      },
    };
    const { logger, lines } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(flaky, { logger, initialBackoffMs: 20 });
    const adapter = new TestAdapter(async () => {}).use(middleware);
    const delayOf = (attempt: number): number => Number(lines.find((line) => line.level === WARN && line.attempt === attempt)?.delayMs);

    // The clock moves only when the test says so: each retry must wait out the delay it announced, and no longer.
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await adapter.processActivity({ type: ActivityTypes.Message, text: 'only once', id: 'in-7' });
      await clock.tickAsync(0);
      for (const [attempt, ceiling] of [[1, 20], [2, 40]] as const) {
        assert.equal(calls, attempt);
        const delay = delayOf(attempt);
        assert.ok(delay >= 0 && delay <= ceiling, `retry ${attempt} waits ${delay} ms, at most ${ceiling} ms`);
        if (delay > 0) {
          await clock.tickAsync(delay - 1);
          assert.equal(calls, attempt, `retry ${attempt} not before its ${delay} ms`);
        }
        await clock.tickAsync(1);
        assert.equal(calls, attempt + 1, `retry ${attempt} after its ${delay} ms`);
      }
    } finally {
      clock.uninstall();
    }
    await middleware.flush();

    assert.equal(calls, 3);
    const logged = await allActivities(repository, 'test', 'Convo1');
    assert.deepEqual(
      logged.map((activity) => [activity.id, activity.text]),
      [['in-7', 'only once']],
    );
    assert.equal(middleware.failedWrites, 0);
    assert.deepEqual(
      lines.filter((line) => line.level === WARN).map((line) => [line.activityId, line.attempt]),
      [
        ['in-7', 1],
        ['in-7', 2],
      ],
    );
    assert.equal(lines.filter((line) => line.level === ERROR).length, 0);
  });

  it('reports writes that keep failing, and the turn goes on unaffected', async () => {
    let calls = 0;
    const broken: TranscriptLogger = {
      logActivity: async () => {
        calls += 1;
        throw new Error('disk full');
      },
    };
    const { logger, lines } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(broken, { logger, maxAttempts: 3, initialBackoffMs: 1 });
    const adapter = new TestAdapter(echo).use(middleware);

    await adapter.processActivity({ type: ActivityTypes.Message, text: 'hi', id: 'in-9' });
    assert.equal(adapter.activeQueue[0]?.text, 'echo: hi');
    await middleware.flush();

    assert.equal(calls, 6);
    assert.equal(middleware.failedWrites, 2);
    const errors = lines.filter((line) => line.level === ERROR);
    assert.deepEqual(
      errors.map((line) => [line.activityId, line.conversationId, line.channelId, line.attempt, line.msg]),
      [
        ['in-9', 'Convo1', 'test', 3, 'transcript write failed; activity not logged'],
        [adapter.activeQueue[0]?.id, 'Convo1', 'test', 3, 'transcript write failed; activity not logged'],
      ],
    );
  });

  it('does not hold the turn while the store hangs, and gives up on hung writes in the end', async () => {
    const hanging: TranscriptLogger = { logActivity: () => new Promise<void>(() => {}) };
    const { logger, lines } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(hanging, { logger, maxAttempts: 2, initialBackoffMs: 1, attemptTimeoutMs: 250 });
    const adapter = new TestAdapter(echo).use(middleware);

    // The store never answers: were the turn waiting for it, it would return only once every write had given up.
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'anyone there?' });

    assert.equal(adapter.activeQueue[0]?.text, 'echo: anyone there?');
    assert.ok(middleware.pendingWrites > 0);
    await middleware.flush();
    assert.equal(middleware.failedWrites, 2);
    assert.equal(middleware.pendingWrites, 0);
    assert.equal(lines.filter((line) => line.level === ERROR).length, 2);
  });
  it('holds new turns back while too many writes are queued, and lets them run as writes finish', async () => {
    const blocked: (() => void)[] = [];
    const gated: TranscriptLogger = {
      logActivity: async (activity) => {
        await new Promise<void>((resolve) => blocked.push(resolve));
        await repository.logActivity(activity);
      },
    };
    const { logger } = capturingLogger();
    const middleware = new TranscriptLoggingMiddleware(gated, { logger, maxPendingWrites: 2 });
    let turns = 0;
    const adapter = new TestAdapter(async (context) => {
      turns += 1;
      await echo(context);
    }).use(middleware);

    const pending = (): number => middleware.pendingWrites;
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'first' });
    assert.equal(pending(), 2);
    const second = adapter.processActivity({ type: ActivityTypes.Message, text: 'second' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(turns, 1, 'the second turn ran while the queue was full');

    while (turns < 2) {
      blocked.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await second;
    for (;;) {
      const next = blocked.shift();
      if (next === undefined && pending() === 0) break;
      next?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual((await allActivities(repository, 'test', 'Convo1')).map((activity) => activity.text), ['first', 'echo: first', 'second', 'echo: second']);
  });
});
