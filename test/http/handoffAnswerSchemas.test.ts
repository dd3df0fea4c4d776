import assert from 'node:assert/strict';
import type { z } from 'zod';
import type { HandoffEvent, RelayedMessage } from '../../src/handoff/handoffEvents';
import type { HandoffService } from '../../src/handoff/handoffService';
import type { HandoffConversationView, HandoffOverview } from '../../src/handoff/handoffServiceModel';
import type { Contact } from '../../src/customers/customerRepository';
import { contactSchema } from '../../src/http/schemas/contactSchemas';
import { handoffEventSchema, relayedMessageSchema } from '../../src/http/schemas/handoffEventSchemas';
import { conversationViewSchema, directorySchema, overviewSchema, presenceAnswerSchema } from '../../src/http/schemas/handoffSchemas';
import { fileSendingSchema } from '../../src/http/schemas/agentMessageSchemas';
import { conversationExportSchema, historyPageSchema } from '../../src/http/schemas/historySchemas';
import type { ConversationExport, ExportedCycle, ExportedMessage } from '../../src/history/conversationExport';
import type { HistoryItem, HistoryPage } from '../../src/history/historySearch';
import type { HandoffJournalEntry } from '../../src/handoff/notes/handoffJournal';
import type { ReportComment, ReportFigures, ReportRow } from '../../src/reports/reportFigures';
import { reportSchema } from '../../src/http/schemas/reportSchemas';

/**
 * The router serialises every answer through its schema and drops keys the schema does not name, so a field the
 * server's type has but the schema lacks would silently vanish from the answer. Each sample below fills every field of
 * the server's type (TypeScript insists, since the types are `Required`), and must come through its schema unchanged.
 */
function assertKeepsEverything(schema: z.ZodType, sample: unknown, what: string): void {
  assert.deepEqual(schema.parse(sample), sample, `${what}: the schema drops or changes a field of the server's answer`);
}

const at = '2026-03-01T09:00:00.000Z';

const view: Required<HandoffConversationView> = {
  id: '0123456789abcdef01234567',
  channelId: 'line',
  conversationId: 'default:user:U1',
  state: 'assigned',
  cycle: 2,
  customer: { id: 'line:U1', name: 'Takumi', pictureUrl: 'https://example.com/p.png', language: 'ja', contactId: 'c_0123456789abcdef0123' },
  lineAccountId: 'default',
  language: 'ja',
  skill: 'billing',
  topic: 'refund',
  reason: 'customerAsked',
  summary: 'I want a refund',
  workstreamId: 'default',
  queue: { id: 'ja-support', name: 'Japanese support', distribution: 'push' },
  requiredSkills: ['billing'],
  priority: 3,
  agentId: 'u_amy',
  offeredAgentId: 'u_bob',
  offerDeadline: at,
  requestedAt: at,
  queuedAt: at,
  assignedAt: at,
  endedAt: at,
  closedAt: at,
  closeReason: 'agent',
  lastMessageAt: at,
  waitSeconds: 12,
  unread: 1,
  notes: [{ at, byUserId: 'u_sue', text: 'VIP' }],
};

const message: Required<RelayedMessage> = {
  id: 'm1',
  author: 'agent',
  agentId: 'u_amy',
  agentName: 'Amy',
  clientMessageId: 'c-1',
  text: 'Hello',
  attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png', thumbnailUrl: 'https://example.com/t.png', name: 'a.png', content: { lineMessageId: '42' } }],
  at,
  payload: 'action=hello',
  unsent: false,
  delivery: 'reply',
  quickReplies: ['Yes', 'No'],
};

