import { parentPort, workerData } from 'node:worker_threads';
import { openBotPipeline, type BotPipeline } from '../botPipeline';
import { createLogger } from '../logger';
import { AppMetrics } from '../metrics/appMetrics';
import { followInboxAnnouncements } from './inboxAnnouncements';
import type { FromTurnThread, ToTurnThread, TurnThreadData } from './turnThreadProtocol';

/*
 * Entry point of the turn worker thread (LINE_TURN_RUNNER=thread): its own store handle, LINE adapter, bot and handoff
 * reactions, running the LINE work queue's events as the main thread admits them. It serves no HTTP.
 */

const port = parentPort;
if (!port) throw new Error('turnThreadMain runs only as a worker thread');
const data = workerData as TurnThreadData;
const logger = createLogger(data.config.logLevel).child({ thread: 'turns' });
const post = (message: FromTurnThread): void => port.postMessage(message);

let pipeline: BotPipeline | undefined;
// Conversations announced before the pipeline is open run once it is (the first poll would also find them).
const early = new Set<string>();
let stopping: Promise<void> | undefined;
let closeRest: (() => Promise<void>) | undefined;

port.on('message', (message: ToTurnThread) => {
  switch (message.type) {
    case 'run':
      for (const conversation of message.conversations) {
        if (pipeline) pipeline.lineAdapter.runConversation(conversation);
        else early.add(conversation);
      }
      break;
    case 'idle':
      void started.then(() => pipeline?.whenTurnsIdle()).then(
        () => post({ type: 'idle', id: message.id }),
        () => post({ type: 'idle', id: message.id }),
      );
      break;
    case 'metrics':
      void metrics.registry.getMetricsAsJSON().then((values) => post({ type: 'metrics', id: message.id, metrics: values }));
      break;
    case 'stop':
      stopping ??= stop();
      break;
  }
});

const metrics = new AppMetrics({ processMetrics: false });

async function start(): Promise<void> {
  const opened = await openBotPipeline({ config: data.config, logger, metrics, publicUrl: () => data.publicUrl });
  const unfollow = followInboxAnnouncements(opened.changes, (conversation) => opened.lineAdapter.runConversation(conversation));
  opened.selfServiceContent.startRefreshing();
  const memoryTimer = setInterval(() => {
    opened.transcripts.forgetIdleConversations();
    opened.customerTracker.forgetIdle();
  }, Math.min(opened.conversationCache.idleMs, 60_000));
  memoryTimer.unref();
  closeRest = async () => {
    unfollow();
    clearInterval(memoryTimer);
  };
  pipeline = opened;
  opened.lineAdapter.start(opened.logic);
  for (const conversation of early) opened.lineAdapter.runConversation(conversation);
  early.clear();
  post({ type: 'ready' });
}

async function stop(): Promise<void> {
  const opened = pipeline;
  if (opened) {
    // Running conversations finish and release their leases; the rest wait in the inbox for the next runner.
    await closeRest?.();
    // The handoff's sweeps, then the LINE adapter and its running turns, the bot's content, the store.
    await opened.close();
  }
  // Ends this thread only; whatever timer a library left behind must not keep it alive.
  process.exit(0);
}

const started = start();
started.catch((error: unknown) => {
  logger.error({ err: error }, 'the turn worker thread could not start');
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
