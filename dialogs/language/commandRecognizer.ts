import { foldMessage } from './foldMessage';

/** A command the customer can give at any point of a conversation, in any supported language. */
export type BotCommand = 'agent' | 'menu' | 'cancel' | 'yes' | 'no';

const COMMANDS: readonly BotCommand[] = ['agent', 'menu', 'cancel', 'yes', 'no'];

const PAYLOADS: Readonly<Record<BotCommand, string>> = Object.freeze({
  agent: 'cmd:agent',
  menu: 'cmd:menu',
  cancel: 'cmd:cancel',
  yes: 'cmd:yes',
  no: 'cmd:no',
});

const COMMAND_BY_PAYLOAD = new Map<string, BotCommand>(COMMANDS.map((command) => [PAYLOADS[command], command]));

/** Longer messages are sentences about something, not commands. */
const MAX_COMMAND_LENGTH = 60;

/**
 * Whole messages that are a command, as {@link fold} folds them. Only unambiguous answers: "大丈夫です", "結構です"
 * and "いいです" can mean yes or no, so they are none of these.
 */
const WHOLE_MESSAGES: Readonly<Record<BotCommand, readonly string[]>> = {
  agent: [
    'agent',
    'human',
    'person',
    'operator',
    'representative',
    'live agent',
    'live chat',
    'real person',
    'real human',
    'human agent',
    'customer service',
    'customer support',
    'オペレーター',
    'オペレータ',
    '担当者',
    '有人対応',
    '有人チャット',
    '人と話したい',
    'พนักงาน',
    'เจ้าหน้าที่',
    'แอดมิน',
    'admin',
    '真人',
    '客服',
    '專人',
    '专人',
    '人工客服',
    '人工',
    '真人客服',
    '客服人員',
    '客服人员',
    '轉接客服',
    '转接客服',
  ],
  menu: ['menu', 'main menu', 'メニュー', 'メインメニュー', 'เมนู', 'เมนูหลัก', '選單', '选单', '菜單', '菜单', '主選單', '主选单', '主菜單', '主菜单'],
  cancel: [
    'cancel',
    'cancel that',
    'cancel this',
    'cancel it',
    'cancel please',
    'please cancel',
    'never mind',
    'nevermind',
    'forget it',
    'stop',
    'quit',
    'exit',
    'キャンセル',
    'キャンセルします',
    'キャンセルで',
    'キャンセルして',
    'キャンセルしてください',
    'キャンセルお願いします',
    '取り消し',
    '取消し',
    '取り消す',
    '取り消します',
    '取り消して',
    '取り消してください',
    'やめる',
    'やめます',
    'やめて',
    '中止',
    '中止します',
    'ยกเลิก',
    'ยกเลิกเลย',
    'ไม่เอาแล้ว',
    'หยุด',
    '取消',
    '取消吧',
    '算了',
    '停止',
  ],
  yes: [
    'yes',
    'y',
    'yeah',
    'yep',
    'yup',
    'yes please',
    'yes thanks',
    'yes thank you',
    'sure',
    'ok',
    'okay',
    'correct',
    'of course',
    'はい',
    'はいお願いします',
    'はいそうです',
    'うん',
    'ええ',
    'そうです',
    'オッケー',
    'ใช่',
    'ใช่แล้ว',
    'ค่ะ',
    'ครับ',
    'คับ',
    'ค่า',
    'ถูกต้อง',
    'ได้',
    'ได้เลย',
    'โอเค',
    'ตกลง',
    'เอา',
    'ต้องการ',
    '是',
    '是的',
    '對',
    '對的',
    '对',
    '对的',
    '有',
    '好',
    '好的',
    '要',
    '可以',
    '沒錯',
    '没错',
    '嗯',
    '嗯嗯',
    '當然',
    '当然',
    '確定',
    '确定',
    '有幫助',
    '有帮助',
  ],
  no: [
    'no',
    'n',
    'nope',
    'nah',
    'no thanks',
    'no thank you',
    'no need',
    'not now',
    'いいえ',
    'いえ',
    'いや',
    'ううん',
    '違います',
    'ちがいます',
    '違う',
    'いいえ結構です',
    'いえ結構です',
    'いいえ大丈夫です',
    '不要です',
    'いりません',
    '要りません',
    'ไม่',
    'ไม่ใช่',
    'ไม่ต้อง',
    'ไม่เอา',
    'ไม่ต้องการ',
    'ไม่เป็นไร',
    'ไม่ถูกต้อง',
    '否',
    '不是',
    '沒有',
    '没有',
    '不',
    '不要',
    '不用',
    '不用了',
    '不對',
    '不对',
    '沒',
    '没',
    '不需要',
    '不必',
    '沒有幫助',
    '没有帮助',
    '沒幫助',
  ],
};

