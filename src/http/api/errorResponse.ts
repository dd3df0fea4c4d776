import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import { DomainError } from '../../domainError';

/** The body of every refusal: a message for people, a stable code for programs, the field at fault when one is. */
export interface ErrorBody {
  /** A refusal's own fields (`issues`, `version`), when it carries some. */
  readonly [extra: string]: unknown;
  readonly message: string;
  readonly code: string;
  readonly field?: string;
  /** Ties a 5xx answer to the server's log. */
  readonly requestId?: string;
}

/**
 * The one place an error becomes an HTTP answer. A {@link DomainError} is answered with its status, message, code
 * and field (and the fields of its own it carries) (401 adds `WWW-Authenticate: Bearer`); anything else is a failure of ours: logged with the request id and
 * answered 500 with that id only, so nothing of the cause (store paths, a library's message, a stack) reaches the
 * client.
 *
 * @example
 * ```ts
 * try { await handler(req, res); } catch (error) { sendError(req, res, error, logger); }
 * ```
 */
export function sendError(req: Request, res: Response, error: unknown, logger: Logger): void {
  if (res.headersSent) {
    logger.error({ err: error, requestId: req.id(), method: req.method, url: req.url }, 'request failed after its answer began');
    return;
  }
  if (error instanceof DomainError) {
    if (error.status === 401) res.header('WWW-Authenticate', 'Bearer');
    for (const [name, value] of Object.entries(error.headers)) res.header(name, value);
    const body: ErrorBody = { ...error.bodyFields, message: error.message, code: error.code, ...(error.field === undefined ? {} : { field: error.field }) };
    if (error.status >= 500) logger.warn({ err: error, requestId: req.id(), method: req.method, url: req.url }, 'request failed downstream');
    res.send(error.status, body);
    return;
  }
  logger.error({ err: error, requestId: req.id(), method: req.method, url: req.url }, 'request failed');
  res.send(500, { code: 'InternalError', message: 'internal error; quote the request id when reporting it', requestId: req.id() } satisfies ErrorBody);
}
