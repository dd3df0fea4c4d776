import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage';

/** A day of the week as `Date#getUTCDay` numbers it: 0 is Sunday, 6 is Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * One opening of a queue, in the schedule's local time. `opens` and `closes` are `HH:MM`
 * (24-hour; `closes` may be `24:00`). When `closes` is not after `opens` the interval crosses
 * midnight and ends on the following day; `opens === closes` means 24 hours from `opens`.
 * The interval belongs to the day it opens on, holidays included.
 *
 * @example { day: 5, opens: '22:00', closes: '02:00' } // Friday 22:00 to Saturday 02:00
 */
export interface WeeklyInterval {
  readonly day: Weekday;
  readonly opens: string;
  readonly closes: string;
}

/**
 * When a queue is staffed. A holiday (`YYYY-MM-DD` in `timeZone`) cancels every interval that
 * opens on that date, including the part of it after midnight.
 *
 * @example { timeZone: 'Asia/Tokyo', weekly: [{ day: 1, opens: '09:00', closes: '18:00' }], holidays: ['2025-01-01'] }
 */
export interface OperatingHours {
  /** An IANA time zone, e.g. `Asia/Tokyo`. */
  readonly timeZone: string;
  readonly weekly: readonly WeeklyInterval[];
  readonly holidays: readonly string[];
}

/** `push`: the router offers work to an agent; `pick`: agents take the next item themselves. */
export type DistributionMode = 'push' | 'pick';

/**
 * A queue of conversations waiting for a human agent.
 *
 * @example { id: 'ja-billing', name: 'Billing (ja)', languages: ['ja'], priority: 5, distribution: 'push' }
 */
export interface Queue {
  readonly id: string;
  readonly name: string;
  /** Languages the queue's agents serve; a rule targeting the queue is skipped for any other. */
  readonly languages: readonly SupportedLanguage[];
  /** Higher is served first. */
  readonly priority: number;
  /** Absent: always open. */
  readonly hours?: OperatingHours;
  readonly distribution: DistributionMode;
}

/** Whether an agent takes new work. Only `available` agents are offered or take any. */
export type AgentPresence = 'available' | 'busy' | 'away' | 'offline';

/** How well an agent knows a skill, 1 (novice) to 5 (expert). */
export type Proficiency = 1 | 2 | 3 | 4 | 5;

/**
 * A human agent as the router sees it. Capacity and load are in the same units as
 * {@link QueuedItem.units} (e.g. a chat is 1, a complex case 2).
 *
 * @example { id: 'a1', languages: ['ja', 'en'], skills: { billing: 4 }, capacity: 3, load: 1, presence: 'available', queueIds: ['ja-billing'] }
 */
export interface Agent {
  readonly id: string;
  readonly languages: readonly SupportedLanguage[];
  readonly skills: Readonly<Partial<Record<string, Proficiency>>>;
  readonly capacity: number;
  readonly load: number;
  readonly presence: AgentPresence;
  readonly queueIds: readonly string[];
  /** Epoch milliseconds of the last assignment; absent when never assigned (such agents go first). */
  readonly lastAssignedAt?: number;
}

/**
 * What is known about a conversation when it asks for a human: the facts routing rules test.
 *
 * @example { conversationId: 'c1', language: 'th', topic: 'refund', lineAccountId: 'shop-th', customerTags: ['vip'], hasLinkedContact: true }
 */
export interface ConversationFacts {
  readonly conversationId: string;
  readonly language: SupportedLanguage;
  /** The skill the bot recognised as needed, if any. */
  readonly skill?: string;
  readonly topic?: string;
  readonly lineAccountId?: string;
  readonly customerTags: readonly string[];
  readonly hasLinkedContact: boolean;
}

/**
 * A conversation waiting in a queue, as routed. `priority` comes from the routing decision;
 * `enqueuedAt` (epoch milliseconds) measures the wait.
 */
export interface QueuedItem {
  readonly id: string;
  readonly queueId: string;
  readonly language: SupportedLanguage;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly enqueuedAt: number;
  /** Capacity the conversation takes from an agent. */
  readonly units: number;
  /** A returning customer's previous agent, preferred when eligible. */
  readonly preferredAgentId?: string;
}

/**
 * Conditions of a {@link RoutingRule}; every condition given must hold, absent ones always do.
 * List conditions hold when the conversation's value is one of the list.
 */
export interface RuleConditions {
  readonly languages?: readonly SupportedLanguage[];
  readonly skills?: readonly string[];
  readonly topics?: readonly string[];
  readonly lineAccountIds?: readonly string[];
  /** Holds when the customer has at least one of these tags. */
  readonly customerTagsAny?: readonly string[];
  readonly hasLinkedContact?: boolean;
  /** Holds when the routing time is inside (`inside: true`) or outside (`false`) `hours`. */
  readonly schedule?: { readonly hours: OperatingHours; readonly inside: boolean };
}

/**
 * One work-classification rule: rules are tried in order and the first that matches wins.
 *
 * @example { id: 'vip-ja', when: { languages: ['ja'], customerTagsAny: ['vip'] }, queueId: 'ja-vip', requiredSkills: [], priority: 10 }
 */
export interface RoutingRule {
  readonly id: string;
  readonly when: RuleConditions;
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  /** Absent: the target queue's priority. */
  readonly priority?: number;
}

/** Where a conversation goes, and why. */
export interface RoutingDecision {
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  /** The rule that matched; absent when the fallback queue caught the conversation. */
  readonly ruleId?: string;
  /** Rules that matched but were skipped because their queue does not serve the language. */
  readonly skippedRuleIds: readonly string[];
  /** The target queue has operating hours and the routing time is outside them. */
  readonly outOfHours: boolean;
}

/** `exact`: an agent must have every required skill; `closest`: the best partial match will do. */
export type SkillMatchMode = 'exact' | 'closest';