describe('answer schemas keep every field the server answers', () => {
  it('a conversation view', () => {
    assertKeepsEverything(conversationViewSchema, view, 'HandoffConversationView');
  });

  it('the supervisor overview', () => {
    const overview: Required<HandoffOverview> = {
      at,
      queues: [{ id: 'ja-support', name: 'Japanese support', distribution: 'pick', open: true, waiting: 2, offered: 1, assigned: 3, longestWaitSeconds: 40, serviceLevel: 0.5 }],
      agents: [{ id: 'u_amy', displayName: 'Amy', presence: 'busy', capacity: 3, load: 4, queueIds: ['ja-support'], conversations: 2 }],
      conversations: [view],
    };
    assertKeepsEverything(overviewSchema, overview, 'HandoffOverview');
  });

  it('presence, the directory and file sending', () => {
    const presence: Required<Awaited<ReturnType<HandoffService['presenceOf']>>> = { presence: 'away', capacity: 3, load: 1 };
    assertKeepsEverything(presenceAnswerSchema, presence, 'presence');
    const directory: Required<Awaited<ReturnType<HandoffService['directory']>>> = {
      queues: [{ id: 'ja-support', name: 'Japanese support', distribution: 'push', languages: ['ja'] }],
      agents: [{ id: 'u_amy', displayName: 'Amy', presence: 'available', languages: ['ja', 'en'], queueIds: ['ja-support'] }],
    };
    assertKeepsEverything(directorySchema, directory, 'directory');
    const fileSending: Required<Awaited<ReturnType<HandoffService['fileSendingFor']>>> = { allowed: false, reason: 'PUBLIC_URL is not HTTPS', maxBytes: 10_000_000 };
    assertKeepsEverything(fileSendingSchema, fileSending, 'file sending');
  });

  it('a contact', () => {
    const contact: Required<Contact> = { id: 'c_0123456789abcdef0123', name: 'Takumi', email: 't@example.com', phone: '+81 90', externalId: 'crm-1', notes: 'prefers mail', createdAt: new Date(at), updatedAt: new Date(at) };
    assertKeepsEverything(contactSchema, contact, 'Contact');
  });

  it('a relayed message and every live event', () => {
    assertKeepsEverything(relayedMessageSchema, message, 'RelayedMessage');
    const events: readonly HandoffEvent[] = [
      { type: 'conversation', conversationId: 'h1', state: 'queued', queueId: 'q', agentId: 'u_amy', offeredAgentId: 'u_bob', change: 'offered' },
      { type: 'offer', conversationId: 'h1', queueId: 'q', agentId: 'u_bob', deadline: at },
      { type: 'offerEnded', conversationId: 'h1', queueId: 'q', agentId: 'u_bob', reason: 'expired' },
      { type: 'message', conversationId: 'h1', queueId: 'q', agentId: 'u_amy', message },
      { type: 'presence', agentId: 'u_amy', presence: 'offline' },
      { type: 'messageUnsent', conversationId: 'h1', queueId: 'q', agentId: 'u_amy', messageId: 'm1' },
      {
        type: 'note', conversationId: 'h1', queueId: 'q', agentId: 'u_amy',
        entry: { id: 'n1', handoffId: 'h1', cycle: 2, kind: 'action', at, byUserId: 'u_sue', byRole: 'supervisor', text: 'VIP', action: 'transfer', toQueueId: 'q2', toAgentId: 'u_bob', code: 'resolved' },
      },
    ];
    for (const event of events) assertKeepsEverything(handoffEventSchema, event, `event ${event.type}`);
  });

  it('a history page and a whole exported conversation', () => {
    const item: Required<HistoryItem> = { handoffId: 'h1', cycle: 1, customerId: 'line:U1', customerName: 'Takumi', lineAccountId: 'default', queueId: 'q2', firstQueueId: 'q1', agentId: 'u_amy', state: 'closed', requestedAt: at, closedAt: at, closeReason: 'agent', wrapUpCode: 'refund', rating: 5 };
    const page: Required<HistoryPage> = { items: [item], nextBefore: 'cursor', scanLimited: true };
    assertKeepsEverything(historyPageSchema, page, 'HistoryPage');
    const cycle: Required<ExportedCycle> = { cycle: 1, state: 'closed', requestedAt: at, assignedAt: at, endedAt: at, closedAt: at, closeReason: 'agent', queueId: 'q', queueName: 'Queue', agentId: 'u_amy', agentName: 'Amy', transfers: 1, wrapUpCode: 'refund', wrapUpLabel: 'Refund', wrapUpNote: 'done', rating: 4, comment: 'thanks' };
    const line: Required<ExportedMessage> = { at, author: 'agent', name: 'Amy', text: 'Hello', attachments: [{ contentType: 'application/pdf', name: 'quote.pdf' }] };
    const entry: Required<Omit<HandoffJournalEntry, 'at'>> = { id: 'n1', handoffId: 'h1', cycle: 1, kind: 'action', byUserId: 'u_sue', byRole: 'supervisor', text: 'VIP', action: 'transfer', toQueueId: 'q', toAgentId: 'u_amy', code: 'refund' };
    const exported: Required<ConversationExport> = { handoffId: 'h1', channelId: 'line', conversationId: 'default:user:U1', customer: { id: 'line:U1', name: 'Takumi' }, exportedAt: at, cycles: [cycle], notes: [{ ...entry, at, byName: 'Sue' }], messages: [line], truncated: false };
    assertKeepsEverything(conversationExportSchema, exported, 'ConversationExport');
  });

  it('a report', () => {
    const row: Required<ReportRow> = { key: 'ja-support', requested: 10, answered: 8, abandoned: 1, averageWaitSeconds: 30, p90WaitSeconds: 55, serviceLevel: 0.9, averageHandleSeconds: 300, transfers: 2, csatCount: 4, csatAverage: 4.5 };
    const comment: Required<ReportComment> = { handoffId: 'h1', cycle: 1, channelId: 'line', conversationId: 'default:user:U1', queueId: 'q', agentId: null, rating: 5, comment: 'great', at };
    const figures: Required<ReportFigures> = { rows: [row], total: row, csat: { count: 4, average: 4.5, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 3 } }, comments: [comment], series: [{ ...row, key: '2026-03-01' }] };
    const report = { period: { from: at, to: at, timeZone: 'Asia/Tokyo' }, groupBy: 'queue' as const, serviceLevelSeconds: 60, ...figures };
    assertKeepsEverything(reportSchema, report, 'report');
  });

  it('notices a field the schema lacks', () => {
    // The check itself must be able to fail: a view with a field no schema names loses it.
    assert.throws(() => assertKeepsEverything(conversationViewSchema, { ...view, secret: 'x' }, 'view with an extra field'), /drops or changes/);
  });
});
