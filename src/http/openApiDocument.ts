import { reportOpenApi } from './reportsOpenApi';
import { historyOpenApi } from './historyOpenApi';

const errorBody = { type: 'object', properties: { message: { type: 'string' }, field: { type: 'string', description: 'the request field at fault' } }, required: ['message'] };
const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object): object => ({ 'application/json': { schema } });
const adminOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Role: admin (or ADMIN_API_KEY).' };

/** The handoff record id: 24 hex digits, from the conversation list, the overview or the event stream. */
const handoffIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' }, description: 'the handoff id (24 hex digits)' };
const agentOnly = {
  security: [{ sessionToken: [] }],
  description: 'A logged-in user (role agent, supervisor or admin) with an agent profile. The agent API acts for that user, so ADMIN_API_KEY is refused with 403.',
};
const supervisorOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Roles: supervisor or admin (or ADMIN_API_KEY).' };
const conversationResponse = (description: string): object => ({ description, content: json({ $ref: '#/components/schemas/HandoffConversationView' }) });
/** The refusals every agent endpoint may answer. */
const agentRefusals = {
  401: errorResponse('missing, invalid or expired token'),
  403: errorResponse('ADMIN_API_KEY was presented (the agent API acts for a logged-in user)'),
};
/** The refusals of agent endpoints on one conversation. */
const agentConversationRefusals = {
  ...agentRefusals,
  404: errorResponse('no agent profile, no such conversation, or one the agent may not see (not theirs now or last, not offered to them, not queued in a queue they serve): the API does not confirm ids of others’ conversations'),
};
const supervisorRefusals = { 401: errorResponse('missing, invalid or expired token'), 403: errorResponse('not a supervisor or admin') };

const isoTime = { type: 'string', format: 'date-time' };
const handoffState = { type: 'string', enum: ['queued', 'assigned', 'waiting', 'wrapUp', 'closed'] };
const presenceValue = { type: 'string', enum: ['available', 'busy', 'away', 'offline'] };

const handoffConversationView = {
  type: 'object',
  description:
    'A conversation handed to people, as screens show it. States: `queued` (waiting for an agent, possibly offered to one), `assigned`, `waiting` (the agent stepped away; queued again for them when the customer writes), `wrapUp` (ended; the agent finishes notes), `closed`. Fields without a value are left out.',
  properties: {
    id: { type: 'string', description: 'the handoff id, the same on every server instance' },
    channelId: { type: 'string', example: 'line' },
    conversationId: { type: 'string', example: 'default:user:U4af4980629d3f6e1a7b0c2d5e8f91a3b' },
    state: handoffState,
    cycle: { type: 'integer', minimum: 1, description: '1 for the first handoff of the conversation, +1 for each later one' },
    customer: {
      type: 'object',
      properties: { id: { type: 'string', example: 'line:U4af4980629d3f6e1a7b0c2d5e8f91a3b' }, name: { type: 'string' }, pictureUrl: { type: 'string', format: 'uri' }, language: { type: 'string' }, contactId: { type: 'string' } },
      required: ['id'],
    },
    lineAccountId: { type: 'string', description: 'the LINE channel account (LINE conversations only)' },
    language: { type: 'string', enum: ['en', 'ja', 'th', 'zh-TW'] },
    skill: { type: 'string' },
    topic: { type: 'string' },
    reason: { type: 'string', enum: ['customerAsked', 'notHelpful', 'notUnderstood'] },
    summary: { type: 'string', description: 'the bot’s summary: the customer’s last texts' },
    workstreamId: { type: 'string' },
    queue: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] },
    requiredSkills: { type: 'array', items: { type: 'string' } },
    priority: { type: 'number' },
    agentId: { type: 'string', description: 'the agent serving it (assigned, waiting, wrapUp) or who served it last (closed)' },
    offeredAgentId: { type: 'string', description: 'the agent it is offered to and not yet accepted by (queued only)' },
    offerDeadline: { ...isoTime, description: 'by when the offered agent must accept' },
    requestedAt: isoTime,
    queuedAt: { ...isoTime, description: 'when it entered its current queue; the wait counts from here' },
    assignedAt: isoTime,
    endedAt: isoTime,
    closedAt: isoTime,
    closeReason: { type: 'string', enum: ['agent', 'customerCancelled', 'outOfHours', 'inactivity', 'supervisor', 'customerLeft'] },
    lastMessageAt: isoTime,
    waitSeconds: { type: 'integer', minimum: 0, description: 'seconds waited so far in the queue (queued only)' },
    unread: { type: 'integer', minimum: 0, description: 'customer messages the serving agent has not read' },
    notes: { type: 'array', items: { type: 'object', properties: { at: isoTime, byUserId: { type: 'string' }, text: { type: 'string' } }, required: ['at', 'byUserId', 'text'] } },
  },
  required: ['id', 'channelId', 'conversationId', 'state', 'cycle', 'customer', 'language', 'skill', 'reason', 'summary', 'workstreamId', 'queue', 'requiredSkills', 'priority', 'requestedAt', 'queuedAt', 'lastMessageAt', 'unread', 'notes'],
};

