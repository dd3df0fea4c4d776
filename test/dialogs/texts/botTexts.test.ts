import assert from 'node:assert/strict';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import type { BotTexts } from '../../../dialogs/texts/botTexts';
import { chooseLanguageInEveryLanguage, textsFor } from '../../../dialogs/texts/textsFor';

const LINE_LABEL_LIMIT = 20;

function labelsOf(texts: BotTexts): string[] {
  return [
    texts.talkToPersonLabel,
    texts.languageLabel,
    texts.yesLabel,
    texts.noLabel,
    texts.backToMenuLabel,
    texts.skipLabel,
    ...([1, 2, 3, 4, 5] as const).map((rating) => texts.ratingLabel(rating)),
  ];
}

/** Every text of a language, functions called with sample values. */
function everyText(texts: BotTexts): string[] {
  return Object.values(texts).flatMap((value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    return [
      texts.greeting('Mai'),
      texts.greeting(),
      texts.offerPerson('notHelpful'),
      texts.offerPerson('notUnderstood'),
      ...(['image', 'video', 'audio', 'file'] as const).flatMap((kind) => [texts.mediaReceived(kind, true), texts.mediaReceived(kind, false)]),
      texts.locationReceived(true),
      texts.locationReceived(false),
      ...labelsOf(texts),
    ];
  });
}

describe('bot texts', () => {
  it('keeps every button label within LINE’s 20 characters, in every language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const label of labelsOf(textsFor(language))) {
        assert.ok(label.length > 0 && label.length <= LINE_LABEL_LIMIT, `${language}: "${label}" has ${label.length} characters`);
      }
    }
  });

  it('greets by name when one is given, in every language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      assert.ok(textsFor(language).greeting('Mai').includes('Mai'), language);
      assert.ok(!textsFor(language).greeting().includes('undefined'), language);
    }
  });

  it('writes each language in its own script and register', () => {
    for (const text of everyText(textsFor('ja'))) assert.doesNotMatch(text, /[\u0E00-\u0E7F]/u);
    assert.match(textsFor('ja').handoffRecorded, /ます。/u, 'Japanese is polite (です/ます)');
    assert.match(textsFor('ja').nothingToCancel, /ません。$/u);
    for (const text of everyText(textsFor('zh-TW'))) {
      assert.doesNotMatch(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/u, text);
      // Characters written differently in Simplified Chinese: the Traditional ones must be used.
      assert.doesNotMatch(text, /[这们么个说对会们还没帮问题选单语务员请谢]/u, text);
    }
    for (const text of everyText(textsFor('th'))) {
      if (/\p{L}/u.test(text)) assert.match(text, /\p{Script=Thai}/u, text);
      // Like the automated messages, the bot's Thai is polite without a speaker's gender.
      assert.doesNotMatch(text, /ค่ะ|คะ|ครับ|ดิฉัน|ผม/u, text);
    }
    for (const text of everyText(textsFor('en'))) assert.doesNotMatch(text, /[^\p{Script=Latin}\p{Script=Common}]/u, text);
  });

  it('asks for a language in all four languages at once', () => {
    const question = chooseLanguageInEveryLanguage();
    for (const language of SUPPORTED_LANGUAGES) assert.ok(question.includes(textsFor(language).chooseLanguage), language);
    assert.equal(question.split('\n').length, 4);
  });
});
