import { z } from 'zod';
import { DomainError } from '../domainError';
import type { AgentFileRepository } from '../attachments/agentFileRepository';
import { ANSWERED, apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { sendStoredFile } from './storedFileResponse';

/** No file (or preview) under the id: it never existed or was purged, which the answer does not tell apart (404). */
class AgentFileNotFoundError extends DomainError {
  constructor() {
    super('file_not_found', 404, 'no such file');
  }
}

const fileResponses = {
  200: { description: 'the bytes, with their type; sandboxed, `nosniff`; pictures inline, other files as downloads', contentType: '*/*', headers: { 'Cache-Control': 'private, max-age=604800, immutable' } },
  404: { description: 'no such file (or purged)' },
} as const;

/** `GET /media/:id`. */
export const readAgentFile = apiContract({
  method: 'get', path: '/media/:id', tags: ['media'], access: 'public',
  summary: 'A file an agent sent (no credentials: LINE fetches it; the id is the secret)',
  params: z.object({ id: z.string() }),
  responses: fileResponses,
});

/** `GET /media/:id/preview`. */
export const readAgentFilePreview = apiContract({
  method: 'get', path: '/media/:id/preview', tags: ['media'], access: 'public',
  summary: 'The preview of a picture an agent sent',
  params: z.object({ id: z.string() }),
  responses: fileResponses,
});

/**
 * `GET /media/:id` and `GET /media/:id/preview`: the files agents sent, for whoever holds the address — LINE's
 * servers fetch a message's media themselves, without credentials. The id is 24 random bytes, so an address is as
 * private as the chat it was sent in; unknown ids answer 404 alike, whether they never existed or were purged.
 *
 * @example registerAgentFileMediaRoutes(api, agentFiles);
 */
export function registerAgentFileMediaRoutes(api: ApiRouter, files: AgentFileRepository): void {
  for (const [contract, which] of [[readAgentFile, 'original'], [readAgentFilePreview, 'preview']] as const) {
    api.route(contract, async ({ params, res }) => {
      const found = await files.content(params.id, which);
      if (!found) throw new AgentFileNotFoundError();
      const { file } = found;
      // The bytes under an id never change, so caches (LINE's too) may keep them; `private` keeps shared proxies out.
      await sendStoredFile(res, { contentType: found.contentType, size: found.size, fileName: file.fileName ?? file.id, body: found.body, cacheControl: 'private, max-age=604800, immutable' });
      return ANSWERED;
    });
  }
}
