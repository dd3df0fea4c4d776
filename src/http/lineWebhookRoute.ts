import type { Logger } from 'pino';
import { z } from 'zod';
import type { LineAdapter, TurnLogic } from '../../adapters/line/lineAdapter';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { readRawBody, sendBodyProblem } from './readRawBody';

/** The bounds of a webhook request's body. */
export interface WebhookBodyLimits {
  readonly maxBodyBytes: number;
  /** Longest wait for the whole body; LINE sends it at once, so this is tight. */
  readonly bodyTimeoutMs: number;
}

/** What the webhook answers once the events are recorded. */
const webhookAcceptedSchema = z.object({
  accepted: z.number().int().describe('events recorded for processing'),
  duplicates: z.number().int().optional().describe('events LINE had delivered before (redeliveries), not recorded again'),
});

/** `POST /api/line/:accountId`. */
export const lineWebhook = apiContract({
  method: 'post', path: '/api/line/:accountId', tags: ['channels'], access: 'public',
  summary: 'Callback URL of a LINE channel account (LINE calls it)',
  description: 'Signed by LINE: `x-line-signature` is the HMAC-SHA256 of the raw body with the channel secret, checked before anything is parsed. The body is a LINE webhook (`{ destination, events }`).',
  body: { raw: true, contentTypes: ['application/json'], description: 'the LINE webhook body, exactly as LINE signed it' },
  responses: {
    // Documents the adapter's answer; the handler writes it as it is, so nothing is parsed on the hot path.
    200: { description: 'events recorded (processing follows)', schema: webhookAcceptedSchema },
    400: { description: 'malformed body' },
    401: { description: 'missing or invalid signature' },
    404: { description: 'no such account' },
    408: { description: 'the body did not arrive in time (the connection is closed)' },
    413: { description: 'body too large' },
    503: { description: 'events could not be recorded; LINE redelivers' },
  },
});

/**
 * `POST /api/line/:accountId`: the callback URL of each LINE channel account. The body is read as
 * raw bytes (no body parser) so the signature can be checked before anything is parsed. A body that does not arrive
 * within `limits.bodyTimeoutMs` is answered 408 and its connection closed, so slow senders cannot hold connections.
 *
 * @example registerLineWebhookRoute(api, lineAdapter, logic, { maxBodyBytes: 1_048_576, bodyTimeoutMs: 5_000 }, logger);
 */
export function registerLineWebhookRoute(api: ApiRouter, adapter: LineAdapter, logic: TurnLogic, limits: WebhookBodyLimits, logger: Logger): void {
  api.route(lineWebhook, async ({ req, res }) => {
    const accountId = String(req.params.accountId ?? '');
    const body = await readRawBody(req, limits.maxBodyBytes, { timeoutMs: limits.bodyTimeoutMs });
    if (!body.ok) {
      if (body.status !== 413) logger.warn({ accountId, reason: body.message }, 'could not read LINE webhook body');
      sendBodyProblem(res, body);
      return ANSWERED;
    }
    const signature = req.header('x-line-signature') || undefined;
    const result = await adapter.processWebhook(accountId, body.bytes, signature, logic);
    res.send(result.status, result.body);
    return ANSWERED;
  });
}
