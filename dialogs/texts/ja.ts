import { minutesText } from './durations';
import type { BotTexts, ReceivedMediaKind } from './botTexts';

const MEDIA_NAMES: Readonly<Record<ReceivedMediaKind, string>> = {
  image: '画像',
  video: '動画',
  audio: '音声メッセージ',
  file: 'ファイル',
};

/** The bot's texts in Japanese (polite です/ます style). */
export const JA_TEXTS: BotTexts = {
  greeting: (name) =>
    `${name ? `${name}様、こんにちは。` : 'こんにちは。'}お問い合わせいただきありがとうございます。サポートアシスタントです。下のメニューからお選びいただくか、ご用件を入力してください。`,
  menuPrompt: 'どのようなご用件でしょうか。メニューからお選びいただくか、ご質問を入力してください。',
  talkToPersonLabel: '担当者と話す',
  languageLabel: '言語 / Language',
  chooseLanguage: 'ご希望の言語をお選びください。',
  languageChanged: '承知しました。これからは日本語でご案内します。',

  didThisHelp: 'こちらの回答はお役に立ちましたか？',
  yesLabel: 'はい',
  noLabel: 'いいえ',
  gladItHelped: 'お役に立てて何よりです。ほかにお手伝いできることはありますか？',
  offerPerson: (reason) =>
    reason === 'notHelpful'
      ? 'お役に立てず申し訳ございません。担当者におつなぎしましょうか？'
      : '申し訳ございません、ご用件を理解できませんでした。担当者におつなぎしましょうか？',
  backToMenuLabel: 'メニューに戻る',
  notUnderstood: '申し訳ございません、うまく理解できませんでした。こちらのメニューからお選びいただけます。',

  handoffRecorded: 'ありがとうございます。お問い合わせを承りました。担当者がこのトークで順番にご返信いたしますので、今しばらくお待ちください。',
  handoffAlreadyRecorded: 'お問い合わせはすでに承っております。担当者からの返信をこのトークで今しばらくお待ちください。',
  handoffCancelled: '担当者へのお問い合わせを取り消しました。ほかにお手伝いできることはありますか？',
  nothingToCancel: '現在、取り消せるお問い合わせはありません。',

  ratingQuestion: '今回のサポートはいかがでしたか？ 1（不満）から5（大変満足）でお選びください。',
  ratingLabel: (rating) => (rating === 1 ? '1（不満）' : rating === 5 ? '5（大変満足）' : String(rating)),
  commentQuestion: 'ありがとうございます。ほかにご意見があればご入力ください。ない場合は「スキップ」を押してください。',
  skipLabel: 'スキップ',
  surveyThanks: 'ご回答いただきありがとうございました。またのご利用をお待ちしております。',
  surveyEndedWithoutRating: 'お問い合わせいただきありがとうございました。またのご利用をお待ちしております。',

  mediaReceived: (kind, handoffPending) =>
    handoffPending
      ? `${MEDIA_NAMES[kind]}を受け取りました。ありがとうございます。ご返信する担当者も確認できます。`
      : `${MEDIA_NAMES[kind]}を受け取りました。ありがとうございます。私は内容を確認できませんが、担当者をご希望いただければ担当者が確認いたします。`,
  stickerReply: 'スタンプありがとうございます。本日はどのようなご用件でしょうか？',
  locationReceived: (handoffPending) =>
    handoffPending
      ? '位置情報を受け取りました。ありがとうございます。ご返信する担当者も確認できます。'
      : '位置情報を受け取りました。ありがとうございます。担当者をご希望いただければ担当者が確認いたします。',
  attachmentsNotAccepted: '申し訳ございません。このチャットではファイルや画像をお受けできません。お手数ですが、内容をメッセージでお知らせください。',
  queuedMessageSeen: 'メッセージを受け付けました。担当者が対応する際に確認いたします。お問い合わせを取り消す場合は「取り消す」を押すか、「キャンセル」とご入力ください。',
  cancelRequestLabel: '取り消す',
  noAgentOnline: 'ただいま対応できる担当者がおりません。お問い合わせは順番にお受けしており、担当者が対応可能になり次第このトークでご返信いたします。',
  minutes: (count) => minutesText('ja', count),
  nextOpening: (when) => `${when ? `次の受付開始は${when}です。` : ''}今メッセージを残していただければ、受付開始後に担当者が確認いたします。`,
  leaveMessageLabel: 'メッセージを残す',
  leaveMessageQueued: (when) => `こちらにメッセージをご入力ください。受付開始${when ? `（${when}）` : ''}後に担当者が確認し、ご返信いたします。`,
};
