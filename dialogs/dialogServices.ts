import type { SurveyResultSink } from './handoffRequest';
import type { SelfServiceContent } from './selfService/selfServiceContent';
import type { CustomerSessionStore } from './state/customerSession';

/** What the customer-service dialogs need besides the turn itself. */
export interface DialogServices {
  readonly content: SelfServiceContent;
  readonly sessions: CustomerSessionStore;
  readonly surveys: SurveyResultSink;
}
