import type { Activity } from 'botbuilder';
import { AGENT_ENTITY_TYPE } from '../handoff/agentMessageEntity';
import type { HandoffJournalEntry } from '../handoff/notes/handoffJournal';
import type { HandoffCycleFact } from '../reports/handoffCycleFact';

/** One line of the transcript as an export shows it. */
export interface ExportedMessage {
  readonly at: string | undefined;
  readonly author: 'customer' | 'bot' | 'agent';
  /** The agent's name (agent lines). */
  readonly name: string | undefined;
  readonly text: string;
  /** Attachments by kind and name (their content stays on the server). */
  readonly attachments: readonly { readonly contentType: string; readonly name: string | undefined }[];
}

/** A handoff cycle with what the agent wrote at its end and the names screens show. */
export interface ExportedCycle {
  readonly cycle: number;
  readonly state: string;
  readonly requestedAt: string;
  readonly assignedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly closedAt: string | undefined;
  readonly closeReason: string | undefined;
  readonly queueId: string;
  readonly queueName: string | undefined;
  readonly agentId: string | undefined;
  readonly agentName: string | undefined;
  readonly transfers: number;
  readonly wrapUpCode: string | undefined;
  readonly wrapUpLabel: string | undefined;
  readonly wrapUpNote: string | undefined;
  readonly rating: number | undefined;
  readonly comment: string | undefined;
}

/** A whole conversation: its handoff cycles, internal record and transcript (what downloads and the history page show). */
export interface ConversationExport {
  readonly handoffId: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly customer: { readonly id: string; readonly name: string | undefined };
  readonly exportedAt: string;
  readonly cycles: readonly ExportedCycle[];
  /** Internal notes, recorded actions and wrap-ups, oldest first (never sent to the customer). */
  readonly notes: readonly (Omit<HandoffJournalEntry, 'at'> & { readonly at: string; readonly byName: string | undefined })[];
  readonly messages: readonly ExportedMessage[];
  /** The transcript was longer than an export keeps. */
  readonly truncated: boolean;
}

/** What an export is built from. */
export interface ExportSources {
  readonly handoffId: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly customer: { readonly id: string; readonly name: string | undefined };
  readonly cycles: readonly HandoffCycleFact[];
  readonly journal: readonly HandoffJournalEntry[];
  readonly activities: readonly Partial<Activity>[];
  readonly truncated: boolean;
  readonly queueNames: ReadonlyMap<string, string>;
  readonly userNames: ReadonlyMap<string, string>;
  readonly wrapUpLabels: ReadonlyMap<string, string>;
  readonly at: Date;
}

/**
 * Gathers a conversation's export: cycles with wrap-ups, notes with their writers' names, and the messages (customer,
 * bot, agent) in order.
 *
 * @example const data = buildConversationExport(sources); renderConversationHtml(data, 'en');
 */
export function buildConversationExport(sources: ExportSources): ConversationExport {
  const wrapUps = new Map(sources.journal.filter((entry) => entry.kind === 'wrapUp').map((entry) => [entry.cycle, entry]));
  return {
    handoffId: sources.handoffId,
    channelId: sources.channelId,
    conversationId: sources.conversationId,
    customer: sources.customer,
    exportedAt: sources.at.toISOString(),
    cycles: sources.cycles.map((fact) => {
      const wrapUp = wrapUps.get(fact.cycle);
      const code = wrapUp?.code ?? fact.wrapUpCode;
      return {
        cycle: fact.cycle,
        state: fact.state,
        requestedAt: fact.requestedAt.toISOString(),
        assignedAt: (fact.firstAssignedAt ?? fact.assignedAt)?.toISOString(),
        endedAt: fact.endedAt?.toISOString(),
        closedAt: fact.closedAt?.toISOString(),
        closeReason: fact.closeReason,
        queueId: fact.queueId,
        queueName: sources.queueNames.get(fact.queueId),
        agentId: fact.agentId,
        agentName: fact.agentId === undefined ? undefined : sources.userNames.get(fact.agentId),
        transfers: fact.transfers,
        wrapUpCode: code,
        wrapUpLabel: code === undefined ? undefined : sources.wrapUpLabels.get(code),
        wrapUpNote: wrapUp?.text,
        rating: fact.rating,
        comment: fact.comment,
      };
    }),
    notes: sources.journal.map((entry) => ({ ...entry, at: entry.at.toISOString(), byName: sources.userNames.get(entry.byUserId) })),
    messages: sources.activities.filter((activity) => activity.type === 'message').map(messageOf),
    truncated: sources.truncated,
  };
}

function messageOf(activity: Partial<Activity>): ExportedMessage {
  const agent = activity.entities?.find((entity) => entity.type === AGENT_ENTITY_TYPE) as { name?: unknown } | undefined;
  const author = agent ? 'agent' : activity.from?.role === 'bot' ? 'bot' : 'customer';
  const at = activity.timestamp === undefined ? undefined : new Date(activity.timestamp).toISOString();
  return {
    at,
    author,
    name: agent && typeof agent.name === 'string' ? agent.name : undefined,
    text: typeof activity.text === 'string' ? activity.text : '',
    attachments: (activity.attachments ?? []).map((attachment) => ({ contentType: attachment.contentType, name: attachment.name })),
  };
}
