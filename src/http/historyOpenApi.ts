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
  const adminOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Role admin (or ADMIN_API_KEY); reading also supervisor.' };
  const code = { $ref: '#/components/schemas/WrapUpCode' };
  return {
    schemas: {
      JournalEntry: journalEntry,
      WrapUpCode: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }, label: { type: 'string', maxLength: 100 } } },
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
      '/api/agent/conversations/{id}/notes': {
        get: {
          summary: 'A conversation’s internal notes, recorded actions (assign, transfer, close) and wrap-ups, every cycle',
          ...user,
          parameters: [handoffId('id')],
          responses: { 200: { description: 'the record', content: json({ type: 'object', properties: { cycle: { type: 'integer' }, codeRequired: { type: 'boolean' }, wrapUp: { oneOf: [{ $ref: '#/components/schemas/JournalEntry' }, { type: 'null' }] }, entries: { type: 'array', items: { $ref: '#/components/schemas/JournalEntry' } } } }) }, ...refusals },
        },
        post: {
          summary: 'Adds an internal note (the serving agent or a supervisor); nothing is sent to the customer',
          ...user,
          parameters: [handoffId('id')],
          requestBody: { required: true, content: json({ type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } } }) },
          responses: { 201: { description: 'the note', content: json({ $ref: '#/components/schemas/JournalEntry' }) }, 400: errorResponse('empty or too long'), 403: errorResponse('not the serving agent'), ...refusals },
        },
      },
      '/api/agent/conversations/{id}/wrap-up': {
        put: {
          summary: 'Writes the current cycle’s wrap-up note and code (writing again replaces both)',
          ...user,
          parameters: [handoffId('id')],
          requestBody: { required: true, content: json({ type: 'object', properties: { note: { type: 'string', maxLength: 5000 }, code: { type: 'string' } } }) },
          responses: { 200: { description: 'the wrap-up', content: json({ $ref: '#/components/schemas/JournalEntry' }) }, 400: errorResponse('not a wrap-up code'), 403: errorResponse('not the serving agent'), ...refusals },
        },
      },
      '/api/agent/wrap-up-codes': { get: { summary: 'The wrap-up codes agents choose from', ...user, responses: { 200: { description: 'codes by label', content: json({ type: 'object', properties: { codes: { type: 'array', items: code } } }) } } } },
      '/api/admin/wrap-up-codes': {
        get: { summary: 'Wrap-up codes and the workstreams’ “code required” switches', ...adminOnly, responses: { 200: { description: 'codes and settings' } } },
        post: { summary: 'Adds a wrap-up code', ...adminOnly, requestBody: { required: true, content: json(code) }, responses: { 201: { description: 'added', content: json(code) }, 400: errorResponse('invalid id or label'), 409: errorResponse('the id is taken') } },
      },
      '/api/admin/wrap-up-codes/{id}': {
        put: { summary: 'Changes a code’s label', ...adminOnly, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: { required: true, content: json({ type: 'object', required: ['label'], properties: { label: { type: 'string' } } }) }, responses: { 200: { description: 'changed', content: json(code) }, 404: errorResponse('no such code') } },
        delete: { summary: 'Removes a code (wrap-ups that used it keep its id)', ...adminOnly, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: { description: 'removed' }, 404: errorResponse('no such code') } },
      },
      '/api/admin/wrap-up-settings': { get: { summary: 'Which workstreams require a wrap-up code', ...adminOnly, responses: { 200: { description: 'settings' } } } },
      '/api/admin/wrap-up-settings/{workstreamId}': {
        put: {
          summary: 'Switches “wrap-up code required” for a workstream: an agent closing a wrap-up without a code gets 409 `wrap_up_code_required`',
          ...adminOnly,
          parameters: [{ name: 'workstreamId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json({ type: 'object', required: ['codeRequired'], properties: { codeRequired: { type: 'boolean' } } }) },
          responses: { 200: { description: 'the setting' } },
        },
      },
      '/api/agent/history': {
        get: {
          summary: 'Searches handoff cycles, open and closed, newest first (agents: the cycles they served and those waiting in their queues)',
          description: '`q` finds text written in the cycle’s conversation (by the customer, the bot or agents, from an hour before the request until ten minutes after the close), through a word index: whole words in spaced scripts, any piece of two or more characters in Japanese, Chinese or Thai. It also matches words of the customer’s name and id, the latest summary and the wrap-up code among the 2000 newest cycles of the other filters from where the page starts. When every word of `q` is common, at most 2000 cycles are looked at per page; `scanLimited` says more may exist past `nextBefore`.',
          ...user,
          parameters: [
            queryParameter('q', 'text written in the conversation, or a wrap-up code'),
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
          parameters: [
            handoffId('handoffId'),
            queryParameter('format', 'html (default) or json', { type: 'string', enum: ['html', 'json'] }),
            queryParameter('lang', 'the language of the HTML page (default: the best match of Accept-Language, else en)', { type: 'string', enum: ['en', 'ja', 'th', 'zh-TW'] }),
            queryParameter('tz', 'the IANA time zone of the HTML page’s dates (default UTC)'),
          ],
          responses: { 200: { description: 'an attachment', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: '#/components/schemas/ConversationExport' } } } }, 400: errorResponse('unknown format or time zone'), ...refusals },
        },
      },
    },
  };
}
