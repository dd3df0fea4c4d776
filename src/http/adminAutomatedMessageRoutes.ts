import type { AutomatedMessageKey } from '../../dialogs/texts/automatedMessages';
import type { AutomatedMessageRepository } from '../handoff/automatedMessageRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { automatedMessageOverridesSchema, automatedMessageReadingSchema, automatedMessageSetSchema, automatedMessageTargetSchema } from './schemas/automatedMessageSchemas';

const path = '/api/admin/automated-messages/:workstreamId/:language';
const admins = { roles: ['admin'] } as const;

/** `GET /api/admin/automated-messages/:workstreamId/:language`. */
export const readAutomatedMessages = apiContract({
  method: 'get', path, tags: ['admin'], access: admins,
  summary: 'The automated messages of a workstream in a language (defaults merged with overrides)',
  params: automatedMessageTargetSchema,
  responses: { 200: { description: '`messages` and the keys `overridden`', schema: automatedMessageReadingSchema } },
});

/** `PUT /api/admin/automated-messages/:workstreamId/:language`. */
export const overrideAutomatedMessages = apiContract({
  method: 'put', path, tags: ['admin'], access: admins,
  summary: 'Override some automated messages; placeholders {AgentName} {QueueName} {Position} {WaitDuration} {WaitTime}',
  description: '400 names the message key with an unknown placeholder.',
  params: automatedMessageTargetSchema,
  body: automatedMessageOverridesSchema,
  responses: { 200: { description: 'the merged messages', schema: automatedMessageSetSchema } },
});

/** `DELETE /api/admin/automated-messages/:workstreamId/:language`. */
export const resetAutomatedMessages = apiContract({
  method: 'delete', path, tags: ['admin'], access: admins,
  summary: 'Reset every override of the workstream and language to the defaults',
  params: automatedMessageTargetSchema,
  responses: { 200: { description: 'the default messages', schema: automatedMessageSetSchema } },
});

/**
 * The automated messages the handoff sends (greeting, position in queue, agent assigned, …) per
 * workstream and language: read them (defaults merged with overrides), override some, or reset. Admins only.
 *
 * @example registerAdminAutomatedMessageRoutes(api, automatedMessages);
 */
export function registerAdminAutomatedMessageRoutes(api: ApiRouter, messages: AutomatedMessageRepository): void {
  api.route(readAutomatedMessages, async ({ params: { workstreamId, language } }) => ({
    status: 200,
    body: { workstreamId, language, messages: await messages.get(workstreamId, language), overridden: Object.keys(await messages.overrides(workstreamId, language)) as AutomatedMessageKey[] },
  }));

  api.route(overrideAutomatedMessages, async ({ params: { workstreamId, language }, body }) => {
    const merged = await messages.setOverrides(workstreamId, language, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)));
    return { status: 200, body: { workstreamId, language, messages: merged } };
  });

  api.route(resetAutomatedMessages, async ({ params: { workstreamId, language } }) => ({ status: 200, body: { workstreamId, language, messages: await messages.resetOverrides(workstreamId, language) } }));
}
