import { minutesText } from './durations';
import type { BotTexts, ReceivedMediaKind } from './botTexts';

const MEDIA_NAMES: Readonly<Record<ReceivedMediaKind, string>> = {
  image: 'photo',
  video: 'video',
  audio: 'voice message',
  file: 'file',
};

/** The bot's texts in English. */
export const EN_TEXTS: BotTexts = {
  greeting: (name) =>
    `${name ? `Hello ${name}, and welcome!` : 'Hello, and welcome!'} I'm the support assistant. Choose a topic below or tell me what you need.`,
  menuPrompt: 'How can I help you? Choose a topic or type your question.',
  talkToPersonLabel: 'Talk to a person',
  languageLabel: 'Language',
  chooseLanguage: 'Which language would you like me to use?',
  languageChanged: "Sure, I'll continue in English.",

  didThisHelp: 'Did this help?',
  yesLabel: 'Yes',
  noLabel: 'No',
  gladItHelped: "I'm glad that helped! Is there anything else I can do for you?",
  offerPerson: (reason) =>
    reason === 'notHelpful'
      ? "I'm sorry that didn't help. Would you like to talk to a person?"
      : "I'm sorry, I still don't understand. Would you like to talk to a person?",
  backToMenuLabel: 'Back to menu',
  notUnderstood: "Sorry, I didn't quite understand that. Here is what I can help with:",

  handoffRecorded:
    "Thank you. I've passed your request to our support team, and a member of staff will reply to you here as soon as possible.",
  handoffAlreadyRecorded: 'Your request has already been recorded. A member of staff will reply to you here shortly.',
  handoffCancelled: "Your request to talk to a person has been cancelled. Is there anything else I can help with?",
  nothingToCancel: "There's nothing to cancel at the moment.",

  ratingQuestion: 'How would you rate the support you received? Please choose from 1 (poor) to 5 (excellent).',
  ratingLabel: (rating) => (rating === 1 ? '1 (poor)' : rating === 5 ? '5 (excellent)' : String(rating)),
  commentQuestion: 'Thank you! Is there anything you would like to add? Type a comment, or tap "Skip".',
  skipLabel: 'Skip',
  surveyThanks: 'Thank you for your feedback. We hope to help you again soon!',
  surveyEndedWithoutRating: 'Thank you for contacting us. Have a great day!',

  mediaReceived: (kind, handoffPending) =>
    handoffPending
      ? `Thank you, I've received your ${MEDIA_NAMES[kind]}. The member of staff who replies to you will be able to see it.`
      : `Thank you, I've received your ${MEDIA_NAMES[kind]}. I can't look at it myself, but if you ask to talk to a person, they will be able to see it.`,
  stickerReply: 'Thanks for the sticker! How can I help you today?',
  locationReceived: (handoffPending) =>
    handoffPending
      ? "Thank you, I've received your location. The member of staff who replies to you will be able to see it."
      : "Thank you, I've received your location. If you ask to talk to a person, they will be able to see it.",
  attachmentsNotAccepted: "Sorry, files and images can't be passed on in this conversation. Please describe what you need in a message.",
  queuedMessageSeen: 'Thank you. The member of staff who takes your request will see your message. To withdraw your request, tap "Cancel request" or type "cancel".',
  cancelRequestLabel: 'Cancel request',
  noAgentOnline: 'No one from our team is online right now. Your request stays in the queue, and a member of staff will reply here as soon as someone is available.',
  minutes: (count) => minutesText('en', count),
  nextOpening: (when) => `${when ? `We will be back on ${when}. ` : ''}You can leave a message now, and the team will see it when we open.`,
  leaveMessageLabel: 'Leave a message',
  leaveMessageQueued: (when) => `Please write your message here. Our team will see it and reply when we open${when ? ` (${when})` : ''}.`,
};
