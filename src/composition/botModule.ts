import { ConfigurationBotFrameworkAuthentication, ConversationState, UserState } from 'botbuilder';
import type { Logger } from 'pino';
import type { TurnLogic } from '../../adapters/line/lineAdapter.js';
import { CustomerServiceBot } from '../../dialogs/customerServiceBot.js';
import { BotFrameworkCloudAdapter } from '../botFramework/botFrameworkCloudAdapter.js';
import type { Config } from '../config.js';
import { LiveSelfServiceContent } from '../content/liveSelfServiceContent.js';
import { loadSelfServiceContent } from '../content/selfServiceContentFile.js';
import { SelfServiceContentRepository } from '../content/selfServiceContentRepository.js';
import { greetingOverride } from '../handoff/greetingOverride.js';
import type { StorageModule } from './storageModule.js';
import { turnErrorHandler } from './turnErrorHandler.js';

/** The customer-service bot, its self-service content and the Bot Framework adapter it also answers on. */
export interface BotModule {
  readonly cloudAdapter: BotFrameworkCloudAdapter;
  readonly selfServiceContent: LiveSelfServiceContent;
  /** The bot's turn logic. */
  readonly logic: TurnLogic;
  /** Stops following content changes. */
  close(): Promise<void>;
}

/**
 * Builds the bot on the stored state, surveys and content, and the Bot Framework adapter (the turn middleware is added
 * once the handoff exists).
 *
 * @example const bot = await openBotModule({ config, logger, storage }); await bot.logic(context);
 */
export async function openBotModule(options: { readonly config: Config; readonly logger: Logger; readonly storage: StorageModule }): Promise<BotModule> {
  const { config, logger, storage } = options;
  const { store, botStorage, surveys, handoffCycles, handoffConfig, automatedMessages, changes, clock } = storage;
  const cloudAdapter = new BotFrameworkCloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.botFramework.appId ?? '',
      MicrosoftAppPassword: config.botFramework.appPassword ?? '',
      MicrosoftAppType: config.botFramework.appType,
      MicrosoftAppTenantId: config.botFramework.tenantId ?? '',
    }),
  );
  cloudAdapter.onTurnError = turnErrorHandler(logger);
  const selfServiceContent = await LiveSelfServiceContent.open({
    repository: await SelfServiceContentRepository.open(store),
    fileContent: await loadSelfServiceContent(config.selfServiceContentFile),
    logger: logger.child({ component: 'self-service-content' }),
    changes,
  });
  const bot = new CustomerServiceBot({
    conversationState: new ConversationState(botStorage),
    userState: new UserState(botStorage),
    content: selfServiceContent,
    // Kept as answered, and beside the cycle they rate for the reports.
    surveys: { save: async (result) => { await surveys.save(result); await handoffCycles.recordSurvey(result); } },
    greetingOverride: (language) => greetingOverride(handoffConfig, automatedMessages, language),
    surveyExpiryMinutes: config.handoff.surveyExpiryMinutes,
    clock,
  });
  return { cloudAdapter, selfServiceContent, logic: (context) => bot.run(context), close: () => selfServiceContent.close() };
}
