import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The dashboard's text catalogues (dashboard/src/i18n), checked at run time. The dashboard's type check already
 * refuses a missing key or a wrong parameter; this guards what types cannot: empty texts, parameters dropped from a
 * sentence, and English left in place of a translation. The catalogue files are TypeScript without imports of values,
 * loaded as they are (Node strips their types).
 */
const I18N = path.resolve('dashboard/src/i18n');
const FILES = { en: 'en.ts', ja: 'ja.ts', th: 'th.ts', 'zh-TW': 'zhTW.ts' } as const;
type Code = keyof typeof FILES;

/** The catalogue families: the agent's and supervisor's screens, and the administration screens (own folder). */
const FAMILIES = [
  { name: 'screens', folder: I18N, exports: { en: 'en', ja: 'ja', th: 'th', 'zh-TW': 'zhTW' } },
  { name: 'administration', folder: path.join(I18N, 'admin'), exports: { en: 'adminEn', ja: 'adminJa', th: 'adminTh', 'zh-TW': 'adminZhTW' } },
] as const;
type Family = (typeof FAMILIES)[number];
type ParameterType = 'number' | 'string' | 'boolean';
type Text = string | ((...args: unknown[]) => string);
type Catalogue = Record<string, Text>;

/**
 * Keys a language legitimately writes as English does: the LINE Developers console is in English (and Japanese) only,
 * so Thai and Chinese admins find its fields by their English names.
 */
const LINE_CONSOLE_NAMES = ['channelId', 'callbackUrl', 'callbackWebhookUrl', 'channelSecret', 'channelToken'];
const SAME_AS_ENGLISH: Readonly<Record<Exclude<Code, 'en'>, readonly string[]>> = { ja: [], th: LINE_CONSOLE_NAMES, 'zh-TW': LINE_CONSOLE_NAMES };

async function load(family: Family, code: Code): Promise<Catalogue> {
  const file = path.join(family.folder, FILES[code]);
  const module = (await import(pathToFileURL(file).href)) as Record<string, Catalogue>;
  const catalogue = module[family.exports[code]];
  assert.ok(catalogue, `${file} exports ${family.exports[code]}`);
  return catalogue;
}

/** The parameters of each function text, as the family's en.ts declares them: `(n: number)`, `(name: string | undefined)`. */
function parameterTypes(family: Family): Map<string, ParameterType[]> {
  const source = readFileSync(path.join(family.folder, 'en.ts'), 'utf8');
  const found = new Map<string, ParameterType[]>();
  for (const match of source.matchAll(/^ {2}(\w+): \(([^)]*)\) =>/gm)) {
    const [, key, list] = match;
    if (!key || list === undefined) continue;
    found.set(
      key,
      list
        .split(',')
        .filter((parameter) => parameter.trim())
        .map((parameter) => (/:\s*number\b/.test(parameter) ? 'number' : /:\s*boolean\b/.test(parameter) ? 'boolean' : 'string')),
    );
  }
  return found;
}

/** Sample values for a function text: numbers that no language groups, strings no text contains by itself, `true`. */
function samplesFor(types: readonly ParameterType[]): (number | string | boolean)[] {
  return types.map((type, index) => (type === 'number' ? 7 + index * 11 : type === 'boolean' ? true : `«value${index}»`));
}

