import type { messagingApi } from '@line/bot-sdk';

/**
 * Some messages of a turn could not be delivered. Carries what went out and what did not, so the
 * caller can report it (or store it for a later attempt) instead of losing it silently.
 */
export class LineDeliveryError extends Error {
  readonly code = 'line_delivery_failed';

  constructor(
    readonly accountId: string,
    readonly chatId: string,
    /** Messages LINE accepted before the failure. */
    readonly delivered: number,
    /** Messages that did not go out, in order. */
    readonly undelivered: readonly messagingApi.Message[],
    cause: unknown,
  ) {
    super(`Could not deliver ${undelivered.length} LINE message(s) to ${chatId} on account ${accountId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'LineDeliveryError';
  }
}