const COMMAND_BY_MESSAGE = new Map<string, BotCommand>();
for (const command of COMMANDS) {
  for (const message of WHOLE_MESSAGES[command]) COMMAND_BY_MESSAGE.set(foldMessage(message).spaced, command);
}

const EN_LEAD = '(?:(?:please|pls|plz|can i|could i|may i|can you|could you|let me|i want to|i wanna|i need to|i would like to|id like to|i want|i need|i would like|id like)\\s+)*';
const EN_AGENT = 'agents?|humans?|person|operator|representative|rep|staff(?: member)?|customer (?:service|support|care)|support (?:agent|staff|team)|human being';
const EN_SOMEONE = 'someone|somebody|anyone|anybody|people|support';
const EN_VERB =
  '(?:(?:talk|speak|chat)\\s+(?:to|with)|contact|reach|get(?:\\s+me)?|call|connect\\s+(?:me\\s+)?(?:to|with)|transfer\\s+(?:me\\s+)?to|put\\s+me\\s+through\\s+to|give\\s+me|ask\\s+for|want|need)';
const EN_TAIL = '(?:\\s+(?:please|pls|plz|now|asap))*$';

const JA_AGENT = 'オペレーター|オペレータ|担当者|担当の人|担当の方|有人対応|有人チャット|有人|人間|スタッフ|係の人|係の方|係員|サポート担当者?|カスタマーサポート|サポートセンター|窓口の人|窓口の方';
const JA_SOMEONE = '人|誰か|だれか|担当';
const JA_ASK =
  '(?:と|に|を|で|へ)?(?:話す|話します|話したい|話せますか|話させて(?:ください)?|話がしたい|お話ししたい|お話したい|チャットしたい|相談したい|' +
  '(?:代わって|替わって|変わって|つないで|繋いで|つなげて|繋げて)(?:ください|もらえますか|いただけますか)?|呼んで(?:ください)?|出して(?:ください)?|' +
  'お願い(?:します|いたします|できますか)?|おねがい(?:します)?|対応(?:して(?:ください|ほしい)|をお願いします|希望)|希望(?:します)?)(?:です)?';

const TH_AGENT = 'เจ้าหน้าที่|พนักงาน|แอดมิน|แอดมิ้น|admin|คนจริงๆ|คนจริง|ฝ่ายบริการลูกค้า|ฝ่ายลูกค้าสัมพันธ์|คอลเซ็นเตอร์|คอลเซนเตอร์';
const TH_LEAD = '(?:ขอ|อยาก|ต้องการ|รบกวน|ช่วย|กรุณา)*';
const TH_VERB = '(?:คุย|พูด|ติดต่อ|สนทนา|ต่อสาย|โอนสาย|โอน|ส่งต่อ|แชท|ปรึกษา|เรียก|สาย)(?:กับ|หา|ให้|ไปยัง|ไปหา|ไปที่|ถึง)?';
const TH_TAIL = '(?:หน่อย|ด้วย|ที)?(?:ได้(?:ไหม|มั้ย|มั๊ย|หรือเปล่า|ป่าว|ปะ))?$';

