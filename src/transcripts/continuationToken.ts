/**
 * A continuation token for a page position.
 *
 * @example decodeSeqToken(encodeToken({ seq: 40 })) // 40
 */
export function encodeToken(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a continuation token holds; a `RangeError` when it holds none. */
export function decodeToken(token: string): Record<string, unknown> {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (decoded !== null && typeof decoded === 'object') return decoded as Record<string, unknown>;
  } catch {
    // Reported below with the token, like any other malformed one.
  }
  throw new RangeError(`invalid continuation token '${token}'`);
}

/** The sequence number of an activity page's token; a `RangeError` when it has none. */
export function decodeSeqToken(token: string): number {
  const { seq } = decodeToken(token);
  if (typeof seq !== 'number' || !Number.isInteger(seq)) throw new RangeError(`invalid continuation token '${token}'`);
  return seq;
}

/** The time and id of a conversation page's token; a `RangeError` when it has none. */
export function decodeConversationToken(token: string): { at: number; id: string } {
  const { at, id } = decodeToken(token);
  if (typeof at !== 'number' || typeof id !== 'string') throw new RangeError(`invalid continuation token '${token}'`);
  return { at, id };
}
