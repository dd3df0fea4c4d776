import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

/**
 * The `onTurnError` of an adapter: logs the error and apologises to the customer, unless the turn runs again later.
 *
 * @example lineAdapter.onTurnError = turnErrorHandler(logger, (context) => lineAdapter.willRetryFailedTurn(context));
 */
export function turnErrorHandler(logger: Logger, willRetry: (context: TurnContext) => boolean = () => false): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    // A LINE event that runs again later (e.g. the store was briefly down) gets its real answer then, not an apology now.
    if (willRetry(context)) throw error;
    logger.error({ err: error, channelId: context.activity.channelId, conversationId: context.activity.conversation?.id }, 'unhandled error in a turn');
    try {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the customer about the error');
    }
  };
}
