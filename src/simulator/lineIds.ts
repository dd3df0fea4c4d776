import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lastMessageId = 0n;

/**
 * A ULID-shaped id (26 Crockford base-32 characters: 48-bit time, 80 random bits), like LINE's `webhookEventId`.
 *
 * @example newWebhookEventId() // '01JD5W9Q2M7Q8X3V4R6T1Y0ZAB'
 */
export function newWebhookEventId(now: number = Date.now()): string {
  let time = '';
  let rest = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD_BASE32.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD_BASE32.charAt(byte % 32);
  return time + random;
}

/**
 * A numeric-string message id like LINE's (18 digits), strictly increasing within the process.
 *
 * @example newMessageId() // '173245678901200001'
 */
export function newMessageId(): string {
  const candidate = BigInt(Date.now()) * 100_000n;
  lastMessageId = candidate > lastMessageId ? candidate : lastMessageId + 1n;
  return lastMessageId.toString();
}

/** A LINE user id: `U` followed by 32 lower-case hex digits. */
export function newUserId(): string {
  return 'U' + randomBytes(16).toString('hex');
}

/** A reply token (32 hex digits, the shape LINE uses). */
export function newReplyToken(): string {
  return randomBytes(16).toString('hex');
}

/** An opaque token of the kind LINE uses for `quoteToken` and `markAsReadToken`. */
export function newOpaqueToken(): string {
  return randomBytes(36).toString('base64url');
}

/** A request id as LINE puts in `x-line-request-id`. */
export function newRequestId(): string {
  return randomUUID();
}

/** Whether `value` is a UUID in the 8-4-4-4-12 hex form that `X-Line-Retry-Key` requires. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Whether `value` is a full LINE user id (`U` + 32 hex digits). */
export function isLineUserId(value: string): boolean {
  return /^U[0-9a-f]{32}$/.test(value);
}
