import { createHmac } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';

/** How a webhook endpoint answered a delivery. */
export interface WebhookDeliveryResult {
  readonly status: number;
  /** The start of the answer's body, for showing to a person. */
  readonly answer: string;
  readonly elapsedMs: number;
}

/**
 * LINE's webhook signature: base64 of HMAC-SHA256 over the exact body bytes, keyed with the channel secret.
 *
 * @example signWebhookBody(Buffer.from('{"hello":"world"}'), 'test_secret') // 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM='
 */
export function signWebhookBody(body: Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/**
 * Posts a webhook body the way LINE does: JSON bytes signed in `x-line-signature`. Rejects when the endpoint cannot be
 * reached or does not answer within `timeoutMs`; any HTTP answer, 4xx and 5xx included, is a result.
 *
 * @example const { status } = await deliverWebhook(url, secret, { destination: botUserId, events: [event] });
 */
export async function deliverWebhook(url: string, channelSecret: string, body: webhook.CallbackRequest, timeoutMs = 10_000): Promise<WebhookDeliveryResult> {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-line-signature': signWebhookBody(bytes, channelSecret) },
    body: bytes,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer = (await response.text()).slice(0, 1000);
  return { status: response.status, answer, elapsedMs: Math.round(performance.now() - started) };
}