const handoffOverview = {
  type: 'object',
  description: 'The supervisor’s real-time overview: every queue, every agent with a profile, every open (not closed) conversation.',
  properties: {
    at: isoTime,
    queues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          distribution: { type: 'string', enum: ['push', 'pick'] },
          open: { type: 'boolean', description: 'within operating hours now' },
          waiting: { type: 'integer', description: 'queued conversations, offered or not' },
          offered: { type: 'integer' },
          assigned: { type: 'integer' },
          longestWaitSeconds: { type: 'integer' },
          serviceLevel: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'share of the last day’s assignments made within 60 seconds of queueing; null without assignments' },
        },
        required: ['id', 'name', 'distribution', 'open', 'waiting', 'offered', 'assigned', 'longestWaitSeconds', 'serviceLevel'],
      },
    },
    agents: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          displayName: { type: 'string' },
          presence: presenceValue,
          capacity: { type: 'integer' },
          load: { type: 'integer', description: 'capacity units in use (offers, assignments, wrap-ups); may exceed capacity after a supervisor’s assignment' },
          queueIds: { type: 'array', items: { type: 'string' } },
          conversations: { type: 'integer', description: 'open conversations the agent serves' },
        },
        required: ['id', 'displayName', 'presence', 'capacity', 'load', 'queueIds', 'conversations'],
      },
    },
    conversations: { type: 'array', items: { $ref: '#/components/schemas/HandoffConversationView' } },
  },
  required: ['at', 'queues', 'agents', 'conversations'],
};

const agentPresence = {
  type: 'object',
  description: 'An agent’s presence and load: `offline` and idle when never set.',
  properties: { presence: presenceValue, capacity: { type: 'integer' }, load: { type: 'integer', description: 'capacity units in use' } },
  required: ['presence', 'capacity', 'load'],
};
const presenceChange = { type: 'object', properties: { presence: presenceValue }, required: ['presence'], additionalProperties: false };
const handoffTransfer = {
  type: 'object',
  description: 'Where a conversation goes: another queue, a named agent, or both (the agent gets it first). At least one of `queueId` and `agentId`.',
  properties: {
    queueId: { type: 'string', minLength: 1, maxLength: 63 },
    agentId: { type: 'string', minLength: 1, maxLength: 128 },
    note: { type: 'string', maxLength: 2000, description: 'for whoever takes it; kept in `notes`' },
  },
  additionalProperties: false,
};
/** Any bytes, as a request or response body. */
const BINARY = { '*/*': { schema: { type: 'string', format: 'binary' } } };
const agentMessage = {
  type: 'object',
  description: 'A message to the customer: text, files, or both.',
  properties: {
    text: { type: 'string', maxLength: 5000 },
    attachments: {
      type: 'array',
      maxItems: 5,
      items: { type: 'object', properties: { contentType: { type: 'string', minLength: 1, maxLength: 200 }, contentUrl: { type: 'string', format: 'uri', pattern: '^https:' }, name: { type: 'string', maxLength: 200 } }, required: ['contentType', 'contentUrl'], additionalProperties: false },
    },
    files: { type: 'array', maxItems: 5, items: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' }, description: 'ids of files uploaded for this conversation (`POST …/uploads`); LINE gets JPEG/PNG pictures as images (with their preview), anything else as a link' },
    clientMessageId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$', description: 'chosen by the screen; sending again with the same id delivers nothing new (answer 200, `duplicate: true`)' },
    sticker: {
      type: 'object',
      description: 'a sticker from the packages every LINE bot may send (`GET /api/agent/stickers`); other channels get its picture',
      properties: { packageId: { type: 'string', pattern: '^\\d{1,12}$' }, stickerId: { type: 'string', pattern: '^\\d{1,12}$' } },
      required: ['packageId', 'stickerId'],
      additionalProperties: false,
    },
    quickReplies: { type: 'array', maxItems: 13, items: { type: 'string', minLength: 1, maxLength: 20 }, description: 'buttons under the message (LINE quick replies, suggested actions elsewhere); a tap comes back as the button’s text' },
  },
  additionalProperties: false,
};
const agentFile = {
  type: 'object',
  description: 'A file an agent uploaded, served to anyone holding its unguessable address (LINE fetches it without credentials).',
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$', description: 'name it in `files` of a message' },
    contentType: { type: 'string', example: 'image/png' },
    name: { type: 'string', description: 'the file name given in `X-File-Name`' },
    size: { type: 'integer' },
    url: { type: 'string', format: 'uri', example: 'https://support.example.com/media/3q2-7wEjAGuzPXqLqUJ9d1Fq8cGmQyvX' },
    previewUrl: { type: 'string', format: 'uri', description: 'the preview LINE shows, once uploaded' },
  },
  required: ['id', 'contentType', 'size', 'url'],
};
const agentMessageSent = {
  type: 'object',
  properties: { messageId: { type: 'string', description: 'the clientMessageId, or one chosen by the server' }, duplicate: { type: 'boolean', description: 'true when this id was delivered before and nothing was sent now' } },
  required: ['messageId', 'duplicate'],
};
const contact = {
  type: 'object',
  description: 'A contact (a person known across channels) a customer may be linked to.',
  properties: { id: { type: 'string', example: 'c_0123456789abcdef0123' }, name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, externalId: { type: 'string' }, notes: { type: 'string' }, createdAt: isoTime, updatedAt: isoTime },
  required: ['id', 'name', 'createdAt', 'updatedAt'],
};
const contactLink = {
  description: 'Link the conversation’s customer to an existing contact, or create a contact from the customer (fields given override what the customer’s profile supplies).',
  oneOf: [
    { type: 'object', properties: { contactId: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['contactId'], additionalProperties: false },
    {
      type: 'object',
      properties: {
        create: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, email: { type: 'string', maxLength: 320 }, phone: { type: 'string', maxLength: 50 }, externalId: { type: 'string', maxLength: 200 }, notes: { type: 'string', maxLength: 5000 } },
          additionalProperties: false,
        },
      },
      required: ['create'],
      additionalProperties: false,
    },
  ],
};
const linkedContact = (description: string): object => ({ description, content: json({ type: 'object', properties: { customerId: { type: 'string' }, contact: { $ref: '#/components/schemas/Contact' } }, required: ['customerId', 'contact'] }) });

