import type { Server } from 'restify';
import type { AgentFileRepository } from '../storage/agentFileRepository';
import { sendStoredFile } from './storedFileResponse';

/**
 * `GET /media/:id` and `GET /media/:id/preview`: the files agents sent, for whoever holds the address — LINE's
 * servers fetch a message's media themselves, without credentials. The id is 24 random bytes, so an address is as
 * private as the chat it was sent in; unknown ids answer 404 alike, whether they never existed or were purged.
 */
export function registerAgentFileMediaRoutes(server: Server, files: AgentFileRepository): void {
  for (const which of ['original', 'preview'] as const) {
    server.get(which === 'original' ? '/media/:id' : '/media/:id/preview', async (req, res) => {
      const found = await files.content(String(req.params.id), which);
      if (!found) return void res.send(404, { message: 'no such file' });
      const { file } = found;
      // The bytes under an id never change, so caches (LINE's too) may keep them; `private` keeps shared proxies out.
      await sendStoredFile(res, { contentType: found.contentType, size: found.size, fileName: file.fileName ?? file.id, body: found.body, cacheControl: 'private, max-age=604800, immutable' });
    });
  }
}
