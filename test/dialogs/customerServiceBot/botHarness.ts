import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { webhook } from '@line/bot-sdk';
import { ActivityTypes, ConversationState, EventFactory, MemoryStorage, TestAdapter, UserState, type Activity, type CardAction } from 'botbuilder';
import { lineEventToActivity } from '../../../adapters/line/lineEventToActivity';
import { CustomerServiceBot } from '../../../dialogs/customerServiceBot';
import { HANDOFF_ENDED_EVENT, HANDOFF_INITIATE_EVENT, type HandoffContext, type SurveyResult, type SurveyResultSink } from '../../../dialogs/handoffRequest';
import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage';
import type { SelfServiceContent } from '../../../dialogs/selfService/selfServiceContent';
import type { SelfServiceContentSource } from '../../../dialogs/selfService/selfServiceContentSource';
import { parseSelfServiceContent } from '../../../src/content/selfServiceContentFile';
import { BOT_USER_ID, USER_ID, followEvent, postbackEvent, textMessageEvent } from '../../fixtures/lineEvents';

const CONTENT_FILE = join(__dirname, '..', '..', '..', '..', 'content', 'self-service.json');
let content: SelfServiceContent | undefined;

/** The real content file operators edit, parsed as the server parses it. */
export function realContent(): SelfServiceContent {
  content ??= parseSelfServiceContent(JSON.parse(readFileSync(CONTENT_FILE, 'utf8')), CONTENT_FILE);
  return content;
}

/** The id LINE customers get in the handoff: `line:{userId}`. */
export const LINE_CUSTOMER_ID = `line:${USER_ID}`;

/** The locale LINE reports for a profile in each of the bot's languages. */
export const LINE_LOCALES: Readonly<Record<SupportedLanguage, string>> = { en: 'en', ja: 'ja', th: 'th', 'zh-TW': 'zh-TW' };

/** A survey sink that keeps what it is given, or fails when told to. */
export class RecordingSurveySink implements SurveyResultSink {
  readonly results: SurveyResult[] = [];
  failure: Error | undefined;

  async save(result: SurveyResult): Promise<void> {
    if (this.failure) throw this.failure;
    this.results.push(result);
  }
}

/** The LINE profile of the customer: gives `from.name` and, with `language`, the activity's `locale`. */
export interface CustomerProfile {
  readonly displayName: string;
  readonly language?: string;
}

/**
 * One customer talking to a fresh {@link CustomerServiceBot} on LINE: events are built like LINE's
 * webhook events and mapped by the real LINE adapter mapping, then run through a TestAdapter with
 * MemoryStorage. Each call returns what the bot sent during that turn.
 */
export class BotHarness {
  readonly surveys = new RecordingSurveySink();
  readonly storage = new MemoryStorage();
  readonly adapter: TestAdapter;
  /** `undefined`: the LINE profile could not be read (no name, no locale). */
  profile: CustomerProfile | undefined;

  constructor(profile?: CustomerProfile, content: SelfServiceContent | SelfServiceContentSource = realContent()) {
    this.profile = profile;
    const bot = new CustomerServiceBot({
      conversationState: new ConversationState(this.storage),
      userState: new UserState(this.storage),
      content,
      surveys: this.surveys,
    });
    this.adapter = new TestAdapter((context) => bot.run(context));
  }

  /** The customer adds the account as a friend. */
  follow(): Promise<Partial<Activity>[]> {
    return this.line(followEvent());
  }

  /** The customer writes `text`. */
  say(text: string): Promise<Partial<Activity>[]> {
    return this.line(textMessageEvent({ message: { text } }));
  }

  /** The customer taps a button whose postback data is `data`. */
  tap(data: string): Promise<Partial<Activity>[]> {
    return this.line(postbackEvent({ postback: { data, params: {} } }));
  }

