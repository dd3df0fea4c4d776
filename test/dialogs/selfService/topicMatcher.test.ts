import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../../dialogs/language/supportedLanguage';
import type { SelfServiceContent, SelfServiceTopic } from '../../../dialogs/selfService/selfServiceContent';
import { MATCH_THRESHOLD, findTopic, matchTopic } from '../../../dialogs/selfService/topicMatcher';
import { parseSelfServiceContent } from '../../../src/content/selfServiceContentFile';

const CONTENT_FILE = path.resolve('content/self-service.json');
const content = parseSelfServiceContent(JSON.parse(readFileSync(CONTENT_FILE, 'utf8')), CONTENT_FILE);

/** Messages customers write that are not in the content file, with the topic they are about. */
const PARAPHRASES: Readonly<Record<SupportedLanguage, readonly (readonly [string, string])[]>> = {
  en: [
    ["my parcel still hasn't come", 'delivery-status'],
    ['has my order shipped yet?', 'delivery-status'],
    ['I want my money back', 'returns-refunds'],
    ['this jacket is too small, I want to return it', 'returns-refunds'],
    ['please cancel order 12345', 'change-cancel-order'],
    ['do you take credit cards', 'payment-methods'],
    ['I need a receipt for my company', 'invoice-receipt'],
    ['I cannot sign in', 'account-login'],
    ['the app crashes when I open it', 'app-trouble'],
    ['the app doesn’t open', 'app-trouble'],
    ['what time do you close on saturday', 'opening-hours'],
  ],
  ja: [
    ['荷物がまだ届かないです', 'delivery-status'],
    ['注文した商品の発送状況を知りたい', 'delivery-status'],
    ['返金してほしい', 'returns-refunds'],
    ['注文を取り消したい', 'change-cancel-order'],
    ['クレカで払えますか', 'payment-methods'],
    ['請求書が届かない', 'invoice-receipt'],
    ['パスワードを忘れました', 'account-login'],
    ['アプリが固まって動きません', 'app-trouble'],
    ['何時まで営業していますか', 'opening-hours'],
  ],
  th: [
    ['ของยังไม่มาเลยค่ะ', 'delivery-status'],
    ['เลขพัสดุคืออะไรครับ', 'delivery-status'],
    ['อยากได้เงินคืนค่ะ', 'returns-refunds'],
    ['ส่งของคืนยังไงคะ', 'returns-refunds'],
    ['ขอยกเลิกออเดอร์ครับ', 'change-cancel-order'],
    ['จ่ายผ่านบัตรเครดิตได้ไหม', 'payment-methods'],
    ['ขอใบกำกับภาษีหน่อยค่ะ', 'invoice-receipt'],
    ['ลืมรหัสผ่านทำยังไงดี', 'account-login'],
    ['แอพเปิดไม่ได้ครับ', 'app-trouble'],
    ['เปิดกี่โมงคะ', 'opening-hours'],
  ],
  'zh-TW': [
    ['包裹還沒到', 'delivery-status'],
    ['我的貨什麼時候到', 'delivery-status'],
    ['可以退錢嗎', 'returns-refunds'],
    ['出貨後還可以取消嗎', 'change-cancel-order'],
    ['可以刷卡嗎', 'payment-methods'],
    ['我沒收到發票', 'invoice-receipt'],
    ['密碼忘記了', 'account-login'],
    ['APP一直當機', 'app-trouble'],
    ['你們幾點開始上班', 'opening-hours'],
  ],
};

/** Greetings and small talk that are about no topic. */
const UNRELATED: Readonly<Record<SupportedLanguage, readonly string[]>> = {
  en: ['hello', "what's the weather", 'thank you', 'good morning', "what's your name", 'I like cats', 'can I speak to a human'],
  ja: ['こんにちは', '今日の天気はどうですか', 'ありがとうございます', 'よろしくお願いします', '元気ですか', 'この商品の在庫はありますか'],
  th: ['สวัสดี', 'สวัสดีครับ', 'ขอบคุณค่ะ', 'วันนี้อากาศเป็นยังไงบ้าง', 'ทานข้าวหรือยัง', 'มีโปรโมชั่นอะไรบ้างคะ'],
  'zh-TW': ['你好', '謝謝', '今天天氣怎麼樣', '早安', '我喜歡貓', '有什麼優惠活動嗎'],
};

function topicOf(id: string): SelfServiceTopic {
  const topic = findTopic(content, id);
  assert.ok(topic, `topic ${id} exists`);
  return topic;
}

