import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { readRawBody, sendBodyProblem } from './readRawBody';

/** Largest JSON body the management API accepts. */
const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Reads, parses and validates a JSON request body of at most `maxBytes` (256 KiB unless given), within the
 * request's body timeout (see `bodyTimeout.ts`). On failure it answers the request itself — 413, 408 (closing the
 * connection), 400 for malformed JSON, or 400 naming the field at fault — and returns `undefined`.
 */
export async function readValidJson<S extends z.ZodType>(req: Request, res: Response, schema: S, maxBytes = MAX_JSON_BODY_BYTES): Promise<z.infer<S> | undefined> {
  const body = await readRawBody(req, maxBytes);
  if (!body.ok) {
    sendBodyProblem(res, body);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = body.bytes.length === 0 ? {} : JSON.parse(body.bytes.toString('utf8'));
  } catch {
    res.send(400, { message: 'body is not valid JSON' });
    return undefined;
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    // An unknown key is reported at the object holding it; the key itself is the field at fault.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
    const field = path.length > 0 ? path.join('.') : undefined;
    res.send(400, { message: issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid body', ...(field ? { field } : {}) });
    return undefined;
  }
  return checked.data;
}
