import { z } from 'zod';
import { selfServiceContentSchema } from '../content/selfServiceContentFile';
import { agentProfileReplacementSchema, agentProfileSchema, cannedResponseReplacementSchema, cannedResponseSchema, queueReplacementSchema, queueSchema, routingRuleReplacementSchema, routingRuleSchema, workstreamReplacementSchema, workstreamSchema } from '../handoff/config/handoffConfigSchemas';
import { automatedMessageOverridesSchema } from './adminAutomatedMessageRoutes';
import { lineChannelPatchSchema, newLineChannelSchema } from './adminChannelRoutes';
import { newUserSchema, userPatchSchema } from './adminUserRoutes';
import { contactOpenApiPaths } from './contactsOpenApi';

const errorBody = { type: 'object', properties: { message: { type: 'string' }, field: { type: 'string', description: 'the request field at fault' } }, required: ['message'] };
const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object): object => ({ 'application/json': { schema } });
const adminOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Role: admin (or ADMIN_API_KEY).' };
const userIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const userResponse = (description: string): object => ({ description, content: json({ $ref: '#/components/schemas/User' }) });

const user = {
  type: 'object',
  description: 'A user. The password hash is never returned.',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ['agent', 'contacts', 'supervisor', 'admin'] } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const accountIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } };

const channelAccount = {
  type: 'object',
  description: 'A LINE channel account. Secrets are never returned.',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    channelId: { type: 'string' },
    hasSecret: { type: 'boolean' },
    hasAccessToken: { type: 'boolean' },
    accessTokenLast4: { type: 'string' },
    defaultLanguage: { type: 'string' },
    enabled: { type: 'boolean' },
    origin: { type: 'string', enum: ['environment', 'admin'] },
    callbackUrl: { type: 'string', format: 'uri', description: 'paste into the LINE Developers console as the Webhook URL' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const selfServiceContentRevision = {
  type: 'object',
  description: 'The content the bot answers with now, and the version a save must name.',
  properties: {
    content: { $ref: '#/components/schemas/SelfServiceContent' },
    version: { type: 'integer', minimum: 0, description: 'counts saves and resets; 0 while nothing was ever saved' },
    source: { type: 'string', enum: ['file', 'stored'], description: '`file`: SELF_SERVICE_CONTENT_FILE (nothing saved, or reset); `stored`: saved by an admin' },
    updatedAt: { type: 'string', format: 'date-time', description: 'the last save or reset, if any' },
    updatedBy: { type: 'string', description: 'who made it: a username or `admin key`' },
  },
  required: ['content', 'version', 'source'],
};
const selfServiceContentSave = {
  type: 'object',
  properties: { content: { $ref: '#/components/schemas/SelfServiceContent' }, version: { type: 'integer', minimum: 0, description: 'the version the content was edited from' } },
  required: ['content', 'version'],
  additionalProperties: false,
};
const selfServiceContentIssues = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    code: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', properties: { jsonPath: { type: 'string', example: 'topics[2].title.th', description: 'within `content`; empty for the content as a whole' }, message: { type: 'string' } } } },
  },
};
const revisionResponse = (description: string): object => ({ description, content: json({ $ref: '#/components/schemas/SelfServiceContentRevision' }) });

const supervisorOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Roles: supervisor or admin (or ADMIN_API_KEY).' };
const supervisorRefusals = { 401: errorResponse('missing, invalid or expired token'), 403: errorResponse('not a supervisor or admin') };

const isoTime = { type: 'string', format: 'date-time' };
const customerIdParameter = { name: 'customerId', in: 'path', required: true, schema: { type: 'string' }, example: 'line:U4af4980629d3f6e1a7b0c2d5e8f91a3b' };
const contact = {
  type: 'object',
  description: 'A contact (a person known across channels) a customer may be linked to.',
  properties: { id: { type: 'string', example: 'c_0123456789abcdef0123' }, name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, externalId: { type: 'string' }, notes: { type: 'string' }, createdAt: isoTime, updatedAt: isoTime },
  required: ['id', 'name', 'createdAt', 'updatedAt'],
};