const ZH_AGENT =
  '人工客服|真人客服|客服人員|客服人员|客服專員|客服专员|服務人員|服务人员|線上客服|线上客服|真人服務|真人服务|人工服務|人工服务|專人服務|专人服务|真人|客服|專人|专人|專員|专员|人工';
const ZH_LEAD = '我?(?:要|想要|想|需要|希望|請|请|麻煩|麻烦|可以|能|能不能|可不可以|幫我|帮我|給我|给我)*';
const ZH_VERB = '(?:找|聯絡|联络|聯繫|联系|連絡|接|轉接|转接|轉給|转给|轉到|转到|轉|转|和|跟|與|与|給|给|呼叫)?';
const ZH_TAIL = '(?:談|谈|說話|说话|聊聊|聊天|聊|對話|对话|服務|服务|處理|处理|回覆|回复|協助|协助|幫忙|帮忙)?(?:嗎|吗|好嗎|好吗|可以嗎|可以吗)?$';

/** Short requests, beyond the whole messages above. English ones match the spaced form, the others the compact one. */
const PHRASES: readonly { readonly command: BotCommand; readonly form: 'spaced' | 'compact'; readonly pattern: RegExp }[] = [
  // "talk to a person", "can I speak to a real person please", "human please", "connect me to an agent"
  { command: 'agent', form: 'spaced', pattern: new RegExp(`^${EN_LEAD}(?:(?:a|an|the|your|some)\\s+)?(?:(?:real|live|actual|human)\\s+)?(?:${EN_AGENT})${EN_TAIL}`) },
  {
    command: 'agent',
    form: 'spaced',
    pattern: new RegExp(`^${EN_LEAD}${EN_VERB}\\s+(?:(?:a|an|the|your|some)\\s+)?(?:(?:real|live|actual|human)\\s+)?(?:${EN_AGENT}|${EN_SOMEONE})${EN_TAIL}`),
  },
  // オペレーターをお願いします, 担当者に代わってください, 人と話したいです
  { command: 'agent', form: 'compact', pattern: new RegExp(`^(?:${JA_AGENT})(?:さん|様)?(?:${JA_ASK})?$`) },
  { command: 'agent', form: 'compact', pattern: new RegExp(`^(?:${JA_SOMEONE})(?:${JA_ASK})$`) },
  // ขอคุยกับเจ้าหน้าที่หน่อย, ติดต่อแอดมิน, อยากคุยกับคน
  { command: 'agent', form: 'compact', pattern: new RegExp(`^${TH_LEAD}(?:${TH_VERB})?(?:${TH_AGENT})${TH_TAIL}`) },
  { command: 'agent', form: 'compact', pattern: new RegExp(`^${TH_LEAD}${TH_VERB}คน${TH_TAIL}`) },
  // 我要找真人, 請幫我轉接客服人員, 我想跟客服聊聊
  { command: 'agent', form: 'compact', pattern: new RegExp(`^${ZH_LEAD}${ZH_VERB}(?:${ZH_AGENT})${ZH_TAIL}`) },

  // "show me the menu", "back to the main menu", "menu please"
  {
    command: 'menu',
    form: 'spaced',
    pattern: new RegExp(
      '^(?:(?:please|pls|can i|could i|let me|i want to|i wanna)\\s+)*(?:(?:show|open|display|see|view|give|send|get)\\s+(?:me\\s+)?|(?:go\\s+)?back\\s+to\\s+|return\\s+to\\s+|go\\s+to\\s+)?(?:the\\s+)?(?:main\\s+)?menu(?:\\s+(?:please|pls|plz))*$',
    ),
  },
  { command: 'menu', form: 'compact', pattern: /^(?:メイン|トップ)?メニュー(?:を|に|へ)?(?:表示(?:して)?|見せて|見たい|出して|開いて|戻る|戻って|戻りたい|お願いします)?(?:ください)?$/ },
  { command: 'menu', form: 'compact', pattern: /^(?:ขอดู|ขอ|ดู|แสดง|เปิด|กลับไปที่|กลับไปหน้า|กลับไป|กลับ|ไปที่|ไป)?(?:หน้า)?เมนู(?:หลัก)?(?:หน่อย|ด้วย)?$/ },
  { command: 'menu', form: 'compact', pattern: /^我?(?:要|想要|想|請|请)*(?:回到|返回|回|顯示|显示|打開|打开|開啟|开启|查看|看|給我|给我|叫出)?主?(?:選單|选单|菜單|菜单)吧?$/ },

  // キャンセルでお願いします, 取り消してください
  { command: 'cancel', form: 'compact', pattern: /^(?:キャンセル|取り消し|取消し|中止)(?:します|する|して(?:ください)?|で(?:お願いします)?|お願いします)?$/ },
];

