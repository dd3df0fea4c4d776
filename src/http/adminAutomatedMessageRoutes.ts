import type { Server } from 'restify';
import { z } from 'zod';
import { isSupportedLanguage } from '../../dialogs/language/supportedLanguage';
import { AUTOMATED_MESSAGE_KEYS } from '../../dialogs/texts/automatedMessages';
import { AutomatedMessageValidationError, type AutomatedMessageRepository } from '../storage/automatedMessageRepository';
import { readValidJson } from './jsonRequest';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `PUT /api/admin/automated-messages/:workstreamId/:language`: the templates to override (others keep their default). */
export const automatedMessageOverridesSchema = z.strictObject(
  Object.fromEntries(AUTOMATED_MESSAGE_KEYS.map((key) => [key, z.string().min(1).max(5000).optional()])) as Record<(typeof AUTOMATED_MESSAGE_KEYS)[number], z.ZodOptional<z.ZodString>>,
);

/**
 * The automated messages the handoff sends (greeting, position in queue, agent assigned, …) per
 * workstream and language: read them (defaults merged with overrides), override some, or reset. Admins only.
 */
export function registerAdminAutomatedMessageRoutes(server: Server, messages: AutomatedMessageRepository, authorizer: RequestAuthorizer): void {
  const path = '/api/admin/automated-messages/:workstreamId/:language';
  const target = (params: Record<string, unknown>): { workstreamId: string; language: string } => ({ workstreamId: String(params.workstreamId), language: String(params.language) });

  server.get(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const { workstreamId, language } = target(req.params as Record<string, unknown>);
    if (!isSupportedLanguage(language)) return void res.send(400, { message: `language must be one of en, ja, th, zh-TW`, field: 'language' });
    res.send(200, { workstreamId, language, messages: await messages.get(workstreamId, language), overridden: Object.keys(await messages.overrides(workstreamId, language)) });
  });

  server.put(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const { workstreamId, language } = target(req.params as Record<string, unknown>);
    if (!isSupportedLanguage(language)) return void res.send(400, { message: `language must be one of en, ja, th, zh-TW`, field: 'language' });
    const overrides = await readValidJson(req, res, automatedMessageOverridesSchema);
    if (!overrides) return;
    try {
      const merged = await messages.setOverrides(workstreamId, language, Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)));
      res.send(200, { workstreamId, language, messages: merged });
    } catch (error) {
      if (error instanceof AutomatedMessageValidationError) return void res.send(400, { message: error.message, field: error.key });
      throw error;
    }
  });

  server.del(path, async (req, res) => {
    const authorization = await authorizer.authorize(req, ['admin']);
    if (!authorization.ok) return void sendRefusal(res, authorization.refusal);
    const { workstreamId, language } = target(req.params as Record<string, unknown>);
    if (!isSupportedLanguage(language)) return void res.send(400, { message: `language must be one of en, ja, th, zh-TW`, field: 'language' });
    res.send(200, { workstreamId, language, messages: await messages.resetOverrides(workstreamId, language) });
  });
}
