import type { BotTexts, ReceivedMediaKind } from './botTexts';

const MEDIA_NAMES: Readonly<Record<ReceivedMediaKind, string>> = {
  image: 'รูปภาพ',
  video: 'วิดีโอ',
  audio: 'ข้อความเสียง',
  file: 'ไฟล์',
};

/**
 * The bot's texts in Thai: polite (กรุณา, ขออภัย, ขอบคุณ) and, like the automated messages, without
 * the gendered particles ค่ะ/คะ/ครับ or a gendered "I" — the bot speaks as "เรา".
 */
export const TH_TEXTS: BotTexts = {
  greeting: (name) =>
    `${name ? `สวัสดี คุณ${name}` : 'สวัสดี'} ยินดีต้อนรับ เราคือผู้ช่วยฝ่ายบริการลูกค้า กรุณาเลือกหัวข้อด้านล่าง หรือพิมพ์เรื่องที่ต้องการให้เราช่วยเหลือ`,
  menuPrompt: 'มีเรื่องใดให้เราช่วยเหลือ กรุณาเลือกหัวข้อ หรือพิมพ์คำถามของคุณ',
  talkToPersonLabel: 'คุยกับเจ้าหน้าที่',
  languageLabel: 'ภาษา / Language',
  chooseLanguage: 'กรุณาเลือกภาษาที่ต้องการ',
  languageChanged: 'ได้เลย ต่อจากนี้เราจะสนทนากับคุณเป็นภาษาไทย',

  didThisHelp: 'ข้อมูลนี้เป็นประโยชน์กับคุณหรือไม่',
  yesLabel: 'ใช่',
  noLabel: 'ไม่ใช่',
  gladItHelped: 'ยินดีที่ได้ช่วยเหลือ มีเรื่องอื่นที่ให้เราช่วยอีกหรือไม่',
  offerPerson: (reason) =>
    reason === 'notHelpful'
      ? 'ขออภัยที่ข้อมูลนี้ยังไม่ช่วยแก้ปัญหา ต้องการคุยกับเจ้าหน้าที่หรือไม่'
      : 'ขออภัย เรายังไม่เข้าใจคำถามของคุณ ต้องการคุยกับเจ้าหน้าที่หรือไม่',
  backToMenuLabel: 'กลับไปที่เมนู',
  notUnderstood: 'ขออภัย เราไม่เข้าใจข้อความนี้ กรุณาเลือกหัวข้อจากเมนูด้านล่าง',

  handoffRecorded: 'ขอบคุณ เราได้รับคำขอของคุณแล้ว เจ้าหน้าที่จะตอบกลับในแชทนี้โดยเร็วที่สุด',
  handoffAlreadyRecorded: 'เราได้รับคำขอของคุณไว้แล้ว กรุณารอเจ้าหน้าที่ตอบกลับในแชทนี้สักครู่',
  handoffCancelled: 'ยกเลิกคำขอคุยกับเจ้าหน้าที่เรียบร้อยแล้ว มีเรื่องอื่นที่ให้เราช่วยอีกหรือไม่',
  nothingToCancel: 'ขณะนี้ไม่มีคำขอที่ต้องยกเลิก',

  ratingQuestion: 'คุณพึงพอใจกับบริการที่ได้รับมากน้อยเพียงใด กรุณาเลือกตั้งแต่ 1 (ไม่พอใจ) ถึง 5 (พอใจมาก)',
  ratingRetry: 'ขออภัย กรุณาตอบเป็นตัวเลข 1 ถึง 5',
  ratingLabel: (rating) => (rating === 1 ? '1 (ไม่พอใจ)' : rating === 5 ? '5 (พอใจมาก)' : String(rating)),
  commentQuestion: 'ขอบคุณ มีความคิดเห็นเพิ่มเติมหรือไม่ พิมพ์ความคิดเห็นได้เลย หรือกด "ข้าม"',
  skipLabel: 'ข้าม',
  surveyThanks: 'ขอบคุณสำหรับความคิดเห็น หวังว่าจะได้ให้บริการคุณอีก',
  surveyEndedWithoutRating: 'ขอบคุณที่ติดต่อเรา ขอให้เป็นวันที่ดี',

  mediaReceived: (kind, handoffPending) =>
    handoffPending
      ? `ได้รับ${MEDIA_NAMES[kind]}ของคุณแล้ว ขอบคุณ เจ้าหน้าที่ที่ตอบกลับจะเห็น${MEDIA_NAMES[kind]}นี้ด้วย`
      : `ได้รับ${MEDIA_NAMES[kind]}ของคุณแล้ว ขอบคุณ เราไม่สามารถเปิดดูได้เอง แต่หากคุณขอคุยกับเจ้าหน้าที่ เจ้าหน้าที่จะเห็น${MEDIA_NAMES[kind]}นี้`,
  stickerReply: 'ขอบคุณสำหรับสติกเกอร์ วันนี้มีเรื่องใดให้เราช่วยเหลือ',
  locationReceived: (handoffPending) =>
    handoffPending
      ? 'ได้รับตำแหน่งที่ตั้งของคุณแล้ว ขอบคุณ เจ้าหน้าที่ที่ตอบกลับจะเห็นข้อมูลนี้ด้วย'
      : 'ได้รับตำแหน่งที่ตั้งของคุณแล้ว ขอบคุณ หากคุณขอคุยกับเจ้าหน้าที่ เจ้าหน้าที่จะเห็นข้อมูลนี้',
  attachmentsNotAccepted: 'ขออภัย การสนทนานี้ไม่สามารถรับไฟล์หรือรูปภาพได้ กรุณาพิมพ์รายละเอียดเป็นข้อความ',
};
