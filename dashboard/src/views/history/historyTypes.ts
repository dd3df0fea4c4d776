import type { conversationExportSchema, historyItemSchema, historyPageSchema } from '../../../../src/http/schemas/historySchemas';
import type { WireOf } from '../../apiWire';

/** One handoff cycle in the search results (`GET /api/agent/history`). */
export type HistoryItem = WireOf<typeof historyItemSchema>;

/** A page of results. */
export type HistoryPage = WireOf<typeof historyPageSchema>;

/** A whole conversation (`GET /api/agent/history/:handoffId`). */
export type ConversationRecord = WireOf<typeof conversationExportSchema>;
