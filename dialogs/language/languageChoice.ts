import { normalizeLanguage } from './normalizeLanguage';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from './supportedLanguage';
import { foldMessage, literalAlternation } from './foldMessage';

/**
 * Each language's name in itself, for language buttons. {@link recognizeLanguageChoice} recognises every one of
 * them, so a button may send its label as the message.
 */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLanguage, string>> = Object.freeze({
  en: 'English',
  ja: '日本語',
  th: 'ไทย',
  'zh-TW': '繁體中文',
});

/** Longer messages are sentences about something, not a choice of language. */
const MAX_CHOICE_LENGTH = 60;

/** What customers call each language, in each of our languages (folded as {@link fold} folds a message). */
const NAMES_BY_LANGUAGE: Readonly<Record<SupportedLanguage, readonly string[]>> = {
  en: ['english', 'eng', '英語', '英语', '英文', 'えいご', 'イングリッシュ', 'อังกฤษ', 'ภาษาอังกฤษ'],
  ja: ['japanese', '日本語', '日本语', '日文', '日語', '日语', 'にほんご', 'ญี่ปุ่น', 'ภาษาญี่ปุ่น'],
  th: ['thai', 'ไทย', 'ภาษาไทย', 'タイ語', 'たいご', '泰文', '泰語', '泰语'],
  'zh-TW': [
    'chinese',
    'traditional chinese',
    'simplified chinese',
    'mandarin',
    '中文',
    '繁體中文',
    '繁体中文',
    '繁中',
    '繁體',
    '简体中文',
    '簡體中文',
    '中國語',
    '中国語',
    'ちゅうごくご',
    '台湾華語',
    '華語',
    '华语',
    '國語',
    '漢語',
    '汉语',
    '普通話',
    '普通话',
    'จีน',
    'ภาษาจีน',
    'จีนกลาง',
  ],
};

/** Folded name (spaced and compact forms) → language. */
const LANGUAGE_BY_NAME = new Map<string, SupportedLanguage>();
for (const language of SUPPORTED_LANGUAGES) {
  for (const name of NAMES_BY_LANGUAGE[language]) {
    const { spaced, compact } = foldMessage(name);
    LANGUAGE_BY_NAME.set(spaced, language);
    LANGUAGE_BY_NAME.set(compact, language);
  }
}

const NAME = literalAlternation([...LANGUAGE_BY_NAME.keys()]);

/** English frames, on the spaced form: "in English please", "can you speak Thai", "change language to Japanese". */
const SPACED_FRAMES: readonly RegExp[] = [
  new RegExp(
    '^(?:(?:please|pls|plz|can you|could you|can we|could we|do you|will you|would you|i want to|i want|i need|i prefer|i would like to|i would like|id like to|id like|lets|let us|i(?: only)?)\\s+)?' +
      '(?:(?:speak|talk|use|reply|answer|respond|chat|write|continue|switch|change|go|set|understand|read)\\s+)?' +
      '(?:(?:the\\s+)?language\\s+)?' +
      '(?:(?:to|in|into|with)\\s+)?' +
      `(${NAME})` +
      '(?:\\s+(?:language|version|speaker|support))?' +
      '(?:\\s+(?:please|pls|plz|only|now|instead|thanks|thank you))*$',
  ),
];

