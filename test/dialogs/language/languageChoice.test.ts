import assert from 'node:assert/strict';
import { LANGUAGE_NAMES, recognizeLanguageChoice } from '../../../dialogs/language/languageChoice.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../../dialogs/language/supportedLanguage.js';

function assertChoice(expected: SupportedLanguage | undefined, texts: readonly string[]): void {
  for (const text of texts) assert.equal(recognizeLanguageChoice(text), expected, JSON.stringify(text));
}

describe('recognizeLanguageChoice', () => {
  it('recognises English by its name in every language', () => {
    assertChoice('en', ['English', 'english', 'ENGLISH', 'ＥＮＧＬＩＳＨ', '英語', '英文', '英语', 'ภาษาอังกฤษ', 'อังกฤษ']);
  });

  it('recognises Japanese by its name in every language', () => {
    assertChoice('ja', ['Japanese', '日本語', '日文', '日語', 'ญี่ปุ่น', 'ภาษาญี่ปุ่น']);
  });

  it('recognises Thai by its name in every language', () => {
    assertChoice('th', ['Thai', 'ภาษาไทย', 'ไทย', 'タイ語', '泰文', '泰語']);
  });

  it('recognises Chinese, Simplified included, as Traditional Chinese', () => {
    assertChoice('zh-TW', ['Chinese', 'Traditional Chinese', 'Mandarin', '中文', '繁體中文', '繁体中文', '简体中文', '中国語', '中國語', 'ภาษาจีน', 'จีน', '華語']);
  });

  it('trims and ignores punctuation and emoji around the name', () => {
    assertChoice('en', ['  English  ', 'English!', 'English 🙏', '"English"']);
    assertChoice('ja', ['日本語。', '「日本語」']);
    assertChoice('zh-TW', ['中文！']);
  });

  it('recognises short requests for a language in each language', () => {
    assertChoice('en', ['in English please', 'English, please', 'Can you speak English?', 'Do you speak English?', 'change language to English', 'I speak English', '英語でお願いします', '請用英文回答', 'ขอเป็นภาษาอังกฤษค่ะ']);
    assertChoice('ja', ['Japanese please', '日本語でお願いします', '日本語に切り替えてください', '日本語話せますか？', '可以說日文嗎']);
    assertChoice('th', ['Thai please', 'in Thai', 'พูดไทยได้ไหม', 'ขอภาษาไทยค่ะ', 'タイ語で', '換成泰文']);
    assertChoice('zh-TW', ['Chinese please', '可以說中文嗎？', '中文可以嗎', '我要中文', '請用中文', '中国語でお願いします', 'ขอภาษาจีนได้ไหมคะ']);
  });

  it('recognises a bare language tag', () => {
    assertChoice('en', ['en', 'EN', 'en-US']);
    assertChoice('ja', ['ja', 'jp', 'JP']);
    assertChoice('zh-TW', ['zh-TW', 'zh_tw']);
    assertChoice('th', ['th']);
  });

  it('ignores a language named inside an ordinary sentence', () => {
    assertChoice(undefined, [
      'I love Thai food',
      'my english is bad',
      'English test',
      'I don’t speak English',
      'Is the manual in Japanese?',
      '日本語がわかりません',
      '英語が苦手です',
      '中文翻譯有錯',
      '英文不好',
      'คนไทย',
      'ไม่ใช่ภาษาไทย',
      'Thailand',
      '日本',
    ]);
  });

  it('returns undefined for messages naming no language', () => {
    assertChoice(undefined, ['', '   ', 'hello', 'yes', 'no', 'ok', 'menu', 'สวัสดีค่ะ', '我想查詢訂單', 'ko', 'fr-FR', '👍']);
  });

  it('recognises every LANGUAGE_NAMES label as its own language', () => {
    for (const language of SUPPORTED_LANGUAGES) assert.equal(recognizeLanguageChoice(LANGUAGE_NAMES[language]), language);
  });

  it('names each language in itself', () => {
    assert.deepEqual(LANGUAGE_NAMES, { en: 'English', ja: '日本語', th: 'ไทย', 'zh-TW': '繁體中文' });
    assert.ok(Object.isFrozen(LANGUAGE_NAMES));
  });
});
