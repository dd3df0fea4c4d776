import { minutesText } from './durations';
import type { BotTexts, ReceivedMediaKind } from './botTexts';

const MEDIA_NAMES: Readonly<Record<ReceivedMediaKind, string>> = {
  image: '圖片',
  video: '影片',
  audio: '語音訊息',
  file: '檔案',
};

/** The bot's texts in Traditional Chinese (Taiwan). */
export const ZH_TW_TEXTS: BotTexts = {
  greeting: (name) =>
    `${name ? `${name}您好，` : '您好，'}歡迎您！我是客服小幫手。請從下方選單選擇主題，或直接輸入您的問題。`,
  menuPrompt: '請問有什麼可以為您服務的嗎？請選擇主題或輸入您的問題。',
  talkToPersonLabel: '真人客服',
  languageLabel: '語言 / Language',
  chooseLanguage: '請選擇您想使用的語言。',
  languageChanged: '好的，接下來將以繁體中文為您服務。',

  didThisHelp: '這個回答對您有幫助嗎？',
  yesLabel: '有幫助',
  noLabel: '沒有幫助',
  gladItHelped: '很高興能幫上忙！還有其他需要協助的地方嗎？',
  offerPerson: (reason) =>
    reason === 'notHelpful'
      ? '很抱歉沒能幫上忙。需要為您轉接真人客服嗎？'
      : '很抱歉，我還是不太明白您的意思。需要為您轉接真人客服嗎？',
  backToMenuLabel: '回到選單',
  notUnderstood: '很抱歉，我不太明白您的意思。您可以從以下選單中選擇：',

  handoffRecorded: '謝謝您，我們已收到您的需求，客服人員會盡快在這個聊天室回覆您。',
  handoffAlreadyRecorded: '我們已經收到您的需求了，請稍候，客服人員會在這個聊天室回覆您。',
  handoffCancelled: '已為您取消真人客服的需求。還有其他需要協助的地方嗎？',
  nothingToCancel: '目前沒有可以取消的需求。',

  ratingQuestion: '請問您對這次的服務滿意嗎？請從 1（不滿意）到 5（非常滿意）中選擇。',
  ratingLabel: (rating) => (rating === 1 ? '1（不滿意）' : rating === 5 ? '5（非常滿意）' : String(rating)),
  commentQuestion: '謝謝您！還有其他意見想告訴我們嗎？請直接輸入，或點選「略過」。',
  skipLabel: '略過',
  surveyThanks: '感謝您提供寶貴的意見，期待再次為您服務！',
  surveyEndedWithoutRating: '感謝您與我們聯繫，祝您有美好的一天！',

  mediaReceived: (kind, handoffPending) =>
    handoffPending
      ? `已收到您的${MEDIA_NAMES[kind]}，謝謝您。回覆您的客服人員也能看到。`
      : `已收到您的${MEDIA_NAMES[kind]}，謝謝您。我無法查看內容，但如果您要求真人客服，客服人員就能看到。`,
  stickerReply: '謝謝您的貼圖！今天有什麼可以為您服務的嗎？',
  locationReceived: (handoffPending) =>
    handoffPending
      ? '已收到您的位置資訊，謝謝您。回覆您的客服人員也能看到。'
      : '已收到您的位置資訊，謝謝您。如果您要求真人客服，客服人員就能看到。',
  attachmentsNotAccepted: '很抱歉，此對話無法傳送檔案或圖片，請以文字說明您的需求。',
  queuedMessageSeen: '已收到您的訊息，負責處理的客服人員會看到。如要取消需求，請點選「取消需求」或輸入「取消」。',
  cancelRequestLabel: '取消需求',
  noAgentOnline: '目前沒有客服人員在線上。您的需求仍在排隊中，客服人員上線後會盡快在這個聊天室回覆您。',
  minutes: (count) => minutesText('zh-TW', count),
  nextOpening: (when) => `${when ? `我們將於${when}恢復服務。` : ''}您現在可以先留言，客服人員開始服務後就會看到。`,
  leaveMessageLabel: '留言',
  leaveMessageQueued: (when) => `請在這裡輸入您的留言，客服人員會在開始服務後${when ? `（${when}）` : ''}查看並回覆您。`,
};
