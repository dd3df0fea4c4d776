import type { SupportedLanguage } from './language/supportedLanguage';

/** Name of the event activity the bot emits to hand a conversation to a person (botbuilder's vocabulary). */
export const HANDOFF_INITIATE_EVENT = 'handoff.initiate';

/** Why the bot hands over. */
export type HandoffReason = 'customerAsked' | 'notHelpful' | 'notUnderstood';

/**
 * The context a handoff carries (the `value` of the `handoff.initiate` event): what the routing
 * rules and the agent need to know without reading the whole transcript.
 */
export interface HandoffContext {
  readonly language: SupportedLanguage;
  /** Skill the person needs (from the topic, else the content's default skill). */
  readonly skill: string;
  /** Topic id the customer chose or the bot recognised, if any. */
  readonly topic: string | undefined;
  readonly reason: HandoffReason;
  /** A short summary of what the customer said (their last few messages, newest last). */
  readonly summary: string;
  /** `{channelId}:{userId}` of the customer. */
  readonly customerId: string;
}

/** The result of a post-conversation survey. */
export interface SurveyResult {
  readonly channelId: string;
  readonly conversationId: string;
  readonly customerId: string;
  /** 1 (bad) to 5 (excellent). */
  readonly rating: 1 | 2 | 3 | 4 | 5;
  readonly comment: string | undefined;
  readonly language: SupportedLanguage;
  readonly at: Date;
}

/** Where survey results go (the storage layer implements it). */
export interface SurveyResultSink {
  save(result: SurveyResult): Promise<void>;
}

/** Name of the event activity that tells the bot a handoff ended and the survey should run. */
export const HANDOFF_ENDED_EVENT = 'handoff.ended';

/**
 * What the handoff decided about the `handoff.initiate` the bot has just sent, left in the turn state under
 * {@link HANDOFF_OUTCOME_KEY} by whatever takes the event (the handoff middleware). `accepted: false` means no person
 * will take it now (e.g. outside operating hours) and the taker has told the customer why.
 */
export interface HandoffOutcome {
  readonly accepted: boolean;
  /** The conversation was with people already (the request is on record): nothing new was queued. */
  readonly alreadyRequested?: boolean;
  /** `true`: the taker acknowledged the request to the customer itself, so the bot's own "request recorded" is not sent. */
  readonly acknowledged?: boolean;
}

/** Turn-state key of the {@link HandoffOutcome}. */
export const HANDOFF_OUTCOME_KEY = Symbol.for('lineOmnichannel.handoffOutcome');

/** The `value` of a `handoff.ended` event: whether the bot asks the survey (absent: it does). */
export interface HandoffEndedValue {
  readonly survey?: boolean;
}

/**
 * The `state` of Bot Framework's `handoff.status` event (`EventFactory.createHandoffStatus`, name
 * `HandoffEventNames.HandoffStatus`) as the handoff delivers it into the conversation: `accepted` (a person will take
 * it), `failed` (nobody will), `completed` (the handoff is over). After `failed` or `completed` nothing is pending.
 */
export type HandoffStatusState = 'accepted' | 'failed' | 'completed';

/** The `value` of a `handoff.status` event. */
export interface HandoffStatusValue {
  readonly state: HandoffStatusState;
  readonly message?: string;
}

/**
 * Turn-state key under which the bot leaves the text of a message the customer unsent (when it still remembered it,
 * e.g. for a handoff summary), so that whatever else kept it can forget it too.
 */
export const UNSENT_TEXT_KEY = Symbol.for('lineOmnichannel.unsentText');
