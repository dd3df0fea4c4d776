import { ActivityTypes, type Activity } from 'botbuilder';

/** Name of the event activity that withdraws a customer's open handoff request. */
export const HANDOFF_CANCEL_EVENT = 'handoff.cancel';

/**
 * The event that withdraws the open handoff request of `customerId`.
 *
 * @example
 * await context.sendActivity(createHandoffCancel('line:U4af49…'));
 */
export function createHandoffCancel(customerId: string): Partial<Activity> {
  return { type: ActivityTypes.Event, name: HANDOFF_CANCEL_EVENT, value: customerId };
}
