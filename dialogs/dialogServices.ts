import type { TurnContext } from 'botbuilder';
import type { SurveyResultSink } from './handoffRequest';
import type { SelfServiceContent } from './selfService/selfServiceContent';
import type { CustomerSessionStore } from './state/customerSession';

/** What the customer-service dialogs need besides the turn itself. */
export interface DialogServices {
  /** The self-service content of this turn: the same at every read within one turn, the newest at the next turn. */
  content(context: TurnContext): SelfServiceContent;
  readonly sessions: CustomerSessionStore;
  readonly surveys: SurveyResultSink;
  /** The time now (the real clock when absent). */
  readonly now?: () => Date;
  /** Milliseconds after which an unanswered survey is dropped; one hour when absent. */
  readonly surveyExpiryMs?: number;
}
