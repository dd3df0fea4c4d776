import type { IncomingMessage } from 'node:http';
import type { Response } from 'restify';
import { bodyTimeoutOf } from './bodyTimeout';

/** Why a request body could not be used, with the HTTP status that says so. */
export interface BodyProblem {
  readonly ok: false;
  readonly status: 400 | 408 | 413 | 415;
  readonly message: string;
}

/** Options of {@link readRawBody}. */
export interface ReadRawBodyOptions {
  /** Longest wait for the whole body, from the call; the request's own (see `bodyTimeout.ts`), or none, when absent. */
  readonly timeoutMs?: number;
}

/**
 * Reads a request body of at most `limit` bytes, within `options.timeoutMs` or else the request's body timeout.
 *
 * A body over the limit is drained (so the connection stays usable) and reported as 413. A body that has not arrived
 * in time is reported as 408 and no longer read: answer it with {@link sendBodyProblem}, which closes the connection.
 *
 * @example
 * const body = await readRawBody(req, 1024 * 1024, { timeoutMs: 5_000 });
 * if (!body.ok) return sendBodyProblem(res, body);
 */
export function readRawBody(req: IncomingMessage, limit: number, options: ReadRawBodyOptions = {}): Promise<{ readonly ok: true; readonly bytes: Buffer } | BodyProblem> {
  const tooLarge: BodyProblem = { ok: false, status: 413, message: `Request body is larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: { readonly ok: true; readonly bytes: Buffer } | BodyProblem): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timeoutMs = options.timeoutMs ?? bodyTimeoutOf(req);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle({ ok: false, status: 408, message: `The request body did not arrive within ${timeoutMs} ms` }), timeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      // Past the limit keep reading but stop buffering, so memory stays bounded and the client still gets an answer.
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => settle(size > limit ? tooLarge : { ok: true, bytes: Buffer.concat(chunks, size) }));
    req.once('error', () => settle({ ok: false, status: 400, message: 'The request body could not be read' }));
  });
}

/**
 * Answers a request whose body could not be used. After a 408 the rest of the body may still be on its way, so the
 * connection is closed once the answer is sent rather than kept for another request.
 *
 * @example if (!body.ok) return sendBodyProblem(res, body);
 */
export function sendBodyProblem(res: Response, problem: BodyProblem): void {
  if (problem.status === 408) res.header('connection', 'close');
  res.send(problem.status, { message: problem.message });
}
