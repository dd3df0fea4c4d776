import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LineAdapter, TurnLogic } from '../../adapters/line/lineAdapter';
import { readRawBody } from './readRawBody';

/**
 * `POST /api/line/:accountId`: the callback URL of each LINE channel account. The body is read as
 * raw bytes (no body parser) so the signature can be checked before anything is parsed.
 */
export function registerLineWebhookRoute(server: Server, adapter: LineAdapter, logic: TurnLogic, maxBodyBytes: number, logger: Logger): void {
  server.post('/api/line/:accountId', async (req, res) => {
    const accountId = String(req.params.accountId ?? '');
    const body = await readRawBody(req, maxBodyBytes);
    if (!body.ok) {
      if (body.status !== 413) logger.warn({ accountId, reason: body.message }, 'could not read LINE webhook body');
      res.send(body.status, { message: body.message });
      return;
    }
    const signature = req.header('x-line-signature') || undefined;
    const result = await adapter.processWebhook(accountId, body.bytes, signature, logic);
    res.send(result.status, result.body);
  });
}
