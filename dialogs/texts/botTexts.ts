import type { HandoffReason } from '../handoffRequest';

/** What kind of file a customer sent, as the bot names it when acknowledging. */
export type ReceivedMediaKind = 'image' | 'video' | 'audio' | 'file';

/**
 * Every text the bot says to a customer, in one language. Texts that carry values are functions.
 * Button labels (`…Label`) are at most 20 characters: LINE cuts longer ones.
 *
 * @example
 * const texts = textsFor('ja');
 * await context.sendActivity(texts.greeting('Aiko'));
 */
export interface BotTexts {
  /** First words to a new customer, by name when known; the main menu follows it. */
  greeting(name?: string): string;
  /** Put above the main menu when the customer asks for it or comes back to it. */
  readonly menuPrompt: string;
  /** Main-menu button that asks for a person. */
  readonly talkToPersonLabel: string;
  /** Main-menu button that opens the language picker. */
  readonly languageLabel: string;
  /** Asks the customer to pick one of the languages (the picker's text). */
  readonly chooseLanguage: string;
  /** Confirms, in the newly chosen language, that the bot now speaks it. */
  readonly languageChanged: string;

  /** Asked after a self-service answer. */
  readonly didThisHelp: string;
  readonly yesLabel: string;
  readonly noLabel: string;
  /** Reply to "yes, it helped"; the main menu follows it. */
  readonly gladItHelped: string;
  /** Offers a person, worded for why the bot offers one. */
  offerPerson(reason: Exclude<HandoffReason, 'customerAsked'>): string;
  /** Button that goes back to the main menu. */
  readonly backToMenuLabel: string;
  /** First message the bot could not match to a topic; the main menu follows it. */
  readonly notUnderstood: string;

  /** The handoff request went out; a person will answer in this chat. */
  readonly handoffRecorded: string;
  /** The customer asked again while a request is still open. */
  readonly handoffAlreadyRecorded: string;
  /** The open request was withdrawn; the main menu follows it. */
  readonly handoffCancelled: string;
  /** "Cancel" while no request is open. */
  readonly nothingToCancel: string;

  /** The survey's first question, answered 1 to 5. */
  readonly ratingQuestion: string;
  /** Label of a rating button (1 = poor … 5 = excellent). */
  ratingLabel(rating: 1 | 2 | 3 | 4 | 5): string;
  /** Asks for an optional comment. */
  readonly commentQuestion: string;
  readonly skipLabel: string;
  /** The end of a completed survey. */
  readonly surveyThanks: string;
  /** The end of a survey the customer never rated. */
  readonly surveyEndedWithoutRating: string;

  /** Acknowledges an image, video, audio or file; says whether a person can see it. */
  mediaReceived(kind: ReceivedMediaKind, handoffPending: boolean): string;
  /** Answers a LINE sticker. */
  readonly stickerReply: string;
  /** Acknowledges a shared location. */
  locationReceived(handoffPending: boolean): string;
  /** Said while a person serves the customer and this channel does not pass files on to people. */
  readonly attachmentsNotAccepted: string;

  /** Acknowledges a message written while queued: a person will see it, and how to withdraw the request. */
  readonly queuedMessageSeen: string;
  /** Quick reply that withdraws a queued request. */
  readonly cancelRequestLabel: string;
  /** Said instead of a wait estimate while nobody who could take the request is online. */
  readonly noAgentOnline: string;
  /** A number of minutes with its unit, plural-correct (see `minutesText`). */
  minutes(count: number): string;
  /** Out of hours: when the team is back (`when` is the opening time in the customer's language; `''` when unknown). */
  nextOpening(when: string): string;
  /** Quick reply that leaves a message for the team to answer when it opens. */
  readonly leaveMessageLabel: string;
  /** The request is queued for the opening (`when`, or `''` when unknown): asks the customer to write their message now. */
  leaveMessageQueued(when: string): string;
}
