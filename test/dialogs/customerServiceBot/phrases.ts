import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage';

/**
 * What the tests expect the bot to say, written out here (not taken from the bot's text files) so
 * that a wrong or missing translation fails a test.
 */
export interface Phrases {
  /** A customer name as LINE shows it, and how the greeting addresses them. */
  readonly name: string;
  readonly greetingStart: string;
  readonly talkToPerson: string;
  readonly languageLabel: string;
  readonly languageChanged: string;
  readonly didThisHelp: string;
  readonly yes: string;
  readonly no: string;
  readonly glad: string;
  readonly offerAfterNo: string;
  readonly offerAfterMisses: string;
  readonly backToMenu: string;
  readonly notUnderstood: string;
  readonly recorded: string;
  readonly alreadyRecorded: string;
  readonly cancelled: string;
  readonly nothingToCancel: string;
  readonly ratingQuestion: string;
  readonly commentQuestion: string;
  readonly thanks: string;
  /** A question about delivery, as a customer writes it. */
  readonly deliveryQuestion: string;
  /** Asking for a person, as a customer writes it. */
  readonly askForPerson: string;
  /** "Yes" and "no", as a customer types them. */
  readonly typedYes: string;
  readonly typedNo: string;
  /** Something that is no topic. */
  readonly smallTalk: string;
  readonly stickerReply: string;
  readonly imageReceived: string;
}

