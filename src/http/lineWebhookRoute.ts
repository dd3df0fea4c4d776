import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LineAdapter, TurnLogic } from '../../adapters/line/lineAdapter';
import { readRawBody, sendBodyProblem } from './readRawBody';

/** The bounds of a webhook request's body. */
export interface WebhookBodyLimits {
  readonly maxBodyBytes: number;
  /** Longest wait for the whole body; LINE sends it at once, so this is tight. */
  readonly bodyTimeoutMs: number;
}

/**
 * `POST /api/line/:accountId`: the callback URL of each LINE channel account. The body is read as
 * raw bytes (no body parser) so the signature can be checked before anything is parsed. A body that does not arrive
 * within `limits.bodyTimeoutMs` is answered 408 and its connection closed, so slow senders cannot hold connections.
 */
export function registerLineWebhookRoute(server: Server, adapter: LineAdapter, logic: TurnLogic, limits: WebhookBodyLimits, logger: Logger): void {
  server.post('/api/line/:accountId', async (req, res) => {
    const accountId = String(req.params.accountId ?? '');
    const body = await readRawBody(req, limits.maxBodyBytes, { timeoutMs: limits.bodyTimeoutMs });
    if (!body.ok) {
      if (body.status !== 413) logger.warn({ accountId, reason: body.message }, 'could not read LINE webhook body');
      sendBodyProblem(res, body);
      return;
    }
    const signature = req.header('x-line-signature') || undefined;
    const result = await adapter.processWebhook(accountId, body.bytes, signature, logic);
    res.send(result.status, result.body);
  });
}
