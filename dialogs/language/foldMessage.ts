/** A customer message as the recognisers compare it. */
export interface FoldedMessage {
  /** Words separated by single spaces. */
  readonly spaced: string;
  /** Without spaces, for scripts written without them (Japanese, Thai, Chinese). */
  readonly compact: string;
}

/**
 * The message as matched: NFKC (full-width and half-width forms alike), lower case, apostrophes
 * dropped ("I'd" → "id"), punctuation, symbols and emoji turned into single spaces (`spaced`) or
 * removed with the spaces (`compact`).
 *
 * @example foldMessage('Ｍｅｎｕ！') // { spaced: 'menu', compact: 'menu' }
 */
export function foldMessage(text: string): FoldedMessage {
  const spaced = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/gu, '')
    .replace(/[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\u{FE0E}\u{FE0F}\s]+/gu, ' ')
    .trim();
  return { spaced, compact: spaced.replaceAll(' ', '') };
}

/**
 * A regex alternation of literal strings, longest first so that the longest one wins.
 *
 * @example new RegExp(`^(?:${literalAlternation(['a', 'ab'])})$`) // /^(?:ab|a)$/
 */
export function literalAlternation(values: readonly string[]): string {
  return [...new Set(values)]
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}
