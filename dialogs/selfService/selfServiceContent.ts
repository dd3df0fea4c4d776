import type { SupportedLanguage } from '../language/supportedLanguage';

/** Text in every supported language. */
export type Localized<T> = Readonly<Record<SupportedLanguage, T>>;

/**
 * One self-service topic of the content file operators edit: how customers ask about it, the
 * answer, and the skill a person needs when the answer does not help.
 */
export interface SelfServiceTopic {
  /** Stable id, e.g. `delivery-status`. */
  readonly id: string;
  /** Skill the handoff needs for this topic, e.g. `orders`, `billing`, `technical`. */
  readonly skill: string;
  /** Short title, used on menu buttons (≤ 20 characters, LINE's label limit). */
  readonly title: Localized<string>;
  /** Words or phrases that point at the topic (matched as substrings, case-insensitively). */
  readonly keywords: Localized<readonly string[]>;
  /** Example questions customers ask. */
  readonly questions: Localized<readonly string[]>;
  /** The self-service answer. */
  readonly answer: Localized<string>;
}

/** The whole content file. */
export interface SelfServiceContent {
  readonly topics: readonly SelfServiceTopic[];
  /** Ids of the topics offered on the main menu, in order (at most 10). */
  readonly menu: readonly string[];
  /** Skill requested when the customer asks for a person without a topic. */
  readonly defaultSkill: string;
}
