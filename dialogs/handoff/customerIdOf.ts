import type { Activity } from 'botbuilder';

/**
 * The customer's id across the system, `{channelId}:{userId}`.
 *
 * @example
 * customerIdOf({ channelId: 'line', from: { id: 'U4af49…', name: 'Aiko' } }); // 'line:U4af49…'
 */
export function customerIdOf(activity: Partial<Activity>): string {
  return `${activity.channelId ?? 'unknown'}:${activity.from?.id ?? 'unknown'}`;
}
