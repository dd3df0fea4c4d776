import type { IncomingMessage } from 'node:http';

/** Why a request body could not be used, with the HTTP status that says so. */
export interface BodyProblem {
  readonly ok: false;
  readonly status: 400 | 413 | 415;
  readonly message: string;
}

/**
 * Reads a request body of at most `limit` bytes.
 *
 * A body over the limit is drained (so the connection stays usable) and reported as 413.
 *
 * @example
 * const body = await readRawBody(req, 1024 * 1024);
 * if (!body.ok) return sendJson(res, body.status, { message: body.message });
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<{ readonly ok: true; readonly bytes: Buffer } | BodyProblem> {
  const tooLarge: BodyProblem = { ok: false, status: 413, message: `Request body is larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep reading but stop buffering, so memory stays bounded and the client still gets an answer.
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > limit ? tooLarge : { ok: true, bytes: Buffer.concat(chunks, size) }));
    req.once('error', () => resolve({ ok: false, status: 400, message: 'The request body could not be read' }));
  });
}

