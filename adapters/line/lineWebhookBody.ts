import type { webhook } from '@line/bot-sdk';

/** A webhook body whose envelope has the shape LINE sends; events are checked only as far as routing needs. */
export interface LineWebhookBody {
  readonly destination: string;
  readonly events: webhook.Event[];
}

/**
 * Parses and checks the envelope of a webhook body. Event contents are not validated here: an
 * event of a type we do not know is still well-formed and is ignored later, not refused.
 *
 * @returns the body, or a reason it is malformed.
 */
export function parseLineWebhookBody(rawBody: Buffer): LineWebhookBody | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { error: 'body is not valid JSON' };
  }
  if (!isRecord(parsed)) return { error: 'body must be a JSON object' };
  if (!Array.isArray(parsed.events)) return { error: '`events` must be an array' };
  const destination = typeof parsed.destination === 'string' ? parsed.destination : '';
  for (const [index, event] of parsed.events.entries()) {
    if (!isRecord(event)) return { error: `events[${index}] must be an object` };
    if (typeof event.type !== 'string') return { error: `events[${index}].type must be a string` };
    if (typeof event.webhookEventId !== 'string' || event.webhookEventId === '') return { error: `events[${index}].webhookEventId must be a non-empty string` };
    if (typeof event.timestamp !== 'number') return { error: `events[${index}].timestamp must be a number` };
  }
  return { destination, events: parsed.events as webhook.Event[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
