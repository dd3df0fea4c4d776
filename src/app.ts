import { AppMetrics } from './metrics/appMetrics';
import { openBotPipeline } from './botPipeline';
import { storeEnvironmentAccount } from './channels/environmentAccount';
import { Closers } from './composition/closers';
import { openHttpModule } from './composition/httpModule';
import { startJobsModule } from './composition/jobsModule';
import type { AppOptions, RunningApp } from './composition/runningApp';
import { logStartupNotices } from './composition/startupNotices';
import { openTurnRunnerModule } from './composition/turnRunnerModule';

export type { AppOptions, RunningApp } from './composition/runningApp';

/**
 * Builds and starts the whole server from a configuration, module by module: storage, bot, LINE, handoff (the bot
 * pipeline), the turn runner, HTTP (every route, registered before it listens), then the jobs. `close()` closes them
 * in the reverse order.
 *
 * @example const app = await startApp({ config: loadConfig(), logger }); … await app.close();
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const metrics = new AppMetrics();
  const runner = config.line.turnRunner;
  // The thread opens the configured store: turns would run against another store than the one given.
  if (runner === 'thread' && options.store) throw new Error('LINE_TURN_RUNNER=thread cannot be given a store: its worker thread opens the configured one');
  // Known once the server listens; nothing asks before then.
  let localUrl = '';
  const publicUrl = (): string => config.publicUrl ?? localUrl;
  const closers = new Closers();
  let handOff: (conversation: string) => void = () => undefined;
  try {
    const pipeline = await openBotPipeline({
      config, logger, metrics, publicUrl, closers,
      ...(options.store ? { store: options.store } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.lineRetryPolicy ? { lineRetryPolicy: options.lineRetryPolicy } : {}),
      ...(runner === 'inline' ? {} : { turnsElsewhere: (conversation: string) => handOff(conversation) }),
    });
    const { store, accounts } = pipeline;
    logger.info({ store: store.kind, turnRunner: runner, ...(store.kind === 'embedded' ? { dataDir: config.storage.dataDir } : {}) }, 'storage open');
    await storeEnvironmentAccount(accounts, config);
    const turnRunner = openTurnRunnerModule({ config, logger, changes: pipeline.changes, line: pipeline, bot: pipeline, publicUrl });
    handOff = (conversation) => turnRunner.handOff(conversation);
    closers.add({ name: 'turn runner', close: () => turnRunner.close() });
    const http = await openHttpModule({ config, logger, metrics, pipeline, turnRunner, publicUrl, localUrl: () => localUrl });
    closers.add({ name: 'http', close: () => http.close() });
    localUrl = await http.listen();
    await http.simulator.storeAccount(localUrl);
    // After the simulator's account is stored: the thread reads accounts from the store.
    await turnRunner.start();
    const jobs = await startJobsModule({ config, logger, metrics, pipeline, operations: http.operations });
    closers.add({ name: 'jobs', close: () => jobs.close() });
    await logStartupNotices({ config, logger, setup: http.firstAdminSetup, accounts, simulatorOn: http.simulator.on, localUrl, publicUrl });

    const whenIdle = async (): Promise<void> => {
      await pipeline.whenTurnsIdle();
      await turnRunner.whenIdle();
      await pipeline.handoff.sweepsDone();
    };
    const { transcripts, customerTracker } = pipeline;
    return {
      url: localUrl,
      server: http.server,
      store,
      lineAdapter: pipeline.lineAdapter,
      cloudAdapter: pipeline.cloudAdapter,
      accounts,
      transcripts,
      customers: pipeline.customers,
      firstAdminSetup: http.firstAdminSetup,
      attachments: pipeline.attachments,
      surveys: pipeline.surveys,
      automatedMessages: pipeline.automatedMessages,
      users: http.users,
      handoffConfig: pipeline.handoffConfig,
      selfServiceContent: pipeline.selfServiceContent,
      handoff: pipeline.handoff,
      retention: jobs.retention,
      handoffEvents: pipeline.handoffEvents,
      changes: pipeline.changes,
      assignments: pipeline.assignments,
      botStorage: pipeline.botStorage,
      simulator: http.simulator.simulator,
      metrics,
      operations: http.operations,
      conversationMemory: { conversations: () => transcripts.rememberedConversations, customers: () => customerTracker.rememberedCustomers, forgetIdle: () => jobs.forgetIdle() },
      whenIdle,
      turnThread: turnRunner.turnThread,
      close: () => closers.closeAll(),
    };
  } catch (error) {
    // What was built before the failure (the store first of all) is closed again, so a failed start leaves nothing open.
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
}