/** Japanese, Chinese and Thai frames, on the compact form (no spaces, no punctuation). */
const COMPACT_FRAMES: readonly RegExp[] = [
  // 英語でお願いします, 日本語に切り替えてください, 中国語話せますか, 言語をタイ語に変更
  new RegExp(
    `^(?:言語を|言語は)?(${NAME})(?:` +
      'で(?:お願い(?:します|いたします|できますか|できますでしょうか)?|おねがい(?:します)?|話して(?:ください|もらえますか|いただけますか)?|はなして(?:ください)?|' +
      '(?:対応|返信|回答|案内)(?:して(?:ください|もらえますか|いただけますか)|できますか|可能ですか|お願いします|をお願いします)?|' +
      '大丈夫ですか|もいいですか|いいですか|ください|よろしく(?:お願いします)?)?' +
      '|に(?:して|変更して|変えて|切り替えて|切りかえて|切替えて)(?:ください|もらえますか|いただけますか)?' +
      '|に(?:変更|切り替え|切替)(?:お願いします|したい|したいです)?' +
      '|を?話せ(?:ますか|る人いますか|る方いますか|る)?' +
      '|が?いい(?:です)?' +
      '|は?(?:ありますか|できますか|大丈夫ですか|対応していますか)' +
      ')?$',
  ),
  // 請用英文, 可以說中文嗎, 我要日文版, 中文可以嗎, 換成泰文謝謝
  new RegExp(
    '^我?(?:要|想要|想|需要|希望|請|请|麻煩|麻烦|可以|能|能不能|可不可以|幫我|帮我|有沒有|有没有|有)*' +
      '(?:用|說|说|講|讲|使用|換成|换成|換|换|切換成|切换成|切換到|切换到|改成|改用|改為|改为|轉成|转成|轉換成|转换成)?' +
      `(${NAME})` +
      '(?:版|版本|回答|回覆|回复|服務|服务|客服|溝通|沟通|對話|对话|介面|界面)?' +
      '(?:嗎|吗|好嗎|好吗|可以嗎|可以吗|可以|好不好|行嗎|行吗|就好|就可以|吧|呢)?' +
      '(?:謝謝|谢谢|感謝|感谢)?$',
  ),
  // ขอเป็นภาษาอังกฤษค่ะ, พูดไทยได้ไหม, เปลี่ยนภาษาเป็นภาษาจีน
  new RegExp(
    '^(?:ขอ|อยากได้|อยาก|ต้องการ|รบกวน|ช่วย)?(?:เปลี่ยน|ใช้|พูด|คุย|ตอบ|สื่อสาร|แชท|เอา)?(?:ภาษา)?(?:เป็น|ด้วย)?(?:ภาษา)?' +
      `(${NAME})` +
      '(?:ได้(?:ไหม|มั้ย|มั๊ย|หรือเปล่า|ป่าว|ปะ))?(?:หน่อย|ด้วย)?(?:นะ)?(?:คะ|ค่ะ|ครับ|ค่า|คับ|จ้า|จ้ะ|ฮะ)?$',
  ),
];

/** A bare language tag typed as a message: `en`, `ja`, `zh-TW`, `th_TH`. */
const LANGUAGE_TAG_MESSAGE = /^[a-z]{2}(?:[-_][a-z0-9]{2,4}){0,2}$/;

/**
 * The language a customer names when asked to choose one (or when asking to switch), or `undefined`.
 *
 * Recognised: a language's name in any supported language ("English", "英語", "英文", "ภาษาอังกฤษ", "Japanese",
 * "日本語", "ญี่ปุ่น", "Thai", "ภาษาไทย", "タイ語", "泰文", "Chinese", "中文", "繁體中文", "中国語", "ภาษาจีน", …), a
 * bare language tag ("en", "zh-TW", and "jp"), or a short request framing a name ("in English please", "can you
 * speak Thai?", "英語でお願いします", "請用英文", "ขอเป็นภาษาอังกฤษค่ะ"). The whole message must be that: the text is
 * trimmed and folded (NFKC, lower case, punctuation and emoji ignored), and a name inside an ordinary sentence ("my
 * English is bad", "日本語がわかりません") is no choice. Every Chinese, Simplified included, chooses `zh-TW`.
 *
 * @example
 * ```ts
 * recognizeLanguageChoice('ＥＮＧＬＩＳＨ'); // 'en'
 * recognizeLanguageChoice('日本語でお願いします。'); // 'ja'
 * recognizeLanguageChoice('ภาษาไทย'); // 'th'
 * recognizeLanguageChoice('可以說中文嗎？'); // 'zh-TW'
 * recognizeLanguageChoice('I love Thai food'); // undefined
 * ```
 */
export function recognizeLanguageChoice(text: string): SupportedLanguage | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.normalize('NFKC').trim().toLowerCase();
  if (trimmed === 'jp') return 'ja';
  if (LANGUAGE_TAG_MESSAGE.test(trimmed)) return normalizeLanguage(trimmed);

  const { spaced, compact } = foldMessage(text);
  if (compact === '' || spaced.length > MAX_CHOICE_LENGTH) return undefined;
  const named = LANGUAGE_BY_NAME.get(spaced) ?? LANGUAGE_BY_NAME.get(compact);
  if (named) return named;
  for (const frame of SPACED_FRAMES) {
    const name = frame.exec(spaced)?.[1];
    if (name !== undefined) return LANGUAGE_BY_NAME.get(name);
  }
  for (const frame of COMPACT_FRAMES) {
    const name = frame.exec(compact)?.[1];
    if (name !== undefined) return LANGUAGE_BY_NAME.get(name);
  }
  return undefined;
}

