import { validateSignature } from '@line/bot-sdk';
import type { LineAccount } from './lineAccount';
import type { LineAdapterLogger } from './lineAdapterLogger';
import { parseLineWebhookBody, type LineWebhookBody } from './lineWebhookBody';

/** Looks up the LINE accounts the adapter serves; may be backed by a store. */
export interface LineAccountDirectory {
  /** The account, or `undefined` if there is none with this id (or it is disabled). */
  get(accountId: string): Promise<LineAccount | undefined>;
}

/** What the webhook endpoint answers. */
export interface LineWebhookResponse {
  readonly status: 200 | 400 | 401 | 404 | 503;
  readonly body: { readonly message?: string; readonly accepted?: number; readonly duplicates?: number };
}

/**
 * Checks a callback before anything in it is trusted: the account exists, `x-line-signature` is the HMAC of the raw
 * bytes with the account's channel secret, and the envelope is well-formed.
 *
 * @returns the account and body, or the answer to give (404, 401, 400, or 503 when the account lookup failed).
 * @example
 * const verified = await verifyLineWebhook(accounts, logger, 'default', rawBody, req.header('x-line-signature'));
 * if ('status' in verified) return res.send(verified.status, verified.body);
 */
export async function verifyLineWebhook(
  accounts: LineAccountDirectory,
  logger: LineAdapterLogger,
  accountId: string,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<{ account: LineAccount; body: LineWebhookBody } | LineWebhookResponse> {
  let account: LineAccount | undefined;
  try {
    account = await accounts.get(accountId);
  } catch (error) {
    logger.error({ accountId, err: error }, 'LINE webhook refused: could not look up the account; LINE will redeliver');
    return { status: 503, body: { message: 'account lookup failed; retry later' } };
  }
  if (!account) return { status: 404, body: { message: `no LINE account '${accountId}'` } };
  if (!signature || !validateSignature(rawBody, account.channelSecret, signature)) {
    logger.warn({ accountId }, 'LINE webhook refused: missing or invalid x-line-signature');
    return { status: 401, body: { message: 'invalid x-line-signature' } };
  }
  const body = parseLineWebhookBody(rawBody);
  if ('error' in body) return { status: 400, body: { message: body.error } };
  return { account, body };
}