const relayedMessage = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    author: { type: 'string', enum: ['customer', 'agent', 'bot'] },
    agentId: { type: 'string', description: 'for agent messages' },
    text: { type: 'string', description: 'for a tapped button, the label the customer saw' },
    payload: { type: 'string', description: 'the payload of a tapped button (the bot got it as the text)' },
    attachments: { type: 'array', items: { type: 'object', properties: { contentType: { type: 'string' }, contentUrl: { type: 'string' }, name: { type: 'string' } }, required: ['contentType'] } },
    at: isoTime,
    unsent: { type: 'boolean', description: 'the customer unsent it; text and attachments are gone' },
  },
  required: ['author', 'attachments', 'at'],
};
const handoffEvent = {
  description: 'The `data` of one Server-Sent Event of `GET /api/handoff/events`; the SSE `event` field repeats `type`.',
  oneOf: [
    {
      type: 'object',
      description: 'a conversation changed state, queue or agent',
      properties: { type: { const: 'conversation' }, conversationId: { type: 'string' }, state: handoffState, queueId: { type: 'string' }, agentId: { type: 'string' }, offeredAgentId: { type: 'string' }, change: { type: 'string', description: 'e.g. queued, offered, assigned, transferred, waiting, ended, closed' } },
      required: ['type', 'conversationId', 'state', 'queueId', 'change'],
    },
    {
      type: 'object',
      description: 'a conversation is offered to the agent, who must accept before `deadline`',
      properties: { type: { const: 'offer' }, conversationId: { type: 'string' }, queueId: { type: 'string' }, agentId: { type: 'string' }, deadline: isoTime },
      required: ['type', 'conversationId', 'queueId', 'agentId', 'deadline'],
    },
    {
      type: 'object',
      description: 'an offer ended',
      properties: { type: { const: 'offerEnded' }, conversationId: { type: 'string' }, queueId: { type: 'string' }, agentId: { type: 'string' }, reason: { type: 'string', enum: ['declined', 'expired', 'accepted', 'withdrawn'] } },
      required: ['type', 'conversationId', 'queueId', 'agentId', 'reason'],
    },
    {
      type: 'object',
      description: 'a message of a conversation with people, either way',
      properties: { type: { const: 'message' }, conversationId: { type: 'string' }, queueId: { type: 'string' }, agentId: { type: 'string', description: 'the agent serving or offered the conversation; absent while nobody is' }, message: { $ref: '#/components/schemas/RelayedMessage' } },
      required: ['type', 'conversationId', 'queueId', 'message'],
    },
    {
      type: 'object',
      description: 'the customer unsent a message: screens replace it by a "message unsent" marker (the transcript keeps only a `messageDelete`)',
      properties: { type: { const: 'messageUnsent' }, conversationId: { type: 'string' }, queueId: { type: 'string' }, agentId: { type: 'string' }, messageId: { type: 'string' } },
      required: ['type', 'conversationId', 'queueId', 'messageId'],
    },
    {
      type: 'object',
      description: 'an agent’s presence changed',
      properties: { type: { const: 'presence' }, agentId: { type: 'string' }, presence: presenceValue },
      required: ['type', 'agentId', 'presence'],
    },
  ],
  discriminator: { propertyName: 'type' },
};

