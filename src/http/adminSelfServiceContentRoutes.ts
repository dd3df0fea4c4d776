import type { UserRepository } from '../auth/userRepository';
import type { LiveSelfServiceContent, SelfServiceContentRevision } from '../content/liveSelfServiceContent';
import { SelfServiceContentError } from '../content/selfServiceContentFile';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import type { Principal } from './requestAuthorization';
import { selfServiceContentConflictSchema, selfServiceContentIssuesSchema, selfServiceContentRevisionSchema, selfServiceContentSaveSchema } from './schemas/selfServiceContentApiSchemas';

const path = '/api/admin/self-service-content';
const admins = { roles: ['admin'] } as const;

/** `GET /api/admin/self-service-content`. */
export const readSelfServiceContent = apiContract({
  method: 'get', path, tags: ['admin'], access: admins,
  summary: 'The bot’s self-service content (topics, menu, default skill) with its version and source',
  responses: {
    200: { description: 'the content the bot answers with', schema: selfServiceContentRevisionSchema },
    500: { description: 'the stored content no longer passes validation (the bot ignores it); save over it or reset', schema: selfServiceContentIssuesSchema },
  },
});

/** `PUT /api/admin/self-service-content`. */
export const saveSelfServiceContent = apiContract({
  method: 'put', path, tags: ['admin'], access: admins,
  summary: 'Replace the whole content, naming the version it was edited from; the bot uses it from its next turn, other instances within 15 s',
  body: selfServiceContentSaveSchema,
  // The whole content arrives in one body; the shipped file's 8 topics take about 34 KB.
  maxBodyBytes: 2 * 1024 * 1024,
  responses: {
    200: { description: 'saved (the new version)', schema: selfServiceContentRevisionSchema },
    400: { description: 'invalid content, every problem with its JSON path within `content` in `issues`; nothing saved', schema: selfServiceContentIssuesSchema },
    409: { description: 'someone saved or reset since `version` was read; nothing saved (`version` is the current one)', schema: selfServiceContentConflictSchema },
  },
});

/** `DELETE /api/admin/self-service-content`. */
export const resetSelfServiceContent = apiContract({
  method: 'delete', path, tags: ['admin'], access: admins,
  summary: 'Go back to the content file (SELF_SERVICE_CONTENT_FILE)',
  responses: { 200: { description: 'the file’s content, source `file`', schema: selfServiceContentRevisionSchema } },
});

/** What {@link registerAdminSelfServiceContentRoutes} needs. */
export interface AdminSelfServiceContentRoutesOptions {
  readonly content: LiveSelfServiceContent;
  /** To record who saved by username. */
  readonly users: UserRepository;
}

/**
 * The bot's self-service content (topics, menu, default skill), admins only: read it with its
 * version, save a whole new content naming the version it was edited from (400 with every issue
 * when invalid, 409 when someone saved meanwhile), or go back to the content file. The bot answers
 * with a saved content from its next turn on.
 *
 * @example registerAdminSelfServiceContentRoutes(api, { content: selfServiceContent, users });
 */
export function registerAdminSelfServiceContentRoutes(api: ApiRouter, options: AdminSelfServiceContentRoutesOptions): void {
  const { content, users } = options;
  const whoIs = async (principal: Principal | undefined): Promise<string> => (principal?.kind === 'user' ? ((await users.get(principal.userId))?.username ?? principal.userId) : 'admin key');

  api.route(readSelfServiceContent, async () => {
    try {
      return { status: 200, body: revisionBody(await content.refresh()) };
    } catch (error) {
      if (!(error instanceof SelfServiceContentError)) throw error;
      // The bot ignores the broken document; the admin can still save over it or reset it.
      return { status: 500, body: { message: error.message, code: error.code, issues: error.issues } };
    }
  });

  api.route(saveSelfServiceContent, async ({ body, principal }) => ({ status: 200, body: revisionBody(await content.save(body.content, body.version, await whoIs(principal))) }));

  api.route(resetSelfServiceContent, async ({ principal }) => ({ status: 200, body: revisionBody(await content.reset(await whoIs(principal))) }));
}

function revisionBody(revision: SelfServiceContentRevision) {
  return {
    content: revision.content,
    version: revision.version,
    source: revision.source,
    ...(revision.updatedAt ? { updatedAt: revision.updatedAt } : {}),
    ...(revision.updatedBy ? { updatedBy: revision.updatedBy } : {}),
  };
}
