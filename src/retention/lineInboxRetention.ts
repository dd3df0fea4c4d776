/**
 * The fewest days a processed LINE webhook event is remembered. The inbox recognises LINE's redeliveries by the event's
 * id (`webhookEventId`), so an id forgotten too early lets a late redelivery run a second time (a second answer to the
 * customer). LINE does not publish how long it keeps redelivering a failed webhook (it stops, and tells the channel's
 * administrators by email); its redeliveries arrive within hours, and a day is the floor kept here.
 */
export const MIN_LINE_INBOX_RETENTION_DAYS = 1;

/**
 * Days the LINE inbox keeps processed and dead events: `LINE_INBOX_RETENTION_DAYS`, lowered to
 * `TRANSCRIPT_RETENTION_DAYS` when that is shorter (an event holds the customer's message as LINE sent it), but never
 * below {@link MIN_LINE_INBOX_RETENTION_DAYS}.
 *
 * @example
 * lineInboxRetentionDays(7, undefined); // 7
 * lineInboxRetentionDays(7, 3); // 3
 * lineInboxRetentionDays(7, 0.5); // 1: deduplication needs a day
 */
export function lineInboxRetentionDays(inboxDays: number, transcriptRetentionDays: number | undefined): number {
  return Math.max(MIN_LINE_INBOX_RETENTION_DAYS, Math.min(inboxDays, transcriptRetentionDays ?? Infinity));
}
