import { z } from 'zod';
import type { Role } from '../auth/roles';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffActor } from '../handoff/handoffServiceModel';
import type { HandoffService } from '../handoff/handoffService';
import { MAX_NOTE_LENGTH } from '../handoff/noteActions';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import type { Principal } from './requestAuthorization';
import { handoffIdParamsSchema } from './schemas/handoffSchemas';
import { journalEntrySchema, notesAnswerSchema, wrapUpAdminListSchema, wrapUpCodeListSchema, wrapUpCodeSchema, wrapUpSettingListSchema, wrapUpSettingSchema } from './schemas/noteSchemas';

const noteSchema = z.strictObject({ text: z.string().trim().min(1).max(MAX_NOTE_LENGTH) });
const wrapUpSchema = z.strictObject({ note: z.string().max(MAX_NOTE_LENGTH).optional(), code: z.string().trim().max(63).optional() });
const codeIdSchema = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1 to 63 lower-case letters, digits, hyphens or underscores');
const newCodeSchema = z.strictObject({ id: codeIdSchema, label: z.string().trim().min(1).max(100) });
const codeLabelSchema = z.strictObject({ label: z.string().trim().min(1).max(100) });
const settingSchema = z.strictObject({ codeRequired: z.boolean() });

/** Roles that read and write notes of every conversation. */
const SUPERVISING: readonly Role[] = ['supervisor', 'admin'];
const EVERYONE = { roles: ['agent', 'supervisor', 'admin'] } as const;
const ADMINS = { roles: ['admin'] } as const;
const ADMINS_AND_SUPERVISORS = { roles: ['admin', 'supervisor'] } as const;
const unreachable = { description: 'no such conversation, or one the agent may not see' };
const noCode = { description: 'no such code' };
const codeParams = z.object({ id: z.string() });

/** `GET /api/agent/conversations/:id/notes`. */
export const readNotes = apiContract({
  method: 'get', path: '/api/agent/conversations/:id/notes', tags: ['notes'], access: EVERYONE, params: handoffIdParamsSchema,
  summary: 'A conversation’s internal notes, recorded actions (assign, transfer, close) and wrap-ups, every cycle',
  responses: { 200: { description: 'the record', schema: notesAnswerSchema }, 404: unreachable },
});

/** `POST /api/agent/conversations/:id/notes`. */
export const addNote = apiContract({
  method: 'post', path: '/api/agent/conversations/:id/notes', tags: ['notes'], access: EVERYONE, params: handoffIdParamsSchema, body: noteSchema,
  summary: 'Adds an internal note (the serving agent or a supervisor); nothing is sent to the customer',
  responses: { 201: { description: 'the note', schema: journalEntrySchema }, 400: { description: 'empty or too long' }, 403: { description: 'not the serving agent' }, 404: unreachable },
});

/** `PUT /api/agent/conversations/:id/wrap-up`. */
export const writeWrapUp = apiContract({
  method: 'put', path: '/api/agent/conversations/:id/wrap-up', tags: ['notes'], access: EVERYONE, params: handoffIdParamsSchema, body: wrapUpSchema,
  summary: 'Writes the current cycle’s wrap-up note and code (writing again replaces both)',
  responses: { 200: { description: 'the wrap-up', schema: journalEntrySchema }, 400: { description: 'not a wrap-up code' }, 403: { description: 'not the serving agent' }, 404: unreachable },
});

/** `GET /api/agent/wrap-up-codes`. */
export const listWrapUpCodes = apiContract({
  method: 'get', path: '/api/agent/wrap-up-codes', tags: ['notes'], access: EVERYONE,
  summary: 'The wrap-up codes agents choose from',
  responses: { 200: { description: 'codes by label', schema: wrapUpCodeListSchema } },
});

/** `GET /api/admin/wrap-up-codes`. */
export const adminListWrapUpCodes = apiContract({
  method: 'get', path: '/api/admin/wrap-up-codes', tags: ['admin'], access: ADMINS_AND_SUPERVISORS,
  summary: 'Wrap-up codes and the workstreams’ “code required” switches',
  responses: { 200: { description: 'codes and settings', schema: wrapUpAdminListSchema } },
});

/** `POST /api/admin/wrap-up-codes`. */
export const createWrapUpCode = apiContract({
  method: 'post', path: '/api/admin/wrap-up-codes', tags: ['admin'], access: ADMINS, body: newCodeSchema,
  summary: 'Adds a wrap-up code',
  responses: { 201: { description: 'added', schema: wrapUpCodeSchema }, 409: { description: 'the id is taken' } },
});

/** `PUT /api/admin/wrap-up-codes/:id`. */
export const relabelWrapUpCode = apiContract({
  method: 'put', path: '/api/admin/wrap-up-codes/:id', tags: ['admin'], access: ADMINS, params: codeParams, body: codeLabelSchema,
  summary: 'Changes a code’s label',
  responses: { 200: { description: 'changed', schema: wrapUpCodeSchema }, 404: noCode },
});

/** `DELETE /api/admin/wrap-up-codes/:id`. */
export const removeWrapUpCode = apiContract({
  method: 'delete', path: '/api/admin/wrap-up-codes/:id', tags: ['admin'], access: ADMINS, params: codeParams,
  summary: 'Removes a code (wrap-ups that used it keep its id)',
  responses: { 204: { description: 'removed' }, 404: noCode },
});

