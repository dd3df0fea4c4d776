import { signWebhookBody } from '../../src/simulator/webhookDelivery';

/** A webhook body as LINE would send it: the exact bytes and their `x-line-signature`. */
export interface SignedWebhook {
  readonly raw: Buffer;
  readonly signature: string;
}

/** Serialises `body` and signs the bytes with the channel secret, as LINE does. */
export function signWebhook(body: unknown, channelSecret: string): SignedWebhook {
  const raw = Buffer.from(JSON.stringify(body));
  return { raw, signature: signWebhookBody(raw, channelSecret) };
}
