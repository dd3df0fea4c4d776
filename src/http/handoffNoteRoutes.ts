import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Role } from '../auth/roles';
import { HandoffActionError } from '../handoff/handoffActionError';
import type { HandoffActor } from '../handoff/handoffServiceModel';
import type { HandoffService } from '../handoff/handoffService';
import { MAX_NOTE_LENGTH } from '../handoff/noteActions';
import type { HandoffJournalEntry } from '../handoff/notes/handoffJournal';
import { answerDomainError } from './domainErrorAnswer';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

const noteSchema = z.strictObject({ text: z.string().trim().min(1).max(MAX_NOTE_LENGTH) });
const wrapUpSchema = z.strictObject({ note: z.string().max(MAX_NOTE_LENGTH).optional(), code: z.string().trim().max(63).optional() });
const codeIdSchema = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1 to 63 lower-case letters, digits, hyphens or underscores');
const newCodeSchema = z.strictObject({ id: codeIdSchema, label: z.string().trim().min(1).max(100) });
const codeLabelSchema = z.strictObject({ label: z.string().trim().min(1).max(100) });
const settingSchema = z.strictObject({ codeRequired: z.boolean() });

/** Roles that read and write notes of every conversation. */
const SUPERVISING: readonly Role[] = ['supervisor', 'admin'];

/** What the note endpoints need. */
export interface HandoffNoteRoutesOptions {
  readonly handoff: HandoffService;
  readonly authorizer: RequestAuthorizer;
}

/** A journal entry as the API shows it. */
function entryJson(entry: HandoffJournalEntry): Record<string, unknown> {
  return { ...entry, at: entry.at.toISOString() };
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
 * @example registerHandoffNoteRoutes(server, { handoff, authorizer });
 */
export function registerHandoffNoteRoutes(server: Server, options: HandoffNoteRoutesOptions): void {
  const { handoff, authorizer } = options;

  const asUser = (roles: readonly Role[], handler: (req: Request, res: Response, actor: HandoffActor) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await authorizer.authorize(req, roles);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const principal = authorization.principal;
    const actor: HandoffActor =
      principal.kind !== 'user' ? { kind: 'supervisor', userId: 'api-key' } : principal.roles.some((role) => SUPERVISING.includes(role)) ? { kind: 'supervisor', userId: principal.userId } : { kind: 'agent', userId: principal.userId };
    try {
      await handler(req, res, actor);
    } catch (error) {
      answerDomainError(res, error);
    }
  };

  /** Agents reach only the conversations they may see (404 otherwise); supervisors every one. */
  const reachable = async (req: Request, actor: HandoffActor) => {
    const conversation = await handoff.require(String(req.params.id));
    if (actor.kind === 'supervisor') return conversation;
    if (!handoff.canSee(conversation, await handoff.profileOf(actor.userId))) throw new HandoffActionError('not_found', 'no such conversation');
    return conversation;
  };

  const everyone: readonly Role[] = ['agent', 'supervisor', 'admin'];

  server.get('/api/agent/conversations/:id/notes', asUser(everyone, async (req, res, actor) => {
    const conversation = await reachable(req, actor);
    const [entries, status] = await Promise.all([handoff.journalOf(conversation.id), handoff.wrapUpStatus(conversation.id)]);
    res.send(200, { cycle: conversation.cycle, codeRequired: status.codeRequired, wrapUp: status.wrapUp ? entryJson(status.wrapUp) : null, entries: entries.map(entryJson) });
  }));

  server.post('/api/agent/conversations/:id/notes', asUser(everyone, async (req, res, actor) => {
    const conversation = await reachable(req, actor);
    const body = await readValidJson(req, res, noteSchema);
    if (!body) return;
    res.send(201, entryJson(await handoff.addNote(conversation.id, actor, body.text)));
  }));

  server.put('/api/agent/conversations/:id/wrap-up', asUser(everyone, async (req, res, actor) => {
    const conversation = await reachable(req, actor);
    const body = await readValidJson(req, res, wrapUpSchema);
    if (!body) return;
    res.send(200, entryJson(await handoff.setWrapUp(conversation.id, actor, { text: body.note, code: body.code })));
  }));

  server.get('/api/agent/wrap-up-codes', asUser(everyone, async (_req, res) => {
    res.send(200, { codes: await handoff.wrapUpCodes.list() });
  }));

  server.get('/api/admin/wrap-up-codes', asUser(['admin', 'supervisor'], async (_req, res) => {
    res.send(200, { codes: await handoff.wrapUpCodes.list(), settings: await handoff.wrapUpCodes.settingsList() });
  }));

  server.post('/api/admin/wrap-up-codes', asUser(['admin'], async (req, res) => {
    const body = await readValidJson(req, res, newCodeSchema);
    if (!body) return;
    res.send(201, await handoff.wrapUpCodes.create(body));
  }));

  server.put('/api/admin/wrap-up-codes/:id', asUser(['admin'], async (req, res) => {
    const body = await readValidJson(req, res, codeLabelSchema);
    if (!body) return;
    res.send(200, await handoff.wrapUpCodes.update(String(req.params.id), body.label));
  }));

  server.del('/api/admin/wrap-up-codes/:id', asUser(['admin'], async (req, res) => {
    await handoff.wrapUpCodes.remove(String(req.params.id));
    res.send(204);
  }));

  server.get('/api/admin/wrap-up-settings', asUser(['admin', 'supervisor'], async (_req, res) => {
    res.send(200, { settings: await handoff.wrapUpCodes.settingsList() });
  }));

  server.put('/api/admin/wrap-up-settings/:workstreamId', asUser(['admin'], async (req, res) => {
    const body = await readValidJson(req, res, settingSchema);
    if (!body) return;
    res.send(200, await handoff.wrapUpCodes.setRequired(String(req.params.workstreamId), body.codeRequired));
  }));
}
