import type { StoredDocument } from './documentStore';

/**
 * How the SQLite store writes documents as JSON text so that SQLite's own JSON functions compare them the way MongoDB
 * does. JSON has no Date, so a Date becomes a string tagged with U+10FFFF (the highest code point) followed by `T`
 * and its ISO time: `json_extract` then yields text that sorts after every other string and by time among dates, which
 * is MongoDB's order (strings < dates), and an index on the field serves date ranges directly. A string that itself
 * starts with U+10FFFF is stored with `S` after the tag, which keeps every string's order and keeps it apart from
 * dates.
 */
const TAG = '\u{10FFFF}';
const DATE_TAG = `${TAG}T`;
const STRING_TAG = `${TAG}S`;

/** The lowest and (exclusive) highest stored text of a Date: the bounds of dates in an index. */
export const DATE_LOW = DATE_TAG;
export const DATE_HIGH = `${TAG}U`;

/** The highest (exclusive) stored text of a string: strings sort below this, dates from it. */
export const STRING_HIGH = DATE_LOW;

/**
 * The stored form of a scalar: a Date as its tagged text, a string escaped when it starts with the tag; other values
 * as they are.
 *
 * @throws {TypeError} for a Date outside the years 0000–9999, whose ISO text would not sort by time.
 */
export function storedScalar(value: string | number | Date): string | number {
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (iso.length !== 24) throw new TypeError(`the date ${iso} is outside the years 0000–9999 the embedded store keeps`);
    return DATE_TAG + iso;
  }
  if (typeof value === 'string' && value.startsWith(TAG)) return STRING_TAG + value.slice(TAG.length);
  return value;
}

/**
 * The JSON text stored for a document (already checked by `toStorableDocument`): Dates and tag-prefixed strings in
 * their stored form ({@link storedScalar}).
 *
 * @example
 * ```ts
 * encodeDocument({ _id: 'a', at: new Date(0) }); // '{"_id":"a","at":"\u{10FFFF}T1970-01-01T00:00:00.000Z"}'
 * ```
 */
export function encodeDocument(document: StoredDocument): string {
  return JSON.stringify(document, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` is already the output of Date#toJSON; the holder still has the Date itself.
    const raw = this[key];
    if (raw instanceof Date) return storedScalar(raw);
    if (typeof value === 'string' && value.startsWith(TAG)) return storedScalar(value);
    return value;
  });
}

/** The document stored as `text` by {@link encodeDocument}, with its Dates and strings restored. */
export function decodeDocument<T extends StoredDocument>(text: string): T {
  // Most documents have no tagged string at all; skipping the reviver then keeps parsing at native speed.
  if (!text.includes(TAG)) return JSON.parse(text) as T;
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(TAG) ? decodeScalar(value) : value)) as T;
}

function decodeScalar(stored: string): string | Date {
  if (stored.startsWith(DATE_TAG)) return new Date(stored.slice(DATE_TAG.length));
  if (stored.startsWith(STRING_TAG)) return TAG + stored.slice(STRING_TAG.length);
  throw new Error(`unexpected tagged value ${JSON.stringify(stored.slice(0, 40))} in the embedded store`);
}