/** `GET /api/admin/wrap-up-settings`. */
export const listWrapUpSettings = apiContract({
  method: 'get', path: '/api/admin/wrap-up-settings', tags: ['admin'], access: ADMINS_AND_SUPERVISORS,
  summary: 'Which workstreams require a wrap-up code',
  responses: { 200: { description: 'settings', schema: wrapUpSettingListSchema } },
});

/** `PUT /api/admin/wrap-up-settings/:workstreamId`. */
export const setWrapUpSetting = apiContract({
  method: 'put', path: '/api/admin/wrap-up-settings/:workstreamId', tags: ['admin'], access: ADMINS, params: z.object({ workstreamId: z.string() }), body: settingSchema,
  summary: 'Switches “wrap-up code required” for a workstream: an agent closing a wrap-up without a code gets 409 `wrap_up_code_required`',
  responses: { 200: { description: 'the setting', schema: wrapUpSettingSchema } },
});

/** What the note endpoints need. */
export interface HandoffNoteRoutesOptions {
  readonly handoff: HandoffService;
}

/**
 * Internal notes, wrap-ups and wrap-up codes (never sent to the customer):
 * - `GET /api/agent/conversations/:id/notes` — the conversation's notes, recorded actions (assign, transfer, close)
 *   and wrap-ups of every cycle, with whether its workstream requires a wrap-up code; agents see them on the
 *   conversations they may see, supervisors on all;
 * - `POST …/:id/notes` `{ text }` — an internal note (the serving agent or a supervisor);
 * - `PUT …/:id/wrap-up` `{ note?, code? }` — the current cycle's wrap-up note and code;
 * - `GET /api/agent/wrap-up-codes` — the codes agents choose from;
 * - `GET|POST /api/admin/wrap-up-codes`, `PUT|DELETE /api/admin/wrap-up-codes/:id` `{ label }` — the list (admin);
 * - `GET /api/admin/wrap-up-settings`, `PUT /api/admin/wrap-up-settings/:workstreamId` `{ codeRequired }` — per
 *   workstream, whether an agent must choose a code before closing a wrap-up (then `POST …/close` answers 409
 *   `wrap_up_code_required`).
 *
 * @example registerHandoffNoteRoutes(api, { handoff });
 */
export function registerHandoffNoteRoutes(api: ApiRouter, options: HandoffNoteRoutesOptions): void {
  const { handoff } = options;

  /** Agents reach only the conversations they may see (404 otherwise); supervisors every one. */
  const reachable = async (id: string, actor: HandoffActor) => {
    const conversation = await handoff.require(id);
    if (actor.kind === 'supervisor') return conversation;
    if (!handoff.canSee(conversation, await handoff.profileOf(actor.userId))) throw new HandoffActionError('not_found', 'no such conversation');
    return conversation;
  };

  api.route(readNotes, async ({ params, principal }) => {
    const conversation = await reachable(params.id, actorOf(principal));
    const [entries, status] = await Promise.all([handoff.journalOf(conversation.id), handoff.wrapUpStatus(conversation.id)]);
    return { status: 200, body: { cycle: conversation.cycle, codeRequired: status.codeRequired, wrapUp: status.wrapUp ?? null, entries } };
  });

  api.route(addNote, async ({ params, principal, body }) => {
    const actor = actorOf(principal);
    const conversation = await reachable(params.id, actor);
    return { status: 201, body: await handoff.addNote(conversation.id, actor, body.text) };
  });

  api.route(writeWrapUp, async ({ params, principal, body }) => {
    const actor = actorOf(principal);
    const conversation = await reachable(params.id, actor);
    return { status: 200, body: await handoff.setWrapUp(conversation.id, actor, { text: body.note, code: body.code }) };
  });

  api.route(listWrapUpCodes, async () => ({ status: 200, body: { codes: await handoff.wrapUpCodes.list() } }));

  api.route(adminListWrapUpCodes, async () => ({ status: 200, body: { codes: await handoff.wrapUpCodes.list(), settings: await handoff.wrapUpCodes.settingsList() } }));

  api.route(createWrapUpCode, async ({ body }) => ({ status: 201, body: await handoff.wrapUpCodes.create(body) }));

  api.route(relabelWrapUpCode, async ({ params, body }) => ({ status: 200, body: await handoff.wrapUpCodes.update(params.id, body.label) }));

  api.route(removeWrapUpCode, async ({ params }) => {
    await handoff.wrapUpCodes.remove(params.id);
    return { status: 204 };
  });

  api.route(listWrapUpSettings, async () => ({ status: 200, body: { settings: await handoff.wrapUpCodes.settingsList() } }));

  api.route(setWrapUpSetting, async ({ params, body }) => ({ status: 200, body: await handoff.wrapUpCodes.setRequired(params.workstreamId, body.codeRequired) }));
}

/** Who acts: a supervisor (or the admin key, recorded as `api-key`) on any conversation, an agent on their own. */
function actorOf(principal: Principal | undefined): HandoffActor {
  if (principal?.kind !== 'user') return { kind: 'supervisor', userId: 'api-key' };
  return principal.roles.some((role) => SUPERVISING.includes(role)) ? { kind: 'supervisor', userId: principal.userId } : { kind: 'agent', userId: principal.userId };
}