/** The agent API: `/api/agent/…`. */
function agentPaths(): Record<string, object> {
  const action = (summary: string, responses: Record<number, object>, extra: object = {}): object => ({ ...agentOnly, summary, ...extra, responses: { ...agentConversationRefusals, ...responses } });
  return {
    '/api/agent/presence': {
      get: { ...agentOnly, summary: 'My presence, capacity and load', responses: { 200: { description: 'presence', content: json({ $ref: '#/components/schemas/AgentPresence' }) }, ...agentRefusals, 404: errorResponse('the user has no agent profile (an admin creates one under /api/admin/agents)') } },
      put: {
        ...agentOnly,
        summary: 'Set my presence; going offline gives back my offers and queues my assigned conversations again for others, going available lets offers come',
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/PresenceChange' }) },
        responses: { 200: { description: 'presence after the change', content: json({ $ref: '#/components/schemas/AgentPresence' }) }, 400: errorResponse('invalid field'), ...agentRefusals, 404: errorResponse('the user has no agent profile (an admin creates one under /api/admin/agents)') },
      },
    },
    '/api/agent/conversations': {
      get: {
        ...agentOnly,
        summary: 'What I work on and may take: offered to me, mine (assigned, waiting, wrapUp), queued in my queues (oldest first)',
        responses: { 200: { description: 'conversations', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/HandoffConversationView' } } }, required: ['items'] }) }, ...agentRefusals, 404: errorResponse('the user has no agent profile') },
      },
    },
    '/api/agent/conversations/{id}': {
      parameters: [handoffIdParameter],
      get: action('One conversation I may see: mine (now or last), offered to me, or queued in a queue I serve', { 200: conversationResponse('the conversation') }),
    },
    '/api/agent/conversations/{id}/accept': {
      parameters: [handoffIdParameter],
      post: action('Accept the conversation offered to me, or pick one queued in a pick-mode queue I serve; the customer is told who joined', {
        200: conversationResponse('assigned to me'),
        403: errorResponse('ADMIN_API_KEY was presented, or the queue is not one I serve'),
        409: errorResponse('not queued, the offer expired or was withdrawn, offered to another agent, a push queue (wait for the offer), a language I do not serve, I am not available with free capacity, or someone else took it first'),
      }),
    },
    '/api/agent/conversations/{id}/decline': {
      parameters: [handoffIdParameter],
      post: action('Decline the offer; the conversation goes to the next agent and I am passed over for it a while', { 200: conversationResponse('queued again'), 409: errorResponse('not offered to me (any more)') }),
    },
    '/api/agent/conversations/{id}/close': {
      parameters: [handoffIdParameter],
      post: action(
        'End or close my conversation: assigned or waiting → wrapUp (the customer is told, the bot resumes and asks the survey if the workstream has one; my capacity stays held for the wrap-up time); wrapUp → closed (capacity freed)',
        {
          200: conversationResponse('the conversation in its new state (`wrapUp` or `closed`)'),
          403: errorResponse('ADMIN_API_KEY was presented, or the conversation is not mine (a queued one, even offered to me, is declined, not closed)'),
          409: errorResponse('closed already, or changed meanwhile'),
        },
      ),
    },
    '/api/agent/conversations/{id}/wait': {
      parameters: [handoffIdParameter],
      post: action('Step away without ending (assigned → waiting): my capacity is freed, the customer is told; when they write again it is queued for me first', {
        200: conversationResponse('waiting'),
        403: errorResponse('ADMIN_API_KEY was presented, or the conversation is not assigned to me'),
        409: errorResponse('not assigned'),
      }),
    },
    '/api/agent/conversations/{id}/transfer': {
      parameters: [handoffIdParameter],
      post: action(
        'Transfer my assigned conversation to another queue and/or agent, with a note; a named agent gets the offer at once',
        {
          200: conversationResponse('queued again (offered to the named agent when they could take it)'),
          400: errorResponse('invalid field, neither queueId nor agentId, an unknown queue, or an agent without a profile'),
          403: errorResponse('ADMIN_API_KEY was presented, or the conversation is not assigned to me'),
          409: errorResponse('not assigned, the queue does not serve the customer’s language, the agent is already serving it or is not available with free capacity'),
        },
        { requestBody: { required: true, content: json({ $ref: '#/components/schemas/HandoffTransfer' }) } },
      ),
    },
    '/api/agent/conversations/{id}/read': {
      parameters: [handoffIdParameter],
      post: action('Mark the customer’s messages read (`unread` becomes 0) on a conversation I serve', { 204: { description: 'done (nothing changes on a conversation I do not serve)' } }),
    },
    '/api/agent/conversations/{id}/typing': {
      parameters: [handoffIdParameter],
      post: action('I am writing: the customer sees LINE’s loading animation (1:1 chats; started again only when the running one is about to end) or a typing indicator', { 204: { description: 'done' } }),
    },
    '/api/agent/conversations/{id}/canned-responses': {
      parameters: [handoffIdParameter],
      get: action(
        'Canned responses for this conversation: in the customer’s language (or in none), matching every word of `q`, with `{CustomerName}`, `{AgentName}` and `{QueueName}` filled in (`template` keeps the text as written)',
        { 200: { description: 'matching responses', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CannedResponse' } } }, required: ['items'] }) } },
        { parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }] },
      ),
    },
    '/api/agent/conversations/{id}/messages': {
      parameters: [handoffIdParameter],
      post: action(
        'Write to the customer through the conversation’s channel (LINE: by the reply token of the customer’s last unanswered message while it lasts, free; else push). Idempotent with `clientMessageId`: a repeat sends nothing',
        {
          200: { description: 'a repeat of a delivered clientMessageId: nothing sent', content: json({ $ref: '#/components/schemas/AgentMessageSent' }) },
          201: { description: 'sent', content: json({ $ref: '#/components/schemas/AgentMessageSent' }) },
          400: errorResponse('invalid field, or neither text nor an attachment'),
          403: errorResponse('ADMIN_API_KEY was presented, or the workstream does not let agents send files'),
          409: errorResponse('the conversation is not assigned to me (only the serving agent writes; e.g. queued in my queue, waiting, wrapUp)'),
        },
        { requestBody: { required: true, content: json({ $ref: '#/components/schemas/AgentMessage' }) } },
      ),
    },
    '/api/agent/conversations/{id}/file-sending': {
      parameters: [handoffIdParameter],
      get: action('Whether I may send files in a conversation I serve now (the workstream allows it; for LINE, PUBLIC_URL is HTTPS), and the largest file', {
        200: { description: 'the answer', content: json({ type: 'object', properties: { allowed: { type: 'boolean' }, reason: { type: 'string', description: 'why not' }, maxBytes: { type: 'integer' } }, required: ['allowed', 'maxBytes'] }) },
        409: errorResponse('the conversation is not assigned to me'),
      }),
    },
    '/api/agent/conversations/{id}/uploads': {
      parameters: [handoffIdParameter, { name: 'X-File-Name', in: 'header', required: false, schema: { type: 'string' }, description: 'the file name, percent-encoded UTF-8' }],
      post: action(
        'Upload a file to send in a conversation I serve: the raw bytes as the body, their type as `Content-Type` (a generic type is read from the name\'s extension). Pictures must be what they claim; HTML, SVG and executables are refused',
        {
          201: { description: 'kept', content: json({ $ref: '#/components/schemas/AgentFile' }) },
          400: errorResponse('the bytes are not of the declared picture type'),
          403: errorResponse('ADMIN_API_KEY was presented, or the workstream does not let agents send files'),
          409: errorResponse('the conversation is not assigned to me, or LINE cannot fetch files from this server (PUBLIC_URL is not HTTPS)'),
          413: errorResponse('larger than 10 MB'),
          415: errorResponse('a type that is not kept'),
        },
        { requestBody: { required: true, content: BINARY } },
      ),
    },
    '/api/agent/conversations/{id}/uploads/{fileId}/preview': {
      parameters: [handoffIdParameter, { name: 'fileId', in: 'path', required: true, schema: { type: 'string' } }],
      put: action(
        'Give an uploaded JPEG/PNG picture the preview LINE shows in the chat (a JPEG or PNG of at most 1 MB; needed for pictures over 1 MB)',
        {
          200: { description: 'kept', content: json({ $ref: '#/components/schemas/AgentFile' }) },
          400: errorResponse('the file is no JPEG/PNG picture, or the preview is not one'),
          404: errorResponse('no such conversation or file'),
          413: errorResponse('the preview is larger than 1 MB'),
        },
        { requestBody: { required: true, content: BINARY } },
      ),
    },
    '/api/agent/conversations/{id}/transcript': {
      parameters: [handoffIdParameter],
      get: action('The conversation’s activities in order, the bot part included (up to 1,000); marks it read when I serve it', {
        200: {
          description: 'activities; on LINE, those agents and notices sent carry `delivery` (`reply` free, `push` paid)',
          content: json({
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object' } },
              truncated: { type: 'boolean', description: 'more activities exist than were returned' },
              delivery: {
                type: 'object',
                description: 'what agents and notices sent on LINE: `free` by reply, `paid` by push (`agentFree`/`agentPaid`: the agents’ share)',
                properties: { free: { type: 'integer' }, paid: { type: 'integer' }, agentFree: { type: 'integer' }, agentPaid: { type: 'integer' } },
              },
            },
            required: ['items', 'truncated', 'delivery'],
          }),
        },
      }),
    },
    '/api/agent/conversations/{id}/contact': {
      parameters: [handoffIdParameter],
      post: action(
        'Link the customer to a contact (replacing any earlier link), or create one from the customer and link it',
        {
          200: linkedContact('linked to the existing contact'),
          201: linkedContact('contact created and linked'),
          400: errorResponse('invalid field (field names it)'),
          404: errorResponse('no agent profile, a conversation the agent may not see, or no contact the agent may read'),
          409: errorResponse('`create` while the customer is linked to a contact already'),
        },
        { requestBody: { required: true, content: json({ $ref: '#/components/schemas/ContactLink' }) } },
      ),
    },
    '/api/agent/contacts': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user with an agent profile; ADMIN_API_KEY is refused with 403. Without the role contacts, supervisor or admin, only contacts linked to customers whose conversations the agent may see are searched.',
        summary: 'Find contacts whose name, email, external id or phone number starts with or contains `q` (at most 20; without `q` the most recently updated)',
        parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' }, example: 'takumi' }],
        responses: { 200: { description: 'contacts', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Contact' } } }, required: ['items'] }) }, ...agentRefusals },
      },
    },
    '/api/agent/contacts/{contactId}': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user with an agent profile who may read the contact: it is linked to a customer whose conversation they may see, or they hold the role contacts, supervisor or admin (404 otherwise).',
        summary: 'One contact',
        parameters: [{ name: 'contactId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'the contact', content: json({ $ref: '#/components/schemas/Contact' }) }, ...agentRefusals, 404: errorResponse('no such contact, or no agent profile') },
      },
    },
    '/api/agent/stickers': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user with an agent profile.',
        summary: 'The sticker packages every LINE bot may send, with each sticker’s picture on LINE’s sticker CDN',
        responses: { 200: { description: 'packages', content: json({ type: 'object', properties: { packages: { type: 'array', items: { type: 'object' } } }, required: ['packages'] }) }, ...agentRefusals },
      },
    },
    '/api/agent/canned-responses': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user with an agent profile.',
        summary: 'Canned responses whose title, text or tags contain every word of `q` (`#tag` works too), for `language` (responses without a language always match)',
        parameters: [
          { name: 'q', in: 'query', required: false, schema: { type: 'string' }, example: '#refund' },
          { name: 'language', in: 'query', required: false, schema: { type: 'string', enum: ['en', 'ja', 'th', 'zh-TW'] } },
        ],
        responses: { 200: { description: 'matching responses', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CannedResponse' } } }, required: ['items'] }) }, ...agentRefusals },
      },
    },
    '/api/agent/conversations/{id}/history': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user who may see the conversation. Other customers of the contact are listed only when the user may see one of their conversations, or holds the role contacts, supervisor or admin.',
        summary: 'The customer’s conversations (newest first, at most 20) on every channel their contact ties together, each with its handoff state',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'conversations', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } }, required: ['items'] }) }, ...agentRefusals, 404: errorResponse('no such conversation') },
      },
    },
    '/api/agent/directory': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user with an agent profile.',
        summary: 'Every queue (id, name, distribution, languages) and agent (id, display name, presence, languages, queues): the targets of a transfer',
        responses: {
          200: {
            description: 'queues and agents',
            content: json({
              type: 'object',
              properties: {
                queues: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, distribution: { type: 'string', enum: ['push', 'pick'] }, languages: { type: 'array', items: { type: 'string' } } } } },
                agents: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, displayName: { type: 'string' }, presence: { type: 'string', enum: ['available', 'busy', 'away', 'offline'] }, languages: { type: 'array', items: { type: 'string' } }, queueIds: { type: 'array', items: { type: 'string' } } } } },
              },
              required: ['queues', 'agents'],
            }),
          },
          ...agentRefusals,
        },
      },
    },
    '/api/agent/conversations/{id}/attachments/{messageId}': {
      get: {
        security: agentOnly.security,
        description: 'A logged-in user who may see the conversation.',
        summary: 'A photo, video, voice message or file the customer sent (the LINE message id), streamed from the copy kept on the server; sandboxed, `nosniff`',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'messageId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'the bytes, with their content type', content: BINARY }, ...agentRefusals, 404: errorResponse('no such conversation or attachment') },
      },
    },
  };
}

