/**
 * The result a dialog ends with when the customer's message was not an answer to its question
 * (e.g. a new question instead of "yes"/"no"): the bot then handles the message as a fresh one.
 */
export const PASS_THROUGH = Object.freeze({ passThrough: true as const });

/**
 * Whether a dialog result is {@link PASS_THROUGH}.
 *
 * @example
 * if (result.status === DialogTurnStatus.complete && isPassThrough(result.result)) await handleFresh(context);
 */
export function isPassThrough(result: unknown): result is typeof PASS_THROUGH {
  return typeof result === 'object' && result !== null && 'passThrough' in result && result.passThrough === true;
}
