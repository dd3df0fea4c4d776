/**
 * The words of the transcript text index: how a text is cut into index terms and how a search is checked against a
 * text. Text is normalised first (Unicode NFKC, lower case), so full-width letters, half-width katakana and case do
 * not matter. Then:
 * - letters and digits of scripts that separate words with spaces (Latin, Cyrillic, …) form whole words: `refund`,
 *   `a12`; a word matches only as a whole word;
 * - Chinese characters, kana, Hangul and Thai, written without spaces, are cut into overlapping character pairs
 *   (bigrams): `返品したい` → `返品`, `品し`, `した`, `たい`. Any piece of such text two characters or longer has all of
 *   its pairs in a text that contains it, so the pairs find every candidate; the candidate's text is then checked for
 *   the piece itself, so pairs that happen to occur apart (`返品` … `品物`) are no match.
 */

/** Index terms longer than this (a pasted token, a URL) are left out of the index. */
export const MAX_TERM_LENGTH = 40;

/** One piece of a search: a whole word, or a run of unspaced text (matched as a substring). */
export interface SearchPiece {
  readonly kind: 'word' | 'run';
  readonly text: string;
}

/** A parsed search: the pieces every match must contain, and the index terms that find the candidates. */
export interface TextSearch {
  readonly pieces: readonly SearchPiece[];
  readonly terms: readonly string[];
}

// Kana's prolonged sound mark and iteration marks are of the Common script but belong to the unspaced text.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\u30fc\u3005\u309d\u309e\u30fd\u30fe]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;

/** Text as the index sees it: NFKC, lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The pieces of a normalised text, in order: whole words and runs of unspaced text. */
export function piecesOf(normalized: string): SearchPiece[] {
  const pieces: SearchPiece[] = [];
  let current = '';
  let kind: SearchPiece['kind'] | undefined;
  let script = '';
  const flush = (): void => {
    if (kind && current) pieces.push({ kind, text: current });
    current = '';
    kind = undefined;
  };
  for (const char of normalized) {
    const unspaced = UNSPACED.test(char);
    const charKind: SearchPiece['kind'] | undefined = unspaced ? 'run' : WORD.test(char) ? 'word' : undefined;
    // Thai next to Japanese is two runs: a pair across scripts is nothing anyone searches for.
    const charScript = unspaced ? (/\p{Script=Thai}/u.test(char) ? 'thai' : 'cjk') : '';
    if (charKind !== kind || charScript !== script) flush();
    if (!charKind) continue;
    kind = charKind;
    script = charScript;
    current += char;
  }
  flush();
  return pieces;
}

/** The index terms of a piece: the word itself, or the character pairs of a run (a one-character run has none). */
export function termsOfPiece(piece: SearchPiece): string[] {
  if (piece.kind === 'word') return [...piece.text].length <= MAX_TERM_LENGTH ? [piece.text] : [];
  const chars = [...piece.text];
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) terms.push(chars[i]! + chars[i + 1]!);
  return terms;
}

/**
 * The distinct index terms of a text, at most `limit` of them (the first ones met).
 *
 * @example indexTermsOf('返品したい refund!', 100); // ['返品', '品し', 'した', 'たい', 'refund']
 */
export function indexTermsOf(text: string, limit: number): string[] {
  const terms = new Set<string>();
  for (const piece of piecesOf(normalizeText(text))) {
    for (const term of termsOfPiece(piece)) {
      if (terms.size >= limit) return [...terms];
      terms.add(term);
    }
  }
  return [...terms];
}

/**
 * Parses what a user typed into a search; `undefined` when it holds nothing the index can look up (only punctuation,
 * or a single character of unspaced text, which has no pair).
 *
 * @example parseTextSearch('คืนเงิน refund'); // pieces: run 'คืนเงิน', word 'refund'; terms: 'คื', 'ืน', …, 'refund'
 */
export function parseTextSearch(query: string): TextSearch | undefined {
  const pieces = piecesOf(normalizeText(query));
  const terms = new Set<string>();
  for (const piece of pieces) {
    const own = termsOfPiece(piece);
    if (own.length === 0) return undefined;
    // Every other pair (and the last) covers every character of a run: enough to find the candidates, which are
    // checked for the whole run anyway, with half the look-ups.
    for (const [index, term] of own.entries()) if (piece.kind === 'word' || index % 2 === 0 || index === own.length - 1) terms.add(term);
  }
  return terms.size === 0 ? undefined : { pieces, terms: [...terms] };
}

/**
 * Whether `texts` (the messages of a conversation) contain every piece of `search`: a word as a whole word, a run as
 * a substring of one message. This is the check that rules out pairs that only occur apart.
 */
export function textsMatch(texts: readonly string[], search: TextSearch): boolean {
  const normalized = texts.map(normalizeText);
  const words = new Set<string>();
  for (const text of normalized) for (const piece of piecesOf(text)) if (piece.kind === 'word') words.add(piece.text);
  return search.pieces.every((piece) => (piece.kind === 'word' ? words.has(piece.text) : normalized.some((text) => text.includes(piece.text))));
}
