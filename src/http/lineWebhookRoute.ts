import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { LineAdapter, TurnLogic } from '../../adapters/line/lineAdapter';
import { BodyTooLargeError, readRawBody } from './readRawBody';

/**
 * `POST /api/line/:accountId`: the callback URL of each LINE channel account. The body is read as
 * raw bytes (no body parser) so the signature can be checked before anything is parsed.
 */
export function registerLineWebhookRoute(server: Server, adapter: LineAdapter, logic: TurnLogic, maxBodyBytes: number, logger: Logger): void {
  server.post('/api/line/:accountId', async (req, res) => {
    const accountId = String(req.params.accountId ?? '');
    let rawBody: Buffer;
    try {
      rawBody = await readRawBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.send(413, { message: error.message });
      } else {
        logger.warn({ err: error, accountId }, 'could not read LINE webhook body');
        res.send(400, { message: 'could not read request body' });
      }
      return;
    }
    const signature = req.header('x-line-signature') || undefined;
    const result = await adapter.processWebhook(accountId, rawBody, signature, logic);
    res.send(result.status, result.body);
  });
}
