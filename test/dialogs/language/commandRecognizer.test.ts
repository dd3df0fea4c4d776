import assert from 'node:assert/strict';
import { commandPayload, recognizeCommand, type BotCommand } from '../../../dialogs/language/commandRecognizer.js';

function assertCommand(expected: BotCommand | undefined, texts: readonly string[]): void {
  for (const text of texts) assert.equal(recognizeCommand(text), expected, JSON.stringify(text));
}

const COMMANDS: readonly BotCommand[] = ['agent', 'menu', 'cancel', 'yes', 'no'];

describe('recognizeCommand', () => {
  describe('agent', () => {
    it('recognises the words for a person in each language', () => {
      assertCommand('agent', ['agent', 'Agent', 'HUMAN', 'person', 'operator', 'real person', 'customer service']);
      assertCommand('agent', ['オペレーター', '担当者', '有人対応', '人と話したい', 'ｵﾍﾟﾚｰﾀｰ']);
      assertCommand('agent', ['พนักงาน', 'เจ้าหน้าที่', 'คุยกับเจ้าหน้าที่', 'แอดมิน']);
      assertCommand('agent', ['真人', '客服', '專人', '人工客服', '轉接客服', '转接客服']);
    });

    it('recognises short requests for a person', () => {
      assertCommand('agent', ['talk to a person', 'Talk to a person, please', 'I want to speak to a real person', 'Can I talk to a human?', 'connect me to an agent', 'human please', 'I need an agent']);
      assertCommand('agent', ['担当者と話す', 'オペレーターと話したいです', '担当者に代わってください', '有人対応をお願いします', '誰かと話したい']);
      assertCommand('agent', ['ขอคุยกับเจ้าหน้าที่หน่อยค่ะ', 'ติดต่อแอดมินครับ', 'อยากคุยกับคน', 'ขอคุยกับพนักงานได้ไหมคะ']);
      assertCommand('agent', ['我要找真人', '請幫我轉接客服人員', '我想跟客服聊聊', '真人客服', '人工客服謝謝']);
    });

    it('ignores sentences that only mention a person', () => {
      assertCommand(undefined, ['the agent was rude', 'I am a real person', 'agent said my parcel shipped', 'person of interest', '担当者から連絡がない', '人が多い', 'คน', 'เจ้าหน้าที่ไม่ตอบ', '客服電話是多少', '客服態度很差']);
    });
  });

  describe('menu', () => {
    it('recognises the menu in each language', () => {
      assertCommand('menu', ['menu', 'MENU', 'main menu', 'メニュー', 'เมนู', '選單', '菜單', '主選單']);
      assertCommand('menu', ['Show me the menu', 'back to menu', 'メニューに戻る', 'メニューを表示して', 'กลับไปที่เมนู', 'ขอดูเมนูหน่อยค่ะ', '回到選單']);
    });

    it('ignores sentences that only mention the menu', () => {
      assertCommand(undefined, ['menu item broken', 'the menu does not work', 'メニューが表示されない', 'เมนูกดไม่ได้', '選單打不開']);
    });
  });

  describe('cancel', () => {
    it('recognises cancel in each language', () => {
      assertCommand('cancel', ['cancel', 'Cancel.', 'never mind', 'キャンセル', 'キャンセルでお願いします', '取り消し', 'ยกเลิก', 'ยกเลิกค่ะ', '取消', '算了']);
    });

    it('ignores a request to cancel something else', () => {
      assertCommand(undefined, ['cancel my order', 'how do I cancel my subscription', '注文をキャンセルしたい', 'ยกเลิกคำสั่งซื้อ', '取消訂單']);
    });
  });

  describe('yes and no', () => {
    it('recognises yes in each language', () => {
      assertCommand('yes', ['yes', 'Yes!', 'y', 'Y', 'yes please', 'はい', 'はい。', 'うん', 'はい、お願いします', 'ใช่', 'ใช่ค่ะ', 'ใช่ครับ', 'ค่ะ', 'ครับ', '是', '是的', '對', '對啊', '有', '好的', '有幫助']);
    });

    it('recognises no in each language', () => {
      assertCommand('no', ['no', 'No.', 'n', 'no thanks', 'No, thank you', 'いいえ', 'ううん', 'いいえ、ありがとうございます', 'ไม่', 'ไม่ใช่', 'ไม่ค่ะ', 'ไม่ต้องค่ะ ขอบคุณค่ะ', '否', '不是', '沒有', '不用了，謝謝', '沒有幫助']);
    });

    it('keeps yes and no to whole, unambiguous answers', () => {
      assertCommand(undefined, ['I have no idea', 'no idea', 'yes I want to know about shipping', 'Yesterday', 'nothing', 'any', 'are you there', '大丈夫です', '結構です', 'いいです', 'คะ', 'ไม่ได้รับสินค้า', '有問題', '是嗎', '沒有收到']);
    });
  });

  it('folds full-width and half-width forms, case and surrounding whitespace', () => {
    assertCommand('yes', ['  ＹＥＳ  ', 'Yes\n']);
    assertCommand('menu', ['ﾒﾆｭｰ', 'Ｍｅｎｕ']);
    assertCommand('cancel', ['ｷｬﾝｾﾙ']);
  });

  it('returns undefined for ordinary messages and empty ones', () => {
    assertCommand(undefined, ['', '   ', '👍', 'where is my order', '注文した商品はいつ届きますか', 'สวัสดีค่ะ', '我想查詢訂單', 'English']);
  });

  it('maps every command payload back to its command, exactly', () => {
    for (const command of COMMANDS) {
      assert.equal(commandPayload(command), `cmd:${command}`);
      assert.equal(recognizeCommand(commandPayload(command)), command);
    }
    assertCommand(undefined, ['cmd:', 'cmd:other', 'CMD:AGENT', 'cmd: agent', 'cmd:agent please']);
  });
});
