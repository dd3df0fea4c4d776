import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';

/** The body of every 5xx answer: no message of the cause, no path, no stack — the request id ties it to the log. */
export interface InternalErrorBody {
  readonly code: 'InternalError';
  readonly message: string;
  readonly requestId: string;
}

function internalErrorBody(req: Request): InternalErrorBody {
  return { code: 'InternalError', message: 'internal error; quote the request id when reporting it', requestId: req.id() };
}

/**
 * Every error a handler throws is logged with its request id; for 5xx answers the body becomes
 * {@link InternalErrorBody}, so nothing of the cause (file paths of a failing store, a library's message) reaches the
 * client. 4xx errors (404, 405, 413, a body that is not JSON) keep their message: it is about the request.
 *
 * @example redactServerErrors(server, logger);
 */
export function redactServerErrors(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: unknown; toJSON?: () => unknown }, callback: () => void) => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 500) {
      logger.error({ err: error, requestId: req.id(), method: req.method, url: req.url }, 'request failed');
      // restify sends an error carrying a numeric statusCode as it is, formatted with its toJSON.
      error.statusCode = status;
      const body = internalErrorBody(req);
      error.toJSON = () => body;
    } else {
      logger.info({ err: error, requestId: req.id(), method: req.method, url: req.url, status }, 'request refused');
    }
    callback();
  });
}