describe('the dashboard text catalogues', () => {
  const all = new Map<Family, Record<Code, Catalogue>>();
  let locales: { LOCALES: readonly string[]; bestLocale: (tags: readonly string[]) => string; localeOfTag: (tag: string) => string | undefined };

  before(async () => {
    for (const family of FAMILIES) {
      const loaded = {} as Record<Code, Catalogue>;
      for (const code of Object.keys(FILES) as Code[]) loaded[code] = await load(family, code);
      all.set(family, loaded);
    }
    locales = (await import(pathToFileURL(path.join(I18N, 'locales.ts')).href)) as typeof locales;
  });
  const screens = (): Record<Code, Catalogue> => all.get(FAMILIES[0]) ?? ({} as Record<Code, Catalogue>);

  it('has a catalogue for every language the switcher offers', () => {
    assert.deepEqual([...locales.LOCALES].sort(), Object.keys(FILES).sort());
  });

  for (const family of FAMILIES) {
    describe(`the ${family.name} family`, () => {
      const catalogues = {} as Record<Code, Catalogue>;
      before(() => Object.assign(catalogues, all.get(family)));

      it('gives every language exactly the keys of English, each a text or a function of the same parameters', () => {
        const english = catalogues.en;
        assert.ok(Object.keys(english).length > 100, 'the English catalogue holds the texts');
        for (const code of ['ja', 'th', 'zh-TW'] as const) {
          const other = catalogues[code];
          assert.deepEqual(
            Object.keys(english).filter((key) => !(key in other)),
            [],
            `${code} lacks no key`,
          );
          assert.deepEqual(
            Object.keys(other).filter((key) => !(key in english)),
            [],
            `${code} has no key English lacks`,
          );
          for (const [key, text] of Object.entries(english)) {
            const translated = other[key];
            assert.equal(typeof translated, typeof text, `${code}.${key} is a ${typeof text}`);
            if (typeof text === 'function' && typeof translated === 'function') assert.equal(translated.length, text.length, `${code}.${key} takes ${text.length} parameters`);
          }
        }
      });

      it('never has an empty text, and every function text shows the values it is given', () => {
        const types = parameterTypes(family);
        for (const [key, text] of Object.entries(catalogues.en)) if (typeof text === 'function') assert.ok(types.has(key), `the parameters of ${family.name} en.${key} are read from en.ts`);
        for (const code of Object.keys(FILES) as Code[]) {
          for (const [key, text] of Object.entries(catalogues[code])) {
            if (typeof text === 'string') {
              assert.ok(text.trim().length > 0, `${code}.${key} is not empty`);
              continue;
            }
            const samples = samplesFor(types.get(key) ?? []);
            const rendered = text(...samples);
            assert.equal(typeof rendered, 'string', `${code}.${key}(…) is a text`);
            assert.ok(rendered.trim().length > 0, `${code}.${key}(…) is not empty`);
            for (const sample of samples) {
          // A flag chooses between wordings: it is not shown as such.
          if (typeof sample === 'boolean') continue;
              const shown = typeof sample === 'number' ? new Intl.NumberFormat(code).format(sample) : sample;
              assert.ok(rendered.includes(shown), `${code}.${key}(…) shows ${shown}: ${rendered}`);
            }
            assert.doesNotMatch(rendered, /undefined|NaN|\[object/, `${code}.${key}(…) leaks no placeholder`);
          }
        }
      });

      it('translates: Japanese, Thai and Chinese differ from English except for the LINE console’s own names', () => {
        const types = parameterTypes(family);
        const render = (text: Text | undefined, key: string): string => (typeof text === 'function' ? text(...samplesFor(types.get(key) ?? [])) : (text ?? ''));
        for (const code of ['ja', 'th', 'zh-TW'] as const) {
          const same = Object.keys(catalogues.en).filter((key) => render(catalogues[code][key], key) === render(catalogues.en[key], key));
          const allowed = SAME_AS_ENGLISH[code];
          assert.deepEqual(
            same.filter((key) => !allowed.includes(key)),
            [],
            `${code} leaves no text in English`,
          );
          assert.ok(same.length < Object.keys(catalogues.en).length / 10, `${code}: most texts are translated`);
        }
      });

      it('is written in the language it claims (its own script in most texts)', () => {
        const scripts: Readonly<Record<Exclude<Code, 'en'>, RegExp>> = { ja: /[\u3040-\u30ff\u4e00-\u9fff]/u, th: /[\u0e00-\u0e7f]/u, 'zh-TW': /[\u4e00-\u9fff]/u };
        const types = parameterTypes(family);
        for (const code of ['ja', 'th', 'zh-TW'] as const) {
          const texts = Object.entries(catalogues[code]).map(([key, text]) => (typeof text === 'function' ? text(...samplesFor(types.get(key) ?? [])) : text));
          const inScript = texts.filter((text) => scripts[code].test(text)).length;
          assert.ok(inScript / texts.length > 0.9, `${code}: ${inScript} of ${texts.length} texts are in its script`);
        }
        // Traditional, never Simplified, characters in the Chinese catalogue (a few telling pairs).
        const chinese = Object.values(catalogues['zh-TW']).map((text) => (typeof text === 'function' ? text(...samplesFor([])) : text)).join('\n');
        for (const simplified of ['对', '话', '务', '队', '员', '设', '请', '载', '为', '这']) assert.ok(!chinese.includes(simplified), `zh-TW uses no Simplified ${simplified}`);
      });

    });
  }

  it('counts in English with the plural rules, and in every language with its own digits grouping', () => {
    const messageCount = screens().en.messageCount;
    assert.ok(typeof messageCount === 'function');
    assert.equal(messageCount(1), '1 message');
    assert.equal(messageCount(2), '2 messages');
    assert.equal(messageCount(1234), '1,234 messages');
    const cannedFound = screens().en.cannedFound;
    assert.ok(typeof cannedFound === 'function');
    assert.match(cannedFound(1), /^1 canned response:/);
    assert.match(cannedFound(3), /^3 canned responses:/);
    const ja = screens().ja.messageCount;
    assert.ok(typeof ja === 'function');
    assert.equal(ja(1234), '1,234 件のメッセージ');
  });

  it('picks the dashboard language from the browser’s languages, Traditional Chinese for Taiwan, Hong Kong and zh-Hant', () => {
    assert.equal(locales.bestLocale(['ja-JP', 'en-US']), 'ja');
    assert.equal(locales.bestLocale(['fr-FR', 'th-TH']), 'th');
    assert.equal(locales.bestLocale(['zh-TW']), 'zh-TW');
    assert.equal(locales.bestLocale(['zh-Hant']), 'zh-TW');
    assert.equal(locales.bestLocale(['zh-HK']), 'zh-TW');
    assert.equal(locales.bestLocale(['zh_Hant_HK']), 'zh-TW');
    assert.equal(locales.bestLocale(['zh-CN', 'de']), 'en', 'Simplified Chinese is not offered: English');
    assert.equal(locales.bestLocale([]), 'en');
    assert.equal(locales.localeOfTag('EN-gb'), 'en');
    assert.equal(locales.localeOfTag('zh'), undefined);
  });
});
