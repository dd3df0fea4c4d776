import { z } from 'zod';
import { agentProfileReplacementSchema, agentProfileSchema, queueReplacementSchema, queueSchema, routingRuleReplacementSchema, routingRuleSchema, workstreamReplacementSchema, workstreamSchema } from '../handoff/config/handoffConfigSchemas';
import { automatedMessageOverridesSchema } from './adminAutomatedMessageRoutes';
import { lineChannelPatchSchema, newLineChannelSchema } from './adminChannelRoutes';
import { newUserSchema, userPatchSchema } from './adminUserRoutes';
import { loginSchema } from './authRoutes';

const errorBody = { type: 'object', properties: { message: { type: 'string' }, field: { type: 'string', description: 'the request field at fault' } }, required: ['message'] };
const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object): object => ({ 'application/json': { schema } });
const adminOnly = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Role: admin (or ADMIN_API_KEY).' };
const anyRole = { security: [{ adminApiKey: [] }, { sessionToken: [] }], description: 'Any role.' };
const userIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const userResponse = (description: string): object => ({ description, content: json({ $ref: '#/components/schemas/User' }) });

const user = {
  type: 'object',
  description: 'A user. The password hash is never returned.',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ['agent', 'supervisor', 'admin'] } },
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

/** The OpenAPI 3.1 description of the HTTP API, served at `/api/openapi.json`. */
export function openApiDocument(serverUrl: string): object {
  return {
    openapi: '3.1.0',
    info: { title: 'line-omnichannel', version: '0.1.0', description: 'Customer service for LINE on Bot Framework: webhooks, Bot Framework endpoint, administration.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        adminApiKey: { type: 'http', scheme: 'bearer', description: 'the ADMIN_API_KEY; counts as an admin' },
        sessionToken: { type: 'http', scheme: 'bearer', description: 'a token from POST /api/auth/login' },
      },
      schemas: {
        Error: errorBody,
        NewLineChannel: z.toJSONSchema(newLineChannelSchema),
        LineChannelPatch: z.toJSONSchema(lineChannelPatchSchema),
        LineChannelAccount: channelAccount,
        AutomatedMessageOverrides: z.toJSONSchema(automatedMessageOverridesSchema),
        Login: z.toJSONSchema(loginSchema),
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
      '/api/messages': { post: { summary: 'Bot Framework endpoint (Emulator, Azure Bot Service)', responses: { 200: { description: 'activity processed' }, 400: errorResponse('not an activity'), 401: errorResponse('Bot Framework authentication failed') } } },
      '/healthz': { get: { summary: 'The process is up', responses: { 200: { description: 'ok' } } } },
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
      '/api/admin/customers/{customerId}': {
        delete: {
          ...adminOnly,
          summary: 'Purge everything stored about one customer (privacy request)',
          parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string' }, example: 'line:U4af4980629d3f6e1a7b0c2d5e8f91a3b' }],
          responses: { 200: { description: 'what was deleted', content: json({ type: 'object', properties: { deleted: { type: 'object', properties: { customerId: { type: 'string' }, activities: { type: 'integer' }, conversations: { type: 'integer' }, attachments: { type: 'integer' }, surveys: { type: 'integer' }, customers: { type: 'integer' }, contacts: { type: 'integer' } } } } }) }, 400: errorResponse('not a customer id') },
        },
      },
      '/api/admin/automated-messages/{workstreamId}/{language}': {
        parameters: [
          { name: 'workstreamId', in: 'path', required: true, schema: { type: 'string' }, example: 'default' },
          { name: 'language', in: 'path', required: true, schema: { type: 'string', enum: ['en', 'ja', 'th', 'zh-TW'] } },
        ],
        get: { ...adminOnly, summary: 'The automated messages of a workstream in a language (defaults merged with overrides)', responses: { 200: { description: '`messages` and the keys `overridden`' }, 400: errorResponse('unsupported language') } },
        put: { ...adminOnly, summary: 'Override some automated messages; placeholders {AgentName} {QueueName} {Position} {WaitTime}', requestBody: { required: true, content: json({ $ref: '#/components/schemas/AutomatedMessageOverrides' }) }, responses: { 200: { description: 'the merged messages' }, 400: errorResponse('unknown key or placeholder (field names it)') } },
        delete: { ...adminOnly, summary: 'Reset every override of the workstream and language to the defaults', responses: { 200: { description: 'the default messages' } } },
      },
      '/api/auth/login': {
        post: {
          summary: 'Log in; the token goes in `Authorization: Bearer <token>` until it expires or is logged out',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/Login' }) },
          responses: {
            200: { description: 'logged in', content: json({ type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' }, user: { $ref: '#/components/schemas/User' } } }) },
            400: errorResponse('invalid field'),
            401: errorResponse('invalid username or password (the same answer for an unknown user)'),
            429: { ...errorResponse('too many failed logins for this username or address'), headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } },
          },
        },
      },
      '/api/auth/logout': { post: { ...anyRole, summary: 'End the presented session', responses: { 204: { description: 'logged out' }, 401: errorResponse('missing, invalid or expired token') } } },
      '/api/auth/me': { get: { ...anyRole, summary: 'Who the token belongs to', responses: { 200: { description: '`{ kind: "user", user }` or `{ kind: "apiKey" }`' }, 401: errorResponse('missing, invalid or expired token') } } },
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
      '/api/openapi.json': { get: { summary: 'This description', responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
    },
  };
}
