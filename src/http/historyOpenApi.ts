const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object): object => ({ 'application/json': { schema } });
const isoTime = { type: 'string', format: 'date-time' };
const handoffId = (name: string): object => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' }, description: 'the handoff id (24 hex digits)' });
const queryParameter = (name: string, description: string, schema: object = { type: 'string' }): object => ({ name, in: 'query', required: false, schema, description });

const journalEntry = {
  type: 'object',
  description: 'An entry of a conversation’s internal record; never sent to the customer.',
  properties: {
    id: { type: 'string' },
    handoffId: { type: 'string' },
    cycle: { type: 'integer' },
    kind: { type: 'string', enum: ['note', 'action', 'wrapUp'] },
    at: isoTime,
    byUserId: { type: 'string', description: '`api-key` when ADMIN_API_KEY acted' },
    byRole: { type: 'string', enum: ['agent', 'supervisor'] },
    text: { type: 'string', description: 'the note, the wrap-up note, or a transfer’s note' },
    action: { type: 'string', enum: ['assign', 'transfer', 'close'] },
    toQueueId: { type: 'string' },
    toAgentId: { type: 'string' },
    code: { type: 'string', description: 'the wrap-up code (wrap-up entries)' },
  },
};

/**
 * The notes, wrap-up codes and history schemas and paths of the OpenAPI document.
 *
 * @example const history = historyOpenApi(); ({ ...paths, ...history.paths });
 */
export function historyOpenApi(): { readonly schemas: Record<string, object>; readonly paths: Record<string, object> } {
  const user = { security: [{ sessionToken: [] }, { adminApiKey: [] }] };
  const refusals = { 401: errorResponse('missing, invalid or expired token'), 404: errorResponse('no such conversation, or one this agent may not see') };
  return {
    schemas: {
      JournalEntry: journalEntry,
      HistoryItem: {
        type: 'object',
        properties: {
          handoffId: { type: 'string' },
          cycle: { type: 'integer' },
          customerId: { type: 'string' },
          customerName: { type: 'string' },
          lineAccountId: { type: 'string' },
          queueId: { type: 'string' },
          firstQueueId: { type: 'string' },
          agentId: { type: 'string' },
          state: { type: 'string', enum: ['queued', 'assigned', 'waiting', 'wrapUp', 'closed'] },
          requestedAt: isoTime,
          closedAt: isoTime,
          closeReason: { type: 'string' },
          wrapUpCode: { type: 'string' },
          rating: { type: 'integer' },
        },
      },
      ConversationExport: {
        type: 'object',
        description: 'A whole conversation: its handoff cycles (with queue, agent, close reason, wrap-up, survey), internal record and messages.',
        properties: {
          handoffId: { type: 'string' },
          channelId: { type: 'string' },
          conversationId: { type: 'string' },
          customer: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          exportedAt: isoTime,
          cycles: { type: 'array', items: { type: 'object' } },
          notes: { type: 'array', items: { $ref: '#/components/schemas/JournalEntry' } },
          messages: { type: 'array', items: { type: 'object', properties: { at: isoTime, author: { type: 'string', enum: ['customer', 'bot', 'agent'] }, name: { type: 'string' }, text: { type: 'string' }, attachments: { type: 'array', items: { type: 'object' } } } } },
          truncated: { type: 'boolean' },
        },
      },
    },
    paths: {
      '/api/agent/history': {
        get: {
          summary: 'Searches handoff cycles, open and closed, newest first (agents: the cycles they served and those waiting in their queues)',
          description: '`q` matches the customer’s name and id, the conversation’s latest summary and the wrap-up code; transcripts are not scanned. At most 2000 cycle facts are read per page; `scanLimited` says more may exist past `nextBefore`.',
          ...user,
          parameters: [
            queryParameter('q', 'words'),
            queryParameter('customer', 'a customer id (`line:U…`) or part of a name'),
            queryParameter('contactId', 'the customers a contact ties together'),
            queryParameter('agentId', 'an agent who was assigned the cycle'),
            queryParameter('queueId', 'the queue it was routed to or ended in'),
            queryParameter('lineAccountId', 'the LINE account'),
            queryParameter('from', 'requested at or after', isoTime),
            queryParameter('to', 'requested before', isoTime),
            queryParameter('state', 'the cycle’s state', { type: 'string', enum: ['queued', 'assigned', 'waiting', 'wrapUp', 'closed'] }),
            queryParameter('before', 'the `nextBefore` of the previous page'),
            queryParameter('limit', 'results per page (1–100, default 25)', { type: 'integer' }),
          ],
          responses: { 200: { description: 'a page', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/HistoryItem' } }, nextBefore: { type: 'string' }, scanLimited: { type: 'boolean' } } }) }, 400: errorResponse('a parameter is invalid'), 401: errorResponse('missing, invalid or expired token') },
        },
      },
      '/api/agent/history/{handoffId}': {
        get: { summary: 'The whole conversation with its handoff cycles, internal record and messages', ...user, parameters: [handoffId('handoffId')], responses: { 200: { description: 'the conversation', content: json({ $ref: '#/components/schemas/ConversationExport' }) }, ...refusals } },
      },
      '/api/agent/history/{handoffId}/download': {
        get: {
          summary: 'The conversation as a file: a self-contained, print-ready HTML page (no script, everything escaped) or JSON',
          ...user,
          parameters: [handoffId('handoffId'), queryParameter('format', 'html (default) or json', { type: 'string', enum: ['html', 'json'] })],
          responses: { 200: { description: 'an attachment', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: '#/components/schemas/ConversationExport' } } } }, 400: errorResponse('unknown format'), ...refusals },
        },
      },
    },
  };
}