/** The supervisor API and the live event stream. */
function supervisorPaths(): Record<string, object> {
  const onConversation = (summary: string, responses: Record<number, object>, extra: object = {}): object => ({
    ...supervisorOnly,
    summary,
    ...extra,
    responses: { ...supervisorRefusals, 404: errorResponse('no such conversation'), ...responses },
  });
  return {
    '/api/supervisor/overview': {
      get: { ...supervisorOnly, summary: 'Per queue waiting, offered, assigned, longest wait and service level; per agent presence and load; every open conversation', responses: { 200: { description: 'the overview', content: json({ $ref: '#/components/schemas/HandoffOverview' }) }, ...supervisorRefusals } },
    },
    '/api/supervisor/conversations/{id}/assign': {
      parameters: [handoffIdParameter],
      post: onConversation(
        'Assign a queued conversation to an agent whatever their presence and load (a pending offer is withdrawn); the agent’s load may exceed their capacity',
        { 200: conversationResponse('assigned'), 400: errorResponse('invalid field, or the agent has no agent profile'), 409: errorResponse('not queued (transfer it instead), or changed meanwhile') },
        { requestBody: { required: true, content: json({ type: 'object', properties: { agentId: { type: 'string', minLength: 1, maxLength: 128 } }, required: ['agentId'], additionalProperties: false }) } },
      ),
    },
    '/api/supervisor/conversations/{id}/transfer': {
      parameters: [handoffIdParameter],
      post: onConversation(
        'Transfer a queued, assigned or waiting conversation to another queue and/or agent, with a note; a named agent is assigned outright',
        {
          200: conversationResponse('queued again, or assigned to the named agent'),
          400: errorResponse('invalid field, neither queueId nor agentId, an unknown queue, or an agent without a profile'),
          409: errorResponse('wrapUp or closed, the queue does not serve the customer’s language, or the agent is already serving it'),
        },
        { requestBody: { required: true, content: json({ $ref: '#/components/schemas/HandoffTransfer' }) } },
      ),
    },
    '/api/supervisor/conversations/{id}/close': {
      parameters: [handoffIdParameter],
      post: onConversation('Close any open conversation: queued → closed at once (the customer is told, the bot resumes); assigned or waiting → wrapUp as when the agent ends it; wrapUp → closed', {
        200: conversationResponse('the conversation in its new state (`wrapUp` or `closed`)'),
        409: errorResponse('closed already, or changed meanwhile'),
      }),
    },
    '/api/supervisor/conversations/{id}/attachments/{messageId}': {
      parameters: [handoffIdParameter, { name: 'messageId', in: 'path', required: true, schema: { type: 'string' } }],
      get: onConversation('A photo, video, voice message or file the customer sent, from the copy kept on the server (as for agents)', {
        200: { description: 'the bytes, with their content type', content: BINARY },
      }),
    },
    '/api/supervisor/agents/{id}/presence': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'the agent’s user id' }],
      put: {
        ...supervisorOnly,
        summary: 'Set an agent’s presence, e.g. offline for one who left without signing out (their offers are given back and their conversations queued again)',
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/PresenceChange' }) },
        responses: { 200: { description: 'presence after the change', content: json({ $ref: '#/components/schemas/AgentPresence' }) }, 400: errorResponse('invalid field'), ...supervisorRefusals, 404: errorResponse('the user has no agent profile') },
      },
    },
    '/api/handoff/events': {
      get: {
        security: [{ adminApiKey: [] }, { sessionToken: [] }],
        description:
          'Roles: agent, supervisor or admin (or ADMIN_API_KEY). The bearer token goes in the `Authorization` header only, never in the URL (read the stream with `fetch`, not `EventSource`). Supervisors, admins and ADMIN_API_KEY get every event; an agent gets `offer` and `offerEnded` of their own offers, `message` and `messageUnsent` of the conversations they serve or are offered (and of unoffered ones queued in their queues), `conversation` of theirs and of their queues, and `presence` of themselves. Events are those of every server instance sharing the store (other instances’ within about a second, through the change feed); after reconnecting, screens reconcile with the API.',
        summary: 'Live handoff events (Server-Sent Events): offer, offerEnded, conversation, message, messageUnsent, presence',
        responses: {
          200: {
            description: 'An endless `text/event-stream`: `retry: 3000` first, then per event `event: <type>` and `data: <HandoffEvent as JSON>`, and a `: heartbeat` comment every 15 seconds.',
            content: { 'text/event-stream': { schema: { type: 'string', example: 'event: offer\ndata: {"type":"offer","conversationId":"9c1e…","queueId":"ja-support","agentId":"u_…","deadline":"2025-03-01T09:00:30.000Z"}\n\n' }, 'x-event-data': { $ref: '#/components/schemas/HandoffEvent' } } },
          },
          401: errorResponse('missing, invalid or expired token (a token in the URL is not read)'),
          403: errorResponse('the user has none of the roles agent, supervisor, admin'),
        },
      },
    },
  };
}