  /** Any LINE webhook event from the customer. */
  async line(event: webhook.Event): Promise<Partial<Activity>[]> {
    const profile = this.profile;
    const activity = lineEventToActivity(event, {
      accountId: 'default',
      destination: BOT_USER_ID,
      dataApiBaseUrl: 'https://api-data.line.me',
      serviceUrl: 'https://bot.example.com/api/line/default',
      ...(profile === undefined
        ? {}
        : { profile: profile.language === undefined ? { displayName: profile.displayName } : { displayName: profile.displayName, language: profile.language } }),
    });
    assert.ok(activity, `the LINE adapter maps ${event.type}`);
    return this.send(activity);
  }

  /** The handoff layer reports that the person closed the conversation (`survey: false`: without the survey). */
  handoffEnded(options: { readonly survey?: boolean } = {}): Promise<Partial<Activity>[]> {
    return this.send({
      type: ActivityTypes.Event,
      name: HANDOFF_ENDED_EVENT,
      channelId: 'line',
      from: { id: USER_ID, name: this.profile?.displayName ?? '', role: 'user' },
      recipient: { id: BOT_USER_ID, name: '', role: 'bot' },
      conversation: { id: `default:user:${USER_ID}`, conversationType: 'personal', isGroup: false, name: '' },
      value: { customerId: LINE_CUSTOMER_ID, ...options },
    });
  }

  /** The handoff layer tells the bot where the handoff stands (Bot Framework's `handoff.status`). */
  handoffStatus(state: 'accepted' | 'failed' | 'completed'): Promise<Partial<Activity>[]> {
    const status = EventFactory.createHandoffStatus({ id: `default:user:${USER_ID}`, conversationType: 'personal', isGroup: false, name: '' }, state);
    return this.send({
      ...status,
      channelId: 'line',
      from: { id: USER_ID, name: this.profile?.displayName ?? '', role: 'user' },
      recipient: { id: BOT_USER_ID, name: '', role: 'bot' },
    });
  }

  /** Runs one activity through the bot; returns what it sent. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }
}

/** The message texts of `replies`, in order. */
export function textsOf(replies: readonly Partial<Activity>[]): string[] {
  return replies.filter((reply) => reply.type === ActivityTypes.Message).map((reply) => reply.text ?? '');
}

/** The quick-reply buttons of a reply, as `[label, payload]`. */
export function buttonsOf(reply: Partial<Activity> | undefined): [string, string][] {
  const actions: CardAction[] = reply?.suggestedActions?.actions ?? [];
  return actions.map((action) => [action.title, String(action.text)]);
}

/** The last message of `replies`: the one LINE shows with its quick replies. */
export function lastMessage(replies: readonly Partial<Activity>[]): Partial<Activity> {
  const messages = replies.filter((reply) => reply.type === ActivityTypes.Message);
  const last = messages.at(-1);
  assert.ok(last, 'the bot answered with a message');
  return last;
}

/** The event activities among `replies` named `name`. */
export function eventsNamed(replies: readonly Partial<Activity>[], name: string): Partial<Activity>[] {
  return replies.filter((reply) => reply.type === ActivityTypes.Event && reply.name === name);
}

/** The value of the only `handoff.initiate` event among `replies`. */
export function handoffContextOf(replies: readonly Partial<Activity>[]): HandoffContext {
  const events = eventsNamed(replies, HANDOFF_INITIATE_EVENT);
  assert.equal(events.length, 1, 'exactly one handoff.initiate event');
  const value: unknown = events[0]?.value;
  assert.ok(typeof value === 'object' && value !== null, 'the handoff event carries a value');
  return value as HandoffContext;
}

/** The main menu's buttons in `language`, as the bot should show them. */
export function expectedMenu(language: SupportedLanguage, talkToPerson: string, languageLabel: string): [string, string][] {
  const menuContent = realContent();
  return [
    ...menuContent.menu.map((id): [string, string] => {
      const topic = menuContent.topics.find((candidate) => candidate.id === id);
      assert.ok(topic, `menu topic ${id} exists`);
      return [topic.title[language], `topic:${id}`];
    }),
    [talkToPerson, 'cmd:agent'],
    [languageLabel, 'lang:choose'],
  ];
}
