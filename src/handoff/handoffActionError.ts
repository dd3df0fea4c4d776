import { DomainError, type DomainErrorStatus } from '../domainError';

/**
 * Why a handoff action was refused: `not_found` (404), `forbidden` (403), `conflict` (409: the state does not allow it
 * now), `language_not_served` (409: the queue or agent named does not serve the customer's language), `invalid` (400), `wrap_up_code_required` (409: the workstream wants a wrap-up code before the wrap-up closes),
 * `delivery_failed` (502: the channel did not take a message; sending again is safe), `channel_gone` (410: the
 * conversation's LINE account was deleted or disabled; the conversation is closed).
 */
export type HandoffActionErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'language_not_served' | 'invalid' | 'delivery_failed' | 'channel_gone' | 'wrap_up_code_required';

/** The HTTP status of each {@link HandoffActionErrorCode}. */
const STATUS_OF_CODE: Readonly<Record<HandoffActionErrorCode, DomainErrorStatus & (400 | 403 | 404 | 409 | 410 | 502)>> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  language_not_served: 409,
  wrap_up_code_required: 409,
  channel_gone: 410,
  invalid: 400,
  delivery_failed: 502,
};

/**
 * A handoff action that cannot be done, with a message for the person who asked (an agent, a supervisor); its HTTP
 * status follows from its code.
 *
 * @example throw new HandoffActionError('conflict', 'the offer has expired');
 */
export class HandoffActionError extends DomainError {
  declare readonly code: HandoffActionErrorCode;
  declare readonly status: 400 | 403 | 404 | 409 | 410 | 502;

  constructor(code: HandoffActionErrorCode, message: string) {
    super(code, STATUS_OF_CODE[code], message);
  }
}
