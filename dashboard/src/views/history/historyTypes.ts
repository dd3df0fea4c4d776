import type { JournalEntry } from '../../notes';

/** One handoff cycle in the search results (`GET /api/agent/history`). */
export interface HistoryItem {
  readonly handoffId: string;
  readonly cycle: number;
  readonly customerId: string;
  readonly customerName?: string;
  readonly queueId: string;
  readonly agentId?: string;
  readonly state: string;
  readonly requestedAt: string;
  readonly closedAt?: string;
  readonly closeReason?: string;
  readonly wrapUpCode?: string;
  readonly rating?: number;
}

/** A page of results. */
export interface HistoryPage {
  readonly items: readonly HistoryItem[];
  readonly nextBefore?: string;
}

/** A whole conversation (`GET /api/agent/history/:handoffId`). */
export interface ConversationRecord {
  readonly handoffId: string;
  readonly channelId: string;
  readonly customer: { readonly id: string; readonly name?: string };
  readonly cycles: readonly {
    readonly cycle: number;
    readonly state: string;
    readonly requestedAt: string;
    readonly assignedAt?: string;
    readonly closedAt?: string;
    readonly closeReason?: string;
    readonly queueId: string;
    readonly queueName?: string;
    readonly agentId?: string;
    readonly agentName?: string;
    readonly transfers: number;
    readonly wrapUpCode?: string;
    readonly wrapUpLabel?: string;
    readonly wrapUpNote?: string;
    readonly rating?: number;
    readonly comment?: string;
  }[];
  readonly notes: readonly (JournalEntry & { readonly byName?: string })[];
  readonly messages: readonly { readonly at?: string; readonly author: 'customer' | 'bot' | 'agent'; readonly name?: string; readonly text: string; readonly attachments: readonly { readonly contentType: string; readonly name?: string }[] }[];
  readonly truncated: boolean;
}