/** The paths of one kind of handoff configuration: `/api/admin/<path>` and `/api/admin/<path>/{id}`. */
function handoffConfigPaths(path: string, schema: string, what: string, readers: string): Record<string, object> {
  const itemResponse = (description: string): object => ({ description, content: json({ $ref: `#/components/schemas/${schema}` }) });
  const reading = { security: adminOnly.security, description: `Role: ${readers} (or ADMIN_API_KEY).` };
  return {
    [`/api/admin/${path}`]: {
      get: { ...reading, summary: `List ${what}`, responses: { 200: { description: what, content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${schema}` } } } }) }, 401: errorResponse('not logged in'), 403: errorResponse('lacks the role') } },
      post: {
        ...adminOnly,
        summary: `Add one of the ${what}`,
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${schema}` }) },
        responses: { 201: itemResponse('created'), 400: errorResponse('invalid field, or an unknown queue (field names it)'), 401: errorResponse('not logged in'), 403: errorResponse('not an admin'), 409: errorResponse('the id is taken') },
      },
    },
    [`/api/admin/${path}/{id}`]: {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { ...reading, summary: 'Read one', responses: { 200: itemResponse('the item'), 404: errorResponse('no such item') } },
      put: {
        ...adminOnly,
        summary: 'Replace one (the body is the whole item; `id` may be left out)',
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${schema}Replacement` }) },
        responses: { 200: itemResponse('the item as stored'), 400: errorResponse('invalid field, or an unknown queue (field names it)'), 404: errorResponse('no such item') },
      },
      delete: { ...adminOnly, summary: 'Delete one', responses: { 204: { description: 'deleted' }, 404: errorResponse('no such item'), 409: errorResponse('a queue still named by routing rules or agent profiles (`usedBy` lists them)') } },
    },
  };
}

/** Hand-written descriptions of the routes not yet declared through `ApiRouter` contracts; merged into `/api/openapi.json` until none is left. */
export function legacyOpenApiDocument(serverUrl: string): { readonly paths: Record<string, Record<string, unknown>>; readonly components: { readonly schemas: Record<string, unknown>; readonly securitySchemes: Record<string, unknown> }; readonly [key: string]: unknown } {
  return {
    openapi: '3.1.0',
    info: { title: 'line-omnichannel', version: '0.1.0', description: 'Customer service for LINE on Bot Framework: webhooks, Bot Framework endpoint, administration, handoff to people (agent and supervisor API, live events).' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        adminApiKey: { type: 'http', scheme: 'bearer', description: 'the ADMIN_API_KEY; counts as an admin' },
        sessionToken: { type: 'http', scheme: 'bearer', description: 'a token from POST /api/auth/login' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'the METRICS_TOKEN a Prometheus scraper sends' },
      },
      schemas: {
        Error: errorBody,
        NewLineChannel: z.toJSONSchema(newLineChannelSchema),
        LineChannelPatch: z.toJSONSchema(lineChannelPatchSchema),
        LineChannelAccount: channelAccount,
        AutomatedMessageOverrides: z.toJSONSchema(automatedMessageOverridesSchema),
        SelfServiceContent: z.toJSONSchema(selfServiceContentSchema, { io: 'input' }),
        SelfServiceContentSave: selfServiceContentSave,
        SelfServiceContentRevision: selfServiceContentRevision,
        SelfServiceContentIssues: selfServiceContentIssues,
        NewUser: z.toJSONSchema(newUserSchema),
        UserPatch: z.toJSONSchema(userPatchSchema),
        User: user,
        HandoffQueue: z.toJSONSchema(queueSchema, { io: 'input' }),
        HandoffQueueReplacement: z.toJSONSchema(queueReplacementSchema, { io: 'input' }),
        RoutingRule: z.toJSONSchema(routingRuleSchema, { io: 'input' }),
        RoutingRuleReplacement: z.toJSONSchema(routingRuleReplacementSchema, { io: 'input' }),
        AgentProfile: z.toJSONSchema(agentProfileSchema, { io: 'input' }),
        AgentProfileReplacement: z.toJSONSchema(agentProfileReplacementSchema, { io: 'input' }),
        Workstream: z.toJSONSchema(workstreamSchema, { io: 'input' }),
        WorkstreamReplacement: z.toJSONSchema(workstreamReplacementSchema, { io: 'input' }),
        CannedResponse: z.toJSONSchema(cannedResponseSchema, { io: 'input' }),
        CannedResponseReplacement: z.toJSONSchema(cannedResponseReplacementSchema, { io: 'input' }),
        Contact: contact,
      },
    },
    paths: {
      '/api/line/{accountId}': {
        post: {
          summary: 'Callback URL of a LINE channel account (LINE calls it)',
          parameters: [{ name: 'accountId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'x-line-signature', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: { content: json({ type: 'object', properties: { destination: { type: 'string' }, events: { type: 'array', items: { type: 'object' } } }, required: ['events'] }) },
          responses: {
            200: { description: 'events recorded (processing follows)' },
            400: errorResponse('malformed body'),
            401: errorResponse('missing or invalid signature'),
            404: errorResponse('no such account'),
            413: errorResponse('body too large'),
            503: errorResponse('events could not be recorded; LINE redelivers'),
          },
        },
      },
      '/api/messages': { post: { summary: 'Bot Framework endpoint (Emulator, Azure Bot Service)', responses: { 200: { description: 'activity processed' }, 400: errorResponse('not an activity, or a channel id that is not a plain slug'), 401: errorResponse('Bot Framework authentication failed (any missing, malformed, unsigned, expired or untrusted token)'), 403: errorResponse("channel `line` (LINE enters only through its signed webhook), or, without an app id, a serviceUrl off this machine"), 500: errorResponse('a failure of the server; the body carries only a request id') } } },
      '/healthz': { get: { summary: 'The process is up', responses: { 200: { description: 'ok' } } } },
      '/': { get: { summary: 'A landing page leading to the simulator, the dashboard, the Emulator endpoint and this description', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
      '/metrics': {
        get: {
          security: [{ metricsToken: [] }],
          summary: 'Prometheus metrics (text exposition format); on only when METRICS_TOKEN is set',
          responses: { 200: { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } }, 401: errorResponse('missing or wrong metrics token'), 404: errorResponse('METRICS_TOKEN is not set') },
        },
      },
      '/api/admin/line-usage': {
        get: {
          ...adminOnly,
          summary: "The push meter per LINE account: replies vs pushes this month (every instance), LINE's quota and consumption as last read, and the quota level",
          parameters: [{ name: 'month', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, description: 'YYYY-MM in Japan time (default: this month)' }],
          responses: {
            200: {
              description: 'one entry per LINE account',
              content: json({
                type: 'object',
                properties: {
                  month: { type: 'string' },
                  accounts: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        accountId: { type: 'string' },
                        name: { type: 'string' },
                        month: { type: 'string' },
                        replyMessages: { type: 'integer' },
                        pushMessages: { type: 'integer' },
                        replyRequests: { type: 'integer' },
                        pushRequests: { type: 'integer' },
                        replyFallbacks: { type: 'integer', description: 'replies that went by push (token expired or used)' },
                        failures: { type: 'integer' },
                        quota: { type: ['integer', 'null'], description: 'messages a month; null when unlimited or not read yet' },
                        consumption: { type: ['integer', 'null'], description: "LINE's count against the quota" },
                        quotaReadAt: { type: ['string', 'null'], format: 'date-time' },
                        level: { type: 'string', enum: ['unlimited', 'unknown', 'ok', 'warning', 'exhausted'], description: 'warning from 80 % of the quota, exhausted at 100 %' },
                      },
                    },
                  },
                },
              }),
            },
            400: errorResponse('month is not YYYY-MM'),
            401: errorResponse('not signed in'),
          },
        },
      },
      '/readyz': { get: { summary: 'Dependencies are ready', responses: { 200: { description: 'ready' }, 503: { description: 'not ready; `checks` names the failing dependency' } } } },
      '/api/admin/channels/line': {
        get: { ...adminOnly, summary: 'List LINE channel accounts', responses: { 200: { description: 'accounts', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/LineChannelAccount' } } } }) }, 401: errorResponse('missing or wrong admin key') } },
        post: {
          ...adminOnly,
          summary: 'Add a LINE channel account; the access token is checked with LINE first',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/NewLineChannel' }) },
          responses: {
            201: { description: 'created', content: json({ type: 'object', properties: { id: { type: 'string' }, callbackUrl: { type: 'string', format: 'uri' }, account: { $ref: '#/components/schemas/LineChannelAccount' } } }) },
            400: errorResponse('invalid field, or LINE rejected the access token (field: channelAccessToken)'),
            401: errorResponse('missing or wrong admin key'),
            409: errorResponse('an account with this id exists'),
            502: errorResponse('LINE could not be reached to check the token'),
          },
        },
      },
      '/api/admin/channels/line/{id}': {
        parameters: [accountIdParameter],
        get: { ...adminOnly, summary: 'Read one account', responses: { 200: { description: 'the account', content: json({ $ref: '#/components/schemas/LineChannelAccount' }) }, 404: errorResponse('no such account') } },
        patch: { ...adminOnly, summary: 'Change an account (a new access token is checked with LINE)', requestBody: { required: true, content: json({ $ref: '#/components/schemas/LineChannelPatch' }) }, responses: { 200: { description: 'the changed account', content: json({ $ref: '#/components/schemas/LineChannelAccount' }) }, 400: errorResponse('invalid field'), 404: errorResponse('no such account') } },
        delete: { ...adminOnly, summary: 'Delete an account; its callback URL answers 404 afterwards, its transcripts stay', responses: { 204: { description: 'deleted' }, 404: errorResponse('no such account') } },
      },
      '/api/admin/customers/{customerId}': {
        parameters: [customerIdParameter],
        get: { ...adminOnly, summary: 'One customer record: LINE profile, language, tags, linked contact', responses: { 200: { description: 'the customer' }, 404: errorResponse('no such customer') } },
        delete: {
          ...adminOnly,
          summary: 'Purge everything stored about one customer (privacy request)',
          responses: {
            200: {
              description: 'what was deleted',
              content: json({
                type: 'object',
                properties: {
                  deleted: {
                    type: 'object',
                    properties: { customerId: { type: 'string' }, activities: { type: 'integer' }, conversations: { type: 'integer' }, attachments: { type: 'integer' }, agentFiles: { type: 'integer' }, surveys: { type: 'integer' }, customers: { type: 'integer' }, contacts: { type: 'integer' }, handoffs: { type: 'integer' } },
                  },
                },
              }),
            },
            400: errorResponse('not a customer id'),
          },
        },
      },
      '/api/admin/customers/{customerId}/tags': {
        parameters: [customerIdParameter],
        put: {
          ...adminOnly,
          summary: 'Replace a customer’s tags (labels routing rules test, e.g. `vip`)',
          requestBody: { required: true, content: json({ type: 'object', properties: { tags: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } } }, required: ['tags'], additionalProperties: false }) },
          responses: { 200: { description: 'the customer' }, 400: errorResponse('invalid tags'), 404: errorResponse('no such customer') },
        },
      },
      '/api/admin/line-events/dead': {
        get: {
          ...adminOnly,
          summary: 'LINE events per state (pending, done, dead) and the dead letters, the most recent first',
          parameters: [
            { name: 'accountId', in: 'query', required: false, schema: { type: 'string' }, description: 'only this LINE account' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            200: {
              description: '`counts` per state and the dead `events`',
              content: json({
                type: 'object',
                properties: {
                  counts: { type: 'object', properties: { pending: { type: 'integer' }, done: { type: 'integer' }, dead: { type: 'integer' } } },
                  events: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        accountId: { type: 'string' },
                        webhookEventId: { type: 'string' },
                        conversation: { type: 'string' },
                        eventType: { type: 'string' },
                        attempts: { type: 'integer' },
                        lastError: { type: 'string' },
                        receivedAt: { type: 'string', format: 'date-time' },
                        diedAt: { type: 'string', format: 'date-time' },
                        undeliveredMessages: { type: 'integer', description: 'answers still to deliver (the turn ran; only delivery is retried)' },
                      },
                    },
                  },
                },
              }),
            },
            400: errorResponse('invalid limit'),
          },
        },
      },
      '/api/admin/line-events/{accountId}/{webhookEventId}/retry': {
        parameters: [
          { name: 'accountId', in: 'path', required: true, schema: { type: 'string' }, example: 'default' },
          { name: 'webhookEventId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        post: { ...adminOnly, summary: 'Put a dead LINE event back in the work queue, attempts reset', responses: { 200: { description: '`{ retried: true }`' }, 404: errorResponse('no such dead event') } },
      },
      '/api/admin/automated-messages/{workstreamId}/{language}': {
        parameters: [
          { name: 'workstreamId', in: 'path', required: true, schema: { type: 'string' }, example: 'default' },
          { name: 'language', in: 'path', required: true, schema: { type: 'string', enum: ['en', 'ja', 'th', 'zh-TW'] } },
        ],
        get: { ...adminOnly, summary: 'The automated messages of a workstream in a language (defaults merged with overrides)', responses: { 200: { description: '`messages` and the keys `overridden`' }, 400: errorResponse('unsupported language') } },
        put: { ...adminOnly, summary: 'Override some automated messages; placeholders {AgentName} {QueueName} {Position} {WaitDuration} {WaitTime}', requestBody: { required: true, content: json({ $ref: '#/components/schemas/AutomatedMessageOverrides' }) }, responses: { 200: { description: 'the merged messages' }, 400: errorResponse('unknown key or placeholder (field names it)') } },
        delete: { ...adminOnly, summary: 'Reset every override of the workstream and language to the defaults', responses: { 200: { description: 'the default messages' } } },
      },
      '/api/admin/self-service-content': {
        get: {
          ...adminOnly,
          summary: 'The bot’s self-service content (topics, menu, default skill) with its version and source',
          responses: { 200: revisionResponse('the content the bot answers with'), 401: errorResponse('not logged in'), 403: errorResponse('not an admin'), 500: { description: 'the stored content no longer passes validation (the bot ignores it); save over it or reset', content: json({ $ref: '#/components/schemas/SelfServiceContentIssues' }) } },
        },
        put: {
          ...adminOnly,
          summary: 'Replace the whole content, naming the version it was edited from; the bot uses it from its next turn, other instances within 15 s',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/SelfServiceContentSave' }) },
          responses: {
            200: revisionResponse('saved (the new version)'),
            400: { description: 'invalid content, every problem with its JSON path within `content`; nothing saved', content: json({ $ref: '#/components/schemas/SelfServiceContentIssues' }) },
            401: errorResponse('not logged in'),
            403: errorResponse('not an admin'),
            409: { description: 'someone saved or reset since `version` was read; nothing saved (`version` is the current one)', content: json({ type: 'object', properties: { message: { type: 'string' }, code: { type: 'string' }, version: { type: 'integer' } } }) },
          },
        },
        delete: { ...adminOnly, summary: 'Go back to the content file (SELF_SERVICE_CONTENT_FILE)', responses: { 200: revisionResponse('the file’s content, source `file`'), 401: errorResponse('not logged in'), 403: errorResponse('not an admin') } },
      },
      '/api/admin/users': {
        get: { ...adminOnly, summary: 'List users', responses: { 200: { description: 'users', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/User' } } } }) }, 401: errorResponse('not logged in'), 403: errorResponse('not an admin') } },
        post: {
          ...adminOnly,
          summary: 'Add a user (password at least 12 characters)',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/NewUser' }) },
          responses: { 201: userResponse('created'), 400: errorResponse('invalid field (field names it)'), 401: errorResponse('not logged in'), 403: errorResponse('not an admin'), 409: errorResponse('the username is taken') },
        },
      },
      '/api/admin/users/{id}': {
        parameters: [userIdParameter],
        get: { ...adminOnly, summary: 'Read one user', responses: { 200: userResponse('the user'), 404: errorResponse('no such user') } },
        patch: {
          ...adminOnly,
          summary: 'Change roles, display name, disabled or password; a new password or disabling ends the user’s sessions',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/UserPatch' }) },
          responses: { 200: userResponse('the changed user'), 400: errorResponse('invalid field (field names it)'), 404: errorResponse('no such user'), 409: errorResponse('this would leave no enabled admin') },
        },
        delete: { ...adminOnly, summary: 'Delete a user and end their sessions', responses: { 204: { description: 'deleted' }, 404: errorResponse('no such user'), 409: errorResponse('the last enabled admin') } },
      },
      ...handoffConfigPaths('queues', 'HandoffQueue', 'queues', 'admin or supervisor'),
      ...handoffConfigPaths('routing-rules', 'RoutingRule', 'routing rules (in `order`)', 'admin'),
      ...handoffConfigPaths('agents', 'AgentProfile', 'agent profiles', 'admin or supervisor'),
      ...handoffConfigPaths('workstreams', 'Workstream', 'workstreams', 'admin'),
      ...handoffConfigPaths('canned-responses', 'CannedResponse', 'canned responses (agents read them at /api/agent/canned-responses)', 'admin or supervisor'),
      ...contactOpenApiPaths(supervisorOnly, supervisorRefusals),
    },
  };
}