/** Hand-written descriptions of the routes not yet declared through `ApiRouter` contracts; merged into `/api/openapi.json` until none is left. */
export function legacyOpenApiDocument(serverUrl: string): { readonly paths: Record<string, Record<string, unknown>>; readonly components: { readonly schemas: Record<string, unknown>; readonly securitySchemes: Record<string, unknown> }; readonly [key: string]: unknown } {
  const reports = reportOpenApi(supervisorOnly, supervisorRefusals);
  const history = historyOpenApi();
  return {
    openapi: '3.1.0',
    info: { title: 'line-omnichannel', version: '0.1.0', description: 'Customer service for LINE on Bot Framework: webhooks, Bot Framework endpoint, administration, handoff to people (agent and supervisor API, live events).' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        adminApiKey: { type: 'http', scheme: 'bearer', description: 'the ADMIN_API_KEY; counts as an admin' },
        sessionToken: { type: 'http', scheme: 'bearer', description: 'a token from POST /api/auth/login' },
      },
      schemas: {
        Error: errorBody,
        HandoffConversationView: handoffConversationView,
        HandoffOverview: handoffOverview,
        AgentPresence: agentPresence,
        PresenceChange: presenceChange,
        HandoffTransfer: handoffTransfer,
        AgentMessage: agentMessage,
        AgentMessageSent: agentMessageSent,
        AgentFile: agentFile,
        Contact: contact,
        ContactLink: contactLink,
        RelayedMessage: relayedMessage,
        HandoffEvent: handoffEvent,
        ...reports.schemas,
        ...history.schemas,
      },
    },
    paths: {
      '/': { get: { summary: 'A landing page leading to the simulator, the dashboard, the Emulator endpoint and this description', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
      '/media/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'A file an agent sent (no credentials: LINE fetches it; the id is the secret). Sandboxed, `nosniff`; pictures inline, other files as downloads', responses: { 200: { description: 'the bytes', content: BINARY }, 404: errorResponse('no such file (or purged)') } },
      },
      '/media/{id}/preview': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'The preview of a picture an agent sent', responses: { 200: { description: 'the bytes', content: BINARY }, 404: errorResponse('no such file or preview') } },
      },
      '/api/transcripts/{channelId}/{conversationId}': {
        get: {
          ...adminOnly,
          description: 'Roles: admin or supervisor (or ADMIN_API_KEY).',
          summary: 'A conversation’s activities in order, 20 a page',
          parameters: [
            { name: 'channelId', in: 'path', required: true, schema: { type: 'string' }, example: 'line' },
            { name: 'conversationId', in: 'path', required: true, schema: { type: 'string' }, example: 'default:user:U4af4980629d3f6e1a7b0c2d5e8f91a3b' },
            { name: 'continuationToken', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'a page', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, continuationToken: { type: ['string', 'null'] } } }) }, 400: errorResponse('invalid continuation token') },
        },
      },
      ...agentPaths(),
      ...supervisorPaths(),
      ...reports.paths,
      ...history.paths,
    },
  };
}
