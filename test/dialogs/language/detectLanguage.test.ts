import assert from 'node:assert/strict';
import { detectLanguage } from '../../../dialogs/language/detectLanguage.js';
import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage.js';

function assertDetected(expected: SupportedLanguage | undefined, texts: readonly string[]): void {
  for (const text of texts) assert.equal(detectLanguage(text), expected, JSON.stringify(text));
}

describe('detectLanguage', () => {
  it('tells Thai from Thai script', () => {
    assertDetected('th', ['สวัสดีค่ะ', 'สินค้าที่สั่งไปจะมาถึงเมื่อไหร่ครับ', 'ขอเปลี่ยนที่อยู่จัดส่งหน่อย', 'ค่ะ']);
  });

  it('tells Japanese from any kana, even among kanji', () => {
    assertDetected('ja', ['注文した商品はいつ届きますか', 'こんにちは', 'カード', '返品したいです', 'ｶｰﾄﾞ', '配送状況を確認したいのですが、注文番号はA-1234です']);
  });

  it('tells Traditional (and Simplified) Chinese from Han without kana', () => {
    assertDetected('zh-TW', ['我想查詢訂單', '請問運費怎麼算？', '我想查询订单', '退貨', 'ㄅㄆㄇ']);
  });

  it('tells English from Latin letters', () => {
    assertDetected('en', ['where is my order', 'Hello!', 'OK', 'I want a refund for order #1234', 'café']);
  });

  it('returns undefined when there are no letters to go by', () => {
    assertDetected(undefined, ['', '   ', '12345', '!!!', '👍', '😀🙏 123!', '๑๒๓', '#1234 - 5,000', 'a', 'x 1']);
  });

  it('returns undefined for scripts of languages the bot does not speak', () => {
    assertDetected(undefined, ['안녕하세요', 'Привет, как дела', 'مرحبا']);
  });

  it('lets the script with the most letters win a mixed message', () => {
    assertDetected('en', ['my order 訂單 has not arrived yet', 'where is 訂單']);
    assertDetected('th', ['ขอเช็คสถานะ order หน่อยค่ะ', 'บัญชี LINE ของฉันถูกล็อค']);
    assertDetected('zh-TW', ['我的LINE Pay帳號被鎖了', '我想查詢iPhone訂單']);
    assertDetected('en', ['Hello สวัสดี my friend, how are you doing today']);
  });

  it('lets any kana make a mixed message Japanese', () => {
    assertDetected('ja', ['iPhone 15 Pro Max の在庫はありますか', 'I would like to ask about my order ね']);
  });

  it('reads a kanji-only Japanese message as Chinese (the script cannot tell them apart)', () => {
    assert.equal(detectLanguage('注文確認'), 'zh-TW');
  });
});
