import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import { isButtonPayload } from '../buttonPayloads';
import { resolveLanguage } from '../language/resolveLanguage';
import { DEFAULT_LANGUAGE, type SupportedLanguage } from '../language/supportedLanguage';
import { receivedMediaOf } from '../media/receivedMedia';
import type { BotTexts } from '../texts/botTexts';
import { textsFor } from '../texts/textsFor';
import { newConversationData, type ConversationData } from './conversationData';
import type { UserProfile } from './userProfile';

/** Everything a turn needs to know about the customer and the conversation. */
export interface CustomerSession {
  /** The language to speak: the customer's, else {@link DEFAULT_LANGUAGE}. */
  readonly language: SupportedLanguage;
  /** Whether {@link language} is really the customer's (false: nothing told it yet). */
  readonly languageKnown: boolean;
  /** The texts in {@link language}. */
  readonly texts: BotTexts;
  /** The conversation's data; changes are saved at the end of the turn. */
  readonly conversation: ConversationData;
  /** The customer's profile; changes are saved at the end of the turn. */
  readonly profile: UserProfile;
}

/**
 * Loads a turn's {@link CustomerSession} from conversation and user state. The language comes from
 * {@link resolveLanguage}, else from the language last spoken in the conversation (an event from the
 * handoff system carries no locale, and its sender may not be the customer). Loading again in the
 * same turn returns the same state objects (BotState caches them), with the language resolved
 * afresh — so after the customer chooses a language, the next load speaks it.
 *
 * @example
 * const session = await sessions.load(context);
 * await context.sendActivity(session.texts.menuPrompt);
 */
export class CustomerSessionStore {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  private readonly profiles: StatePropertyAccessor<UserProfile>;

  constructor(conversationState: ConversationState, userState: UserState) {
    this.conversationData = conversationState.createProperty<ConversationData>('customerService');
    this.profiles = userState.createProperty<UserProfile>('customerProfile');
  }

  async load(context: TurnContext): Promise<CustomerSession> {
    // Both reads at once: the store answers them in one round trip.
    const [conversation, profile] = await Promise.all([this.conversationData.get(context, newConversationData()), this.profiles.get(context, {})]);
    const resolved =
      resolveLanguage(profile, { locale: context.activity.locale, writtenText: writtenText(context) }) ?? conversation.language;
    if (resolved !== undefined) conversation.language = resolved;
    const language = resolved ?? DEFAULT_LANGUAGE;
    return { language, languageKnown: resolved !== undefined, texts: textsFor(language), conversation, profile };
  }
}

/** Only what the customer typed tells their language: payloads are ours, and media captions are not theirs. */
function writtenText(context: TurnContext): string | undefined {
  const { activity } = context;
  if (activity.type !== ActivityTypes.Message || receivedMediaOf(activity) !== undefined) return undefined;
  const text = activity.text?.trim();
  return text && !isButtonPayload(text) ? text : undefined;
}
