import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { HandoffService } from '../handoff/handoffService';
import type { AttachmentRepository } from '../storage/attachmentRepository';
import { sendAgentError } from './agentRoutes';
import { sendCustomerMedia } from './customerMediaResponse';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

const assignSchema = z.strictObject({ agentId: z.string().trim().min(1).max(128) });
const transferSchema = z.strictObject({
  queueId: z.string().trim().min(1).max(63).optional(),
  agentId: z.string().trim().min(1).max(128).optional(),
  note: z.string().max(2000).optional(),
});
const presenceSchema = z.strictObject({ presence: z.enum(['available', 'busy', 'away', 'offline']) });

/** What the supervisor endpoints need. */
export interface SupervisorRoutesOptions {
  readonly handoff: HandoffService;
  /** Media customers sent, kept on the server. */
  readonly attachments: AttachmentRepository;
  readonly authorizer: RequestAuthorizer;
}

/**
 * The supervisor API (roles `supervisor`, `admin`, or `ADMIN_API_KEY`):
 * - `GET /api/supervisor/overview` — per queue waiting, offered, assigned, longest wait, service level; per agent
 *   presence and load; every open conversation;
 * - `POST /api/supervisor/conversations/:id/assign` `{ agentId }` — a queued conversation to an agent, whatever their
 *   presence and load;
 * - `POST …/:id/transfer` `{ queueId?, agentId?, note? }`, `POST …/:id/close` — on any open conversation;
 * - `GET …/:id/attachments/:messageId` — media the customer sent, kept on the server (for reading transcripts);
 * - `PUT /api/supervisor/agents/:id/presence` — e.g. set an agent who left without signing out offline.
 *
 * @example registerSupervisorRoutes(server, { handoff, attachments, authorizer });
 */
export function registerSupervisorRoutes(server: Server, options: SupervisorRoutesOptions): void {
  const { handoff, attachments, authorizer } = options;
  const asSupervisor = (handler: (req: Request, res: Response, userId: string) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await authorizer.authorize(req, ['supervisor', 'admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const userId = authorization.principal.kind === 'user' ? authorization.principal.userId : 'api-key';
    try {
      await handler(req, res, userId);
    } catch (error) {
      sendAgentError(res, error);
    }
  };

  server.get('/api/supervisor/overview', asSupervisor(async (_req, res) => {
    res.send(200, await handoff.overview());
  }));

  server.post('/api/supervisor/conversations/:id/assign', asSupervisor(async (req, res, userId) => {
    const body = await readValidJson(req, res, assignSchema);
    if (!body) return;
    res.send(200, await handoff.supervisorAssign(String(req.params.id), body.agentId, userId));
  }));

  server.post('/api/supervisor/conversations/:id/transfer', asSupervisor(async (req, res, userId) => {
    const body = await readValidJson(req, res, transferSchema);
    if (!body) return;
    const target = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    res.send(200, await handoff.transfer(String(req.params.id), { kind: 'supervisor', userId }, target));
  }));

  server.post('/api/supervisor/conversations/:id/close', asSupervisor(async (req, res, userId) => {
    res.send(200, await handoff.close(String(req.params.id), { kind: 'supervisor', userId }));
  }));

  server.get('/api/supervisor/conversations/:id/attachments/:messageId', asSupervisor(async (req, res) => {
    await sendCustomerMedia(res, attachments, await handoff.require(String(req.params.id)), String(req.params.messageId));
  }));

  server.put('/api/supervisor/agents/:id/presence', asSupervisor(async (req, res) => {
    const body = await readValidJson(req, res, presenceSchema);
    if (!body) return;
    res.send(200, await handoff.setPresence(String(req.params.id), body.presence));
  }));
}