describe('matchTopic', () => {
  it('has a threshold strictly between 0 and 1', () => {
    assert.ok(MATCH_THRESHOLD > 0 && MATCH_THRESHOLD < 1);
  });

  describe('every example question of the content file matches its own topic in its language', () => {
    for (const topic of content.topics) {
      for (const language of SUPPORTED_LANGUAGES) {
        it(`${topic.id} (${language})`, () => {
          assert.ok(topic.questions[language].length >= 3);
          for (const question of topic.questions[language]) {
            const match = matchTopic(content, question, language);
            assert.equal(match?.topic.id, topic.id, `"${question}" matched ${match?.topic.id ?? 'nothing'}`);
            assert.ok(match !== undefined && match.score >= MATCH_THRESHOLD && match.score <= 1, `score ${match?.score ?? 0}`);
          }
        });
      }
    }
  });

  describe('paraphrases that are not in the content file', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      it(`matches them in ${language}`, () => {
        const paraphrases = PARAPHRASES[language];
        assert.ok(paraphrases.length >= 3);
        const shipped = new Set(content.topics.flatMap((topic) => topic.questions[language]));
        for (const [text, expected] of paraphrases) {
          assert.ok(!shipped.has(text), `"${text}" is an example question, not a paraphrase`);
          assert.equal(matchTopic(content, text, language)?.topic.id, expected, `"${text}"`);
        }
      });
    }
  });

  describe('greetings and small talk', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      it(`match nothing in ${language}`, () => {
        for (const text of UNRELATED[language]) {
          const match = matchTopic(content, text, language);
          assert.equal(match, undefined, `"${text}" matched ${match?.topic.id ?? ''} (${match?.score ?? 0})`);
        }
      });
    }
  });

  it('finds a keyword written in another language than the customer’s', () => {
    assert.equal(matchTopic(content, 'ขอ refund หน่อยครับ', 'th')?.topic.id, 'returns-refunds');
    assert.equal(matchTopic(content, '返品したい', 'en')?.topic.id, 'returns-refunds');
    assert.equal(matchTopic(content, 'password を忘れた', 'ja')?.topic.id, 'account-login');
    assert.equal(matchTopic(content, '我的 app 一直 crash', 'zh-TW')?.topic.id, 'app-trouble');
  });

  it('weighs a keyword of the customer’s language above the same keyword of another language', () => {
    const own = matchTopic(content, '返品したい', 'ja');
    const other = matchTopic(content, '返品したい', 'en');
    assert.ok(own && other);
    assert.ok(own.score > other.score, `${own.score} > ${other.score}`);
  });

  it('prefers the longer keyword when two topics are hit', () => {
    // Three kanji (`請求書`) outweigh `届かない`, which on its own is a delivery question.
    assert.equal(matchTopic(content, '請求書が届かない', 'ja')?.topic.id, 'invoice-receipt');
    assert.equal(matchTopic(content, '商品が届かない', 'ja')?.topic.id, 'delivery-status');
  });

  it('normalises width and case (NFKC, lower case)', () => {
    assert.equal(matchTopic(content, 'ＰＡＳＳＷＯＲＤ', 'en')?.topic.id, 'account-login');
    assert.equal(matchTopic(content, 'ｱﾌﾟﾘが起動しない', 'ja')?.topic.id, 'app-trouble');
  });

  it('does not find a Latin keyword inside another word', () => {
    // `app` is a keyword; `happy` and `whatsapp` are not about the app.
    assert.equal(matchTopic(content, 'I am happy', 'en'), undefined);
    assert.equal(matchTopic(content, 'I use whatsapp', 'en'), undefined);
    assert.equal(matchTopic(content, 'app', 'en')?.topic.id, 'app-trouble');
  });

  it('returns undefined for empty, blank and punctuation-only text', () => {
    assert.equal(matchTopic(content, '', 'en'), undefined);
    assert.equal(matchTopic(content, '   \n', 'ja'), undefined);
    assert.equal(matchTopic(content, '?!。', 'zh-TW'), undefined);
  });

  it('is deterministic and gives the same result for a repeated call', () => {
    const first = matchTopic(content, 'where is my order', 'en');
    const second = matchTopic(content, 'where is my order', 'en');
    assert.equal(first?.topic.id, 'delivery-status');
    assert.deepEqual(second, first);
  });

  it('works on content built in code, with its own vocabulary', () => {
    const localized = <T>(value: T) => ({ en: value, ja: value, th: value, 'zh-TW': value });
    const custom: SelfServiceContent = {
      topics: [
        { id: 'gift-wrap', skill: 'orders', title: localized('Gift wrap'), keywords: localized(['gift wrap']), questions: localized(['Can you wrap my present?']), answer: localized('Yes.') },
        { id: 'sizes', skill: 'general', title: localized('Sizes'), keywords: localized(['size chart']), questions: localized(['Which size should I take?']), answer: localized('See the chart.') },
      ],
      menu: ['gift-wrap', 'sizes'],
      defaultSkill: 'general',
    };
    assert.equal(matchTopic(custom, 'do you offer gift wrap?', 'en')?.topic.id, 'gift-wrap');
    assert.equal(matchTopic(custom, 'where is the size chart', 'th')?.topic.id, 'sizes');
    assert.equal(matchTopic(custom, 'hello', 'en'), undefined);
  });

  it('needs more than a two-letter keyword on its own', () => {
    const localized = <T>(value: T) => ({ en: value, ja: value, th: value, 'zh-TW': value });
    const custom: SelfServiceContent = {
      topics: [
        { id: 'short', skill: 'general', title: localized('Short'), keywords: localized(['qz']), questions: localized(['Unrelated question one?']), answer: localized('A.') },
        { id: 'longer', skill: 'general', title: localized('Longer'), keywords: localized(['vxk']), questions: localized(['Unrelated question two?']), answer: localized('B.') },
      ],
      menu: ['short'],
      defaultSkill: 'general',
    };
    assert.equal(matchTopic(custom, 'qz', 'en'), undefined);
    assert.equal(matchTopic(custom, 'vxk', 'en')?.topic.id, 'longer');
  });

  it('answers quickly', () => {
    const started = performance.now();
    for (let i = 0; i < 200; i += 1) matchTopic(content, 'my parcel still has not arrived, where is it?', 'en');
    const perCall = (performance.now() - started) / 200;
    assert.ok(perCall < 5, `${perCall.toFixed(2)} ms per call`);
  });
});

describe('findTopic', () => {
  it('finds a topic by id', () => {
    assert.equal(topicOf('opening-hours').skill, 'general');
    assert.equal(findTopic(content, 'payment-methods')?.skill, 'billing');
  });

  it('returns undefined for an unknown id', () => {
    assert.equal(findTopic(content, 'no-such-topic'), undefined);
    assert.equal(findTopic(content, ''), undefined);
  });
});
