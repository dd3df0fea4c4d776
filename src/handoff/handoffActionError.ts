/**
 * Why a handoff action was refused: `not_found` (404), `forbidden` (403), `conflict` (409: the state does not allow it
 * now), `language_not_served` (409: the queue or agent named does not serve the customer's language), `invalid` (400), `wrap_up_code_required` (409: the workstream wants a wrap-up code before the wrap-up closes),
 * `delivery_failed` (502: the channel did not take a message; sending again is safe), `channel_gone` (410: the
 * conversation's LINE account was deleted or disabled; the conversation is closed).
 */
export type HandoffActionErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'language_not_served' | 'invalid' | 'delivery_failed' | 'channel_gone' | 'wrap_up_code_required';

/**
 * A handoff action that cannot be done, with a message for the person who asked (an agent, a supervisor).
 *
 * @example throw new HandoffActionError('conflict', 'the offer has expired');
 */
export class HandoffActionError extends Error {
  constructor(
    readonly code: HandoffActionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HandoffActionError';
  }

  /** The HTTP status that reports it. */
  get status(): 400 | 403 | 404 | 409 | 410 | 502 {
    switch (this.code) {
      case 'not_found':
        return 404;
      case 'forbidden':
        return 403;
      case 'conflict':
      case 'language_not_served':
      case 'wrap_up_code_required':
        return 409;
      case 'channel_gone':
        return 410;
      case 'invalid':
        return 400;
      case 'delivery_failed':
        return 502;
    }
  }
}
