import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { LineModule } from './lineModule.js';
import type { BotModule } from './botModule.js';
import type { ChangeFeed } from '../storage/changeFeed.js';
import { followInboxAnnouncements, InboxAnnouncer } from '../turns/inboxAnnouncements.js';
import { TurnWorkerThread } from '../turns/turnWorkerThread.js';

/** Where LINE turns run (`LINE_TURN_RUNNER`): here, in a worker thread, or on other instances. */
export interface TurnRunnerModule {
  /** The turn worker thread, once {@link TurnRunnerModule.start} started it (`LINE_TURN_RUNNER=thread`). */
  readonly turnThread: TurnWorkerThread | undefined;
  /** Where the LINE adapter hands an admitted conversation when turns do not run inline. */
  handOff(conversation: string): void;
  /** Starts the worker thread, if turns run there; after the listening address is known and the accounts are stored. */
  start(): Promise<void>;
  /** Resolves when the worker thread's running turns are done. */
  whenIdle(): Promise<void>;
  /** Stops following announcements and stops the worker thread (its running turns finish first). */
  close(): Promise<void>;
}

/**
 * Sets up the configured turn runner: `inline` runs turns in this thread (its own and those other instances announce),
 * `thread` in a worker thread started by {@link TurnRunnerModule.start}, `off` announces them for other instances.
 *
 * @example const runner = openTurnRunnerModule({ config, logger, changes, line, bot, publicUrl }); … await runner.start();
 */
export function openTurnRunnerModule(options: { readonly config: Config; readonly logger: Logger; readonly changes: ChangeFeed; readonly line: LineModule; readonly bot: BotModule; readonly publicUrl: () => string }): TurnRunnerModule {
  const { config, logger, changes, line, bot } = options;
  const runner = config.line.turnRunner;
  let stopFollowing = (): void => undefined;
  let handOff: (conversation: string) => void = () => undefined;
  let turnThread: TurnWorkerThread | undefined;
  if (runner === 'inline') {
    // Events of instances that died (this one before a restart included) and due retries run here once their leases expire.
    line.lineAdapter.start(bot.logic);
    stopFollowing = followInboxAnnouncements(changes, (conversation) => line.lineAdapter.runConversation(conversation));
  } else if (runner === 'off') {
    const announcer = new InboxAnnouncer(changes, logger.child({ component: 'line-adapter' }));
    handOff = (conversation) => announcer.announce(conversation);
  }
  return {
    get turnThread() {
      return turnThread;
    },
    handOff: (conversation) => handOff(conversation),
    async start() {
      if (runner !== 'thread') return;
      const thread = new TurnWorkerThread({ config, publicUrl: options.publicUrl(), logger: logger.child({ component: 'turn-thread' }) });
      await thread.start();
      turnThread = thread;
      handOff = (conversation) => thread.runConversation(conversation);
    },
    async whenIdle() {
      await turnThread?.whenIdle();
    },
    async close() {
      stopFollowing();
      // Its running turns finish and release their leases; what it had not started waits in the inbox.
      await turnThread?.stop();
    },
  };
}