export const PHRASES: Readonly<Record<SupportedLanguage, Phrases>> = {
  en: {
    name: 'Alice',
    greetingStart: 'Hello Alice, and welcome!',
    talkToPerson: 'Talk to a person',
    languageLabel: 'Language',
    languageChanged: "Sure, I'll continue in English.",
    didThisHelp: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    glad: "I'm glad that helped!",
    offerAfterNo: "I'm sorry that didn't help. Would you like to talk to a person?",
    offerAfterMisses: "I'm sorry, I still don't understand. Would you like to talk to a person?",
    backToMenu: 'Back to menu',
    notUnderstood: "Sorry, I didn't quite understand that.",
    recorded: "I've passed your request to our support team",
    alreadyRecorded: 'Your request has already been recorded.',
    cancelled: 'Your request to talk to a person has been cancelled.',
    nothingToCancel: "There's nothing to cancel at the moment.",
    ratingQuestion: 'How would you rate the support you received?',
    commentQuestion: 'Is there anything you would like to add?',
    thanks: 'Thank you for your feedback.',
    deliveryQuestion: 'Where is my parcel?',
    askForPerson: 'agent',
    typedYes: 'yes',
    typedNo: 'no',
    smallTalk: 'tell me a joke',
    stickerReply: 'Thanks for the sticker!',
    imageReceived: "Thank you, I've received your photo.",
  },
  ja: {
    name: '佐藤',
    greetingStart: '佐藤様、こんにちは。',
    talkToPerson: '担当者と話す',
    languageLabel: '言語 / Language',
    languageChanged: '承知しました。これからは日本語でご案内します。',
    didThisHelp: 'こちらの回答はお役に立ちましたか？',
    yes: 'はい',
    no: 'いいえ',
    glad: 'お役に立てて何よりです。',
    offerAfterNo: 'お役に立てず申し訳ございません。担当者におつなぎしましょうか？',
    offerAfterMisses: '申し訳ございません、ご用件を理解できませんでした。担当者におつなぎしましょうか？',
    backToMenu: 'メニューに戻る',
    notUnderstood: '申し訳ございません、うまく理解できませんでした。',
    recorded: 'お問い合わせを承りました。',
    alreadyRecorded: 'お問い合わせはすでに承っております。',
    cancelled: '担当者へのお問い合わせを取り消しました。',
    nothingToCancel: '現在、取り消せるお問い合わせはありません。',
    ratingQuestion: '今回のサポートはいかがでしたか？',
    commentQuestion: 'ほかにご意見があればご入力ください。',
    thanks: 'ご回答いただきありがとうございました。',
    deliveryQuestion: '荷物がまだ届きません',
    askForPerson: 'オペレーター',
    typedYes: 'はい',
    typedNo: 'いいえ',
    smallTalk: '今日はいい天気ですね',
    stickerReply: 'スタンプありがとうございます。',
    imageReceived: '画像を受け取りました。',
  },
  th: {
    name: 'สมชาย',
    greetingStart: 'สวัสดี คุณสมชาย ยินดีต้อนรับ',
    talkToPerson: 'คุยกับเจ้าหน้าที่',
    languageLabel: 'ภาษา / Language',
    languageChanged: 'ได้เลย ต่อจากนี้เราจะสนทนากับคุณเป็นภาษาไทย',
    didThisHelp: 'ข้อมูลนี้เป็นประโยชน์กับคุณหรือไม่',
    yes: 'ใช่',
    no: 'ไม่ใช่',
    glad: 'ยินดีที่ได้ช่วยเหลือ',
    offerAfterNo: 'ขออภัยที่ข้อมูลนี้ยังไม่ช่วยแก้ปัญหา ต้องการคุยกับเจ้าหน้าที่หรือไม่',
    offerAfterMisses: 'ขออภัย เรายังไม่เข้าใจคำถามของคุณ ต้องการคุยกับเจ้าหน้าที่หรือไม่',
    backToMenu: 'กลับไปที่เมนู',
    notUnderstood: 'ขออภัย เราไม่เข้าใจข้อความนี้',
    recorded: 'เราได้รับคำขอของคุณแล้ว',
    alreadyRecorded: 'เราได้รับคำขอของคุณไว้แล้ว',
    cancelled: 'ยกเลิกคำขอคุยกับเจ้าหน้าที่เรียบร้อยแล้ว',
    nothingToCancel: 'ขณะนี้ไม่มีคำขอที่ต้องยกเลิก',
    ratingQuestion: 'คุณพึงพอใจกับบริการที่ได้รับมากน้อยเพียงใด',
    commentQuestion: 'มีความคิดเห็นเพิ่มเติมหรือไม่',
    thanks: 'ขอบคุณสำหรับความคิดเห็น',
    deliveryQuestion: 'อยากเช็คสถานะการจัดส่งค่ะ',
    askForPerson: 'คุยกับเจ้าหน้าที่',
    typedYes: 'ใช่ค่ะ',
    typedNo: 'ไม่ค่ะ',
    smallTalk: 'วันนี้อากาศดีจัง',
    stickerReply: 'ขอบคุณสำหรับสติกเกอร์',
    imageReceived: 'ได้รับรูปภาพของคุณแล้ว',
  },
  'zh-TW': {
    name: '陳小明',
    greetingStart: '陳小明您好，歡迎您！',
    talkToPerson: '真人客服',
    languageLabel: '語言 / Language',
    languageChanged: '好的，接下來將以繁體中文為您服務。',
    didThisHelp: '這個回答對您有幫助嗎？',
    yes: '有幫助',
    no: '沒有幫助',
    glad: '很高興能幫上忙！',
    offerAfterNo: '很抱歉沒能幫上忙。需要為您轉接真人客服嗎？',
    offerAfterMisses: '很抱歉，我還是不太明白您的意思。需要為您轉接真人客服嗎？',
    backToMenu: '回到選單',
    notUnderstood: '很抱歉，我不太明白您的意思。',
    recorded: '我們已收到您的需求',
    alreadyRecorded: '我們已經收到您的需求了',
    cancelled: '已為您取消真人客服的需求。',
    nothingToCancel: '目前沒有可以取消的需求。',
    ratingQuestion: '請問您對這次的服務滿意嗎？',
    commentQuestion: '還有其他意見想告訴我們嗎？',
    thanks: '感謝您提供寶貴的意見',
    deliveryQuestion: '我的包裹什麼時候會到？',
    askForPerson: '真人客服',
    typedYes: '是的',
    typedNo: '沒有',
    smallTalk: '今天天氣很好',
    stickerReply: '謝謝您的貼圖！',
    imageReceived: '已收到您的圖片',
  },
};
