/**
 * Why a handoff action was refused: `not_found` (404), `forbidden` (403), `conflict` (409: the state does not allow it
 * now), `invalid` (400), `delivery_failed` (502: the channel did not take a message; sending again is safe).
 */
export type HandoffActionErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'delivery_failed';

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
  get status(): 400 | 403 | 404 | 409 | 502 {
    switch (this.code) {
      case 'not_found':
        return 404;
      case 'forbidden':
        return 403;
      case 'conflict':
        return 409;
      case 'invalid':
        return 400;
      case 'delivery_failed':
        return 502;
    }
  }
}
