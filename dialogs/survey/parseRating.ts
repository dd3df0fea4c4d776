/** A survey rating: 1 (poor) to 5 (excellent). */
export type Rating = 1 | 2 | 3 | 4 | 5;

/** The ratings, lowest first. */
export const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

const RATING_PATTERN = /^(?:rating:)?([1-5１-５])$/;

/**
 * The rating a customer answered: a rating button's payload (`rating:4`), or a digit 1–5 typed in
 * half-width or full-width form (`4`, `４`, as Japanese and Chinese keyboards type them).
 * `undefined` for anything else.
 *
 * @example
 * parseRating('rating:5'); // 5
 * parseRating(' ３ '); // 3
 * parseRating('6'); // undefined
 */
export function parseRating(text: string): Rating | undefined {
  const digit = RATING_PATTERN.exec(text.trim())?.[1];
  if (digit === undefined) return undefined;
  const code = digit.charCodeAt(0);
  // Full-width digits sit at U+FF10 + n.
  const value = code >= 0xff10 ? code - 0xff10 : code - 0x30;
  return RATINGS.find((rating) => rating === value);
}