/**
 * Trailing courtesies that do not change what a short message asks: Thai polite particles, Chinese sentence-final
 * particles, "thank you" in our Asian languages.
 */
const TRAILING_COURTESY = /(?:นะคะ|นะครับ|นะ|คะ|ค่ะ|ครับ|คับ|ค่า|จ้า|จ้ะ|ฮะ|ขอบคุณมาก|ขอบคุณ|ありがとうございます|ありがとう|謝謝|谢谢|啊|阿|喔|哦|呀|啦|吧|耶|欸|唷|嘛)$/u;

/**
 * The command a customer's message gives, or `undefined` when it is anything else.
 *
 * Recognised, in English, Japanese, Thai and Chinese: a whole message that is the command (trimmed, NFKC-folded,
 * case-insensitive, punctuation and emoji ignored, Thai and Chinese polite endings ignored), or a short phrase clearly
 * asking for it ("talk to a person", "担当者に代わってください", "ขอคุยกับเจ้าหน้าที่ค่ะ", "請幫我轉接客服"). A word
 * inside an ordinary sentence is no command: "I have no idea" is not `no`, "menu item broken" is not `menu`,
 * "注文をキャンセルしたい" (cancel my order) is not `cancel`. Yes and no are recognised only as whole answers, and only
 * unambiguous ones.
 *
 * The button payloads of {@link commandPayload} (`cmd:agent`, …) map to their command exactly.
 *
 * @example
 * ```ts
 * recognizeCommand('Talk to a person, please'); // 'agent'
 * recognizeCommand('メニュー'); // 'menu'
 * recognizeCommand('ยกเลิกค่ะ'); // 'cancel'
 * recognizeCommand('好的'); // 'yes'
 * recognizeCommand('cmd:no'); // 'no'
 * recognizeCommand('I have no idea'); // undefined
 * ```
 */
export function recognizeCommand(text: string): BotCommand | undefined {
  if (typeof text !== 'string') return undefined;
  const payload = COMMAND_BY_PAYLOAD.get(text.trim());
  if (payload) return payload;

  const { spaced, compact } = foldMessage(text);
  if (compact === '' || spaced.length > MAX_COMMAND_LENGTH) return undefined;
  const plain = withoutCourtesies(compact);
  const whole = COMMAND_BY_MESSAGE.get(spaced) ?? COMMAND_BY_MESSAGE.get(compact) ?? COMMAND_BY_MESSAGE.get(plain);
  if (whole) return whole;
  for (const { command, form, pattern } of PHRASES) {
    if (form === 'spaced' ? pattern.test(spaced) : pattern.test(compact) || pattern.test(plain)) return command;
  }
  return undefined;
}

/**
 * The language-neutral payload a button sends for `command` (postback data or message text), which
 * {@link recognizeCommand} maps back to it.
 *
 * @example
 * ```ts
 * commandPayload('agent'); // 'cmd:agent'
 * ```
 */
export function commandPayload(command: BotCommand): string {
  return PAYLOADS[command];
}

/** `compact` without its trailing courtesies ("ไม่ต้องค่ะขอบคุณค่ะ" → "ไม่ต้อง"); never empties a message entirely. */
function withoutCourtesies(compact: string): string {
  let current = compact;
  for (;;) {
    const next = current.replace(TRAILING_COURTESY, '');
    if (next === current || next === '') return current;
    current = next;
  }
}
