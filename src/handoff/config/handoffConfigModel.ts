import type { SupportedLanguage } from '../../../dialogs/language/supportedLanguage';
import type { Proficiency, RoutingRule } from '../routing/routingModel';

/**
 * A routing rule as administrators keep it: the router's {@link RoutingRule} plus a name to show and
 * the `order` rules are tried in (ascending; ties by id).
 *
 * @example { id: 'vip-ja', name: 'VIP customers (ja)', order: 10, when: { languages: ['ja'], customerTagsAny: ['vip'] }, queueId: 'ja-vip', requiredSkills: [], priority: 10 }
 */
export interface RoutingRuleConfig extends RoutingRule {
  readonly name: string;
  readonly order: number;
}

/** One skill of an {@link AgentProfile}. */
export interface AgentSkill {
  readonly name: string;
  readonly proficiency: Proficiency;
}

/**
 * What routing needs to know about a human agent that does not change from minute to minute; presence
 * and load are tracked elsewhere. `id` is the agent's user id.
 *
 * @example { id: '5f0c…', displayName: 'Ann', languages: ['ja', 'en'], skills: [{ name: 'billing', proficiency: 4 }], capacity: 3, queueIds: ['ja-billing'] }
 */
export interface AgentProfile {
  readonly id: string;
  readonly displayName: string;
  readonly languages: readonly SupportedLanguage[];
  readonly skills: readonly AgentSkill[];
  /** In the units of `QueuedItem.units` (a chat is 1). */
  readonly capacity: number;
  readonly queueIds: readonly string[];
}

/**
 * A channel's handoff settings, as Omnichannel's workstreams group them.
 *
 * @example { id: 'line-ja', name: 'LINE (ja)', language: 'ja', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: false }
 */
export interface Workstream {
  readonly id: string;
  readonly name: string;
  readonly language: SupportedLanguage;
  readonly surveyEnabled: boolean;
  readonly allowCustomerAttachments: boolean;
  readonly allowAgentAttachments: boolean;
  /** Whose automated messages this workstream sends; absent: its own id. */
  readonly automatedMessagesWorkstreamId?: string;
  /**
   * The LINE account this workstream belongs to (as a workstream belongs to a channel account in Omnichannel): that
   * account's conversations take it — the one in the customer's language first, else the account's first — before
   * the workstream chosen by language alone. Absent: chosen by language only.
   */
  readonly lineAccountId?: string;
}

/**
 * A canned response (Omnichannel's "quick reply"): text an agent inserts instead of typing it, found by title, tag or
 * words. `language` absent: offered whatever the customer's language.
 *
 * @example { id: 'refund-policy-ja', title: '返金ポリシー', text: '返金は商品到着後14日以内…', language: 'ja', tags: ['refund', 'billing'] }
 */
export interface CannedResponse {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly language?: SupportedLanguage;
  readonly tags: readonly string[];
}
