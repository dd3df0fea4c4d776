import type { SupportedLanguage } from './supportedLanguage';

/** Only the start of a long message is looked at: a few hundred letters settle the script. */
const MAX_CHARACTERS_EXAMINED = 1_000;
/** Fewer Latin letters than this ("a", "x") say nothing about the language. */
const MIN_LATIN_LETTERS = 2;
/**
 * Weight of one Han character against one letter of an alphabet: a Han character is a whole syllable, so a brand name
 * in Latin letters ("我的LINE Pay帳號") does not outweigh the Chinese around it.
 */
const HAN_WEIGHT = 2;

const LETTER = /[\p{L}\p{M}]/u;
const THAI = /\p{Script=Thai}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Bopomofo is how Taiwanese type phonetically; it only ever accompanies Traditional Chinese here.
const HAN = /[\p{Script=Han}\p{Script=Bopomofo}]/u;
const LATIN = /\p{Script=Latin}/u;
const MARK = /\p{M}/u;

/**
 * The language a customer's message is written in, told from the script of its letters, or `undefined` when the
 * letters say nothing (only digits, punctuation, emoji or whitespace; a single Latin letter; another script, such as
 * Hangul or Cyrillic, outweighing ours).
 *
 * - Any Hiragana or Katakana → `ja` (Japanese is the only language mixing kana with anything).
 * - Otherwise the script with the most letters wins: Thai → `th`, Han (or Bopomofo) → `zh-TW`, Latin (at least two
 *   letters) → `en`. A Han character weighs two letters, as it carries a whole syllable. Ties go to the non-Latin
 *   script: Latin words inside Asian text are usually product names.
 *
 * Japanese written in kanji alone ("注文確認") reads as Chinese; nothing in the script can tell them apart.
 *
 * @example
 * ```ts
 * detectLanguage('สวัสดีค่ะ'); // 'th'
 * detectLanguage('注文した商品はいつ届きますか'); // 'ja'
 * detectLanguage('我想查詢訂單'); // 'zh-TW'
 * detectLanguage('where is my order'); // 'en'
 * detectLanguage('👍 123!'); // undefined
 * ```
 */
export function detectLanguage(text: string): SupportedLanguage | undefined {
  let thai = 0;
  let han = 0;
  let latin = 0;
  let other = 0;
  let examined = 0;
  for (const character of text) {
    if (examined++ >= MAX_CHARACTERS_EXAMINED) break;
    if (!LETTER.test(character)) continue;
    if (KANA.test(character)) return 'ja';
    if (THAI.test(character)) thai += 1;
    else if (HAN.test(character)) han += HAN_WEIGHT;
    else if (LATIN.test(character)) latin += 1;
    // Combining marks of Latin letters (é typed as e + ◌́) belong to no script of their own; they add nothing.
    else if (!MARK.test(character)) other += 1;
  }
  if (latin < MIN_LATIN_LETTERS) latin = 0;
  const best = Math.max(thai, han, latin);
  if (best === 0 || other > best) return undefined;
  if (thai === best) return 'th';
  if (han === best) return 'zh-TW';
  return 'en';
}
