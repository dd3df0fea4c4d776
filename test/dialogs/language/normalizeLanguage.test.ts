import assert from 'node:assert/strict';
import { normalizeLanguage } from '../../../dialogs/language/normalizeLanguage.js';
import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage.js';

describe('normalizeLanguage', () => {
  const cases: readonly (readonly [string, SupportedLanguage])[] = [
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['th', 'th'],
    ['th-TH', 'th'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh', 'zh-TW'],
    ['zh-CN', 'zh-TW'],
    ['zh-Hans', 'zh-TW'],
    ['zh-Hans-CN', 'zh-TW'],
  ];
  for (const [tag, expected] of cases) {
    it(`maps ${tag} to ${expected}`, () => {
      assert.equal(normalizeLanguage(tag), expected);
    });
  }

  it('ignores case and accepts "_" as the separator', () => {
    assert.equal(normalizeLanguage('JA_jp'), 'ja');
    assert.equal(normalizeLanguage('zh_hant_tw'), 'zh-TW');
    assert.equal(normalizeLanguage('En-us'), 'en');
    assert.equal(normalizeLanguage('  th-TH  '), 'th');
  });

  it('returns undefined for languages the bot does not speak', () => {
    for (const tag of ['ko', 'ko-KR', 'fr', 'de-DE', 'id', 'vi-VN', 'yue']) assert.equal(normalizeLanguage(tag), undefined, tag);
  });

  it('returns undefined for what is no language tag', () => {
    for (const tag of [undefined, '', ' ', 'english', 'Japanese', 'en-', '-en', 'e', 'x-klingon', '*', 'en--US', 'zh-TW-toolongsubtag']) {
      assert.equal(normalizeLanguage(tag), undefined, String(tag));
    }
  });
});
