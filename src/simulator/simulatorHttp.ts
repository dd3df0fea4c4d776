/**
 * Small HTTP helpers shared by the fake LINE API and the simulator routes: bounded body reading, JSON answers,
 * header flattening, deliberate connection drops.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { readRawBody, type BodyProblem } from '../http/readRawBody';

export type { BodyProblem };

/** A JSON body that was read and parsed. */
export interface JsonBody {
  readonly ok: true;
  readonly value: unknown;
  readonly bytes: Buffer;
}

/** Whether a `content-type` header names JSON (`application/json` or `application/*+json`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType);
}

/**
 * Reads and parses a JSON request body of at most `limit` bytes: 415 unless the content type is JSON, 413 when too
 * large, 400 when malformed.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody | BodyProblem> {
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume();
    return { ok: false, status: 415, message: 'Content-Type must be application/json' };
  }
  const body = await readRawBody(req, limit);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString('utf8')) as unknown, bytes: body.bytes };
  } catch {
    return { ok: false, status: 400, message: 'The request body could not be parsed as JSON' };
  }
}

/** Answers with a JSON body; does nothing when the response has already been sent or its socket is gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
    'cache-control': 'no-store',
  });
  res.end(bytes);
}

/** The first value of a header that may have been repeated. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Request headers as one string per lower-case name; repeated headers are joined with `, `. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Drops the connection without answering (a simulated network failure); resolves once the socket is closed. */
export function destroyResponse(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.once('close', () => resolve());
    res.destroy();
  });
}
