import { ActivityHandler, HandoffEventNames, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { CustomerMessageHandler } from './customerMessageHandler';
import type { DialogServices } from './dialogServices';
import { HandoffOfferDialog } from './handoff/handoffOfferDialog';
import { handoffStatusReceived } from './handoff/handoffRequests';
import { HANDOFF_ENDED_EVENT, UNSENT_TEXT_KEY, type HandoffEndedValue, type SurveyResultSink } from './handoffRequest';
import type { SupportedLanguage } from './language/supportedLanguage';
import { greeting } from './menu/greeting';
import type { SelfServiceContent } from './selfService/selfServiceContent';
import { isSelfServiceContentSource, type SelfServiceContentSource } from './selfService/selfServiceContentSource';
import { TopicAnswerDialog } from './selfService/topicAnswerDialog';
import { turnContent } from './selfService/turnContent';
import { forgetText } from './state/conversationData';
import { CustomerSessionStore } from './state/customerSession';
import { SURVEY_DIALOG, SurveyDialog } from './survey/surveyDialog';

/** What {@link CustomerServiceBot} needs. */
export interface CustomerServiceBotOptions {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  /**
   * The self-service topics and menu: fixed content, or a source the bot asks at every turn (content
   * admins edit while the bot runs).
   */
  readonly content: SelfServiceContent | SelfServiceContentSource;
  /** Where survey results go. */
  readonly surveys: SurveyResultSink;
  /** The operator's greeting for a new customer in a language, if they wrote one; the bot's own greeting otherwise. */
  readonly greetingOverride?: (language: SupportedLanguage) => Promise<string | undefined>;
  /** Minutes after which an unanswered survey is dropped (the next message is a new question); 60 when absent. */
  readonly surveyExpiryMinutes?: number;
  /** The time now, for survey expiry (the real clock when absent). */
  readonly clock?: () => Date;
}

/**
 * The customer-service bot, the same on LINE and on Bot Framework channels: greets new customers
 * with the main menu in their language, answers self-service topics, hands over to a person
 * (botbuilder's `handoff.initiate` event), and takes the customer back when a `handoff.ended` event
 * arrives — with the satisfaction survey unless its value says `survey: false`; a `handoff.status` event (accepted /
 * failed / completed) corrects what it remembers of a pending request. Conversation and user state are saved at the end of every turn.
 *
 * @example
 * const bot = new CustomerServiceBot({ conversationState, userState, content, surveys });
 * await adapter.process(request, response, (context) => bot.run(context));
 */
export class CustomerServiceBot extends ActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly userState: UserState;

  constructor(options: CustomerServiceBotOptions) {
    super();
    this.conversationState = options.conversationState;
    this.userState = options.userState;
    const { content } = options;
    const source: SelfServiceContentSource = isSelfServiceContentSource(content) ? content : { current: () => content };
    const services: DialogServices = {
      content: (context) => turnContent(context, source),
      surveys: options.surveys,
      sessions: new CustomerSessionStore(options.conversationState, options.userState),
      ...(options.clock ? { now: options.clock } : {}),
      surveyExpiryMs: (options.surveyExpiryMinutes ?? 60) * 60_000,
    };
    const dialogs = new DialogSet(options.conversationState.createProperty<DialogState>('dialogState'));
    dialogs.add(new TopicAnswerDialog(services)).add(new HandoffOfferDialog(services)).add(new SurveyDialog(services));
    const messages = new CustomerMessageHandler(services, dialogs);

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const customers = (context.activity.membersAdded ?? []).filter((member) => member.id !== botId);
      if (customers.length > 0) {
        const session = await services.sessions.load(context);
        // Several people joining at once (a group) get one greeting, addressed to nobody in particular.
        const name = customers.length === 1 ? customers[0]?.name : undefined;
        const override = session.languageKnown ? await options.greetingOverride?.(session.language) : undefined;
        await context.sendActivity(greeting(services.content(context), session, name || undefined, override));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await messages.handle(context);
      await next();
    });

    // An unsent message leaves the bot's memory (the next handoff summary must not carry it).
    this.onMessageDelete(async (context, next) => {
      const session = await services.sessions.load(context);
      const forgotten = forgetText(session.conversation, context.activity.id ?? '');
      if (forgotten !== undefined) context.turnState.set(UNSENT_TEXT_KEY, forgotten);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === HANDOFF_ENDED_EVENT) {
        const session = await services.sessions.load(context);
        delete session.conversation.pendingHandoff;
        const dc = await dialogs.createContext(context);
        await dc.cancelAllDialogs();
        if ((context.activity.value as HandoffEndedValue | undefined)?.survey !== false) await dc.beginDialog(SURVEY_DIALOG);
      }
      if (context.activity.name === HandoffEventNames.HandoffStatus) handoffStatusReceived(context, await services.sessions.load(context));
      await next();
    });
  }

  /** Runs the turn, then saves conversation and user state. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await Promise.all([this.conversationState.saveChanges(context, false), this.userState.saveChanges(context, false)]);
  }
}
