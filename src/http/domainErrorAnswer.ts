import type { Response } from 'restify';
import { DomainError } from '../domainError';

/**
 * Answers a {@link DomainError} with its status, message, code and field, for routes still registered on restify
 * directly (those declared through contracts have `ApiRouter` do it); anything else is rethrown for restify to report
 * as 500.
 *
 * @example try { … } catch (error) { answerDomainError(res, error); }
 */
export function answerDomainError(res: Response, error: unknown): void {
  if (!(error instanceof DomainError)) throw error;
  for (const [name, value] of Object.entries(error.headers)) res.header(name, value);
  res.send(error.status, { message: error.message, code: error.code, ...(error.field === undefined ? {} : { field: error.field }) });
}
