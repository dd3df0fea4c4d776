import type { Response, Server } from 'restify';
import { z } from 'zod';
import type { UserRepository } from '../auth/userRepository';
import type { LiveSelfServiceContent, SelfServiceContentRevision } from '../content/liveSelfServiceContent';
import { SelfServiceContentError } from '../content/selfServiceContentFile';
import { SelfServiceContentConflictError } from '../content/selfServiceContentRepository';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type Principal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `PUT /api/admin/self-service-content`: the whole content, and the version it was edited from. */
export const selfServiceContentSaveSchema = z.strictObject({
  content: z.unknown(),
  version: z.number().int().min(0),
});

/** The whole content arrives in one body; the shipped file's 8 topics take about 34 KB. */
const MAX_CONTENT_BODY_BYTES = 2 * 1024 * 1024;

/** What {@link registerAdminSelfServiceContentRoutes} needs. */
export interface AdminSelfServiceContentRoutesOptions {
  readonly content: LiveSelfServiceContent;
  /** To record who saved by username. */
  readonly users: UserRepository;
  readonly authorizer: RequestAuthorizer;
}

/**
 * The bot's self-service content (topics, menu, default skill), admins only: read it with its
 * version, save a whole new content naming the version it was edited from (400 with every issue
 * when invalid, 409 when someone saved meanwhile), or go back to the content file. The bot answers
 * with a saved content from its next turn on.
 */
export function registerAdminSelfServiceContentRoutes(server: Server, options: AdminSelfServiceContentRoutesOptions): void {
  const path = '/api/admin/self-service-content';
  const { content, users, authorizer } = options;
  const whoIs = async (principal: Principal): Promise<string> => (principal.kind === 'apiKey' ? 'admin key' : ((await users.get(principal.userId))?.username ?? principal.userId));

  server.get(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    try {
      res.send(200, revisionBody(await content.refresh()));
    } catch (error) {
      if (!(error instanceof SelfServiceContentError)) throw error;
      // The bot ignores the broken document; the admin can still save over it or reset it.
      res.send(500, { message: error.message, code: error.code, issues: error.issues });
    }
  });

  server.put(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const body = await readValidJson(req, res, selfServiceContentSaveSchema, MAX_CONTENT_BODY_BYTES);
    if (!body) return;
    try {
      res.send(200, revisionBody(await content.save(body.content, body.version, await whoIs(authorization.principal))));
    } catch (error) {
      sendSaveRefusal(res, error);
    }
  });

  server.del(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    res.send(200, revisionBody(await content.reset(await whoIs(authorization.principal))));
  });
}

function sendSaveRefusal(res: Response, error: unknown): void {
  if (error instanceof SelfServiceContentError) {
    const count = error.issues.length;
    res.send(400, { message: `the content has ${count} ${count === 1 ? 'problem' : 'problems'}`, code: error.code, issues: error.issues });
    return;
  }
  if (error instanceof SelfServiceContentConflictError) {
    res.send(409, { message: error.message, code: error.code, version: error.currentVersion });
    return;
  }
  throw error;
}

function revisionBody(revision: SelfServiceContentRevision): Record<string, unknown> {
  return {
    content: revision.content,
    version: revision.version,
    source: revision.source,
    ...(revision.updatedAt ? { updatedAt: revision.updatedAt.toISOString() } : {}),
    ...(revision.updatedBy ? { updatedBy: revision.updatedBy } : {}),
  };
}
