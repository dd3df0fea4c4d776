import type { TurnContext } from 'botbuilder';
import type { SelfServiceContent } from './selfServiceContent';
import type { SelfServiceContentSource } from './selfServiceContentSource';

const TURN_CONTENT = Symbol('turnContent');

/**
 * The self-service content a turn answers with: taken from `source` at the turn's first read and
 * kept in the turn's state, so every step of one turn sees the same topics and menu even when an
 * admin saves new content while the turn runs.
 *
 * @example
 * const topic = findTopic(turnContent(context, source), 'delivery-status');
 */
export function turnContent(context: TurnContext, source: SelfServiceContentSource): SelfServiceContent {
  const pinned: SelfServiceContent | undefined = context.turnState.get(TURN_CONTENT);
  if (pinned !== undefined) return pinned;
  const content = source.current();
  context.turnState.set(TURN_CONTENT, content);
  return content;
}
