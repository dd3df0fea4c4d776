import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import {
  ChannelAccountExistsError,
  ChannelAccountNotFoundError,
  ChannelAccountValidationError,
  type ChannelAccountRepository,
} from '../storage/channelAccountRepository';
import { readValidJson } from './jsonRequest';
import { verifyLineAccessToken } from './lineTokenVerifier';
import { sendRefusal, type RequestAuthorizer } from './requestAuthorization';

/** Body of `POST /api/admin/channels/line`. */
export const newLineChannelSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  channelId: z.string().trim().regex(/^\d{1,20}$/, 'must be the numeric Channel ID from the LINE Developers console'),
  channelSecret: z.string().trim().regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hexadecimal Channel secret'),
  channelAccessToken: z.string().trim().min(20).max(1000),
  defaultLanguage: z.string().trim().min(2).max(35).optional(),
  enabled: z.boolean().optional(),
});

/** Body of `PATCH /api/admin/channels/line/:id`; every field optional. */
export const lineChannelPatchSchema = z.strictObject({
  name: newLineChannelSchema.shape.name.optional(),
  channelId: newLineChannelSchema.shape.channelId.optional(),
  channelSecret: newLineChannelSchema.shape.channelSecret.optional(),
  channelAccessToken: newLineChannelSchema.shape.channelAccessToken.optional(),
  defaultLanguage: z.string().trim().min(2).max(35).optional(),
  enabled: z.boolean().optional(),
});

/** What the channel routes need. */
export interface AdminChannelRoutesOptions {
  readonly accounts: ChannelAccountRepository;
  /** Lets admins (and `ADMIN_API_KEY`) in. */
  readonly authorizer: RequestAuthorizer;
  /** LINE's Messaging API base (a fake one in tests): new accounts use it, and tokens are checked there. */
  readonly lineApiBaseUrl: string;
  readonly lineDataApiBaseUrl: string;
  /** Called after an account was deleted or disabled (its open handoff conversations close). */
  readonly onAccountGone?: (accountId: string) => Promise<unknown>;
  /** The public base URL callback URLs are built from. */
  readonly publicUrl: () => string;
}

/**
 * The admin API for LINE channel accounts: add (the token is checked with LINE first), list,
 * read, change and delete. Secrets go in, never out.
 */
export function registerAdminChannelRoutes(server: Server, options: AdminChannelRoutesOptions): void {
  const { accounts } = options;
  const callbackUrl = (id: string): string => `${options.publicUrl()}/api/line/${id}`;
  const guard = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    const authorization = await options.authorizer.authorize(req, ['admin']);
    if (!authorization.ok) {
      sendRefusal(res, authorization.refusal);
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      sendRepositoryError(res, error);
    }
  };

  server.post('/api/admin/channels/line', guard(async (req, res) => {
    const input = await readValidJson(req, res, newLineChannelSchema);
    if (!input) return;
    const verification = await verifyLineAccessToken(options.lineApiBaseUrl, input.channelAccessToken);
    if (!verification.ok) {
      res.send(verification.status, { message: verification.message, field: 'channelAccessToken' });
      return;
    }
    const created = await accounts.create({ ...input, apiBaseUrl: options.lineApiBaseUrl, dataApiBaseUrl: options.lineDataApiBaseUrl });
    res.send(201, { id: created.id, callbackUrl: callbackUrl(created.id), account: created, bot: { userId: verification.bot.userId, basicId: verification.bot.basicId, displayName: verification.bot.displayName } });
  }));

  server.get('/api/admin/channels/line', guard(async (_req, res) => {
    const list = await accounts.list();
    res.send(200, { items: list.map((account) => ({ ...account, callbackUrl: callbackUrl(account.id) })) });
  }));

  server.get('/api/admin/channels/line/:id', guard(async (req, res) => {
    const account = await accounts.describe(String(req.params.id));
    if (!account) {
      res.send(404, { message: `no LINE channel account '${String(req.params.id)}'` });
      return;
    }
    res.send(200, { ...account, callbackUrl: callbackUrl(account.id) });
  }));

  server.patch('/api/admin/channels/line/:id', guard(async (req, res) => {
    const patch = await readValidJson(req, res, lineChannelPatchSchema);
    if (!patch) return;
    const id = String(req.params.id);
    if (patch.channelAccessToken !== undefined) {
      const current = await accounts.describe(id);
      const verification = await verifyLineAccessToken(current?.apiBaseUrl ?? options.lineApiBaseUrl, patch.channelAccessToken);
      if (!verification.ok) {
        res.send(verification.status, { message: verification.message, field: 'channelAccessToken' });
        return;
      }
    }
    const updated = await accounts.update(id, patch);
    if (!updated.enabled) await options.onAccountGone?.(id);
    res.send(200, { ...updated, callbackUrl: callbackUrl(updated.id) });
  }));

  server.del('/api/admin/channels/line/:id', guard(async (req, res) => {
    const deleted = await accounts.delete(String(req.params.id));
    if (!deleted) {
      res.send(404, { message: `no LINE channel account '${String(req.params.id)}'` });
      return;
    }
    await options.onAccountGone?.(String(req.params.id));
    res.send(204);
  }));
}

function sendRepositoryError(res: Response, error: unknown): void {
  if (error instanceof ChannelAccountValidationError) {
    res.send(400, { message: error.message, field: error.field });
  } else if (error instanceof ChannelAccountNotFoundError) {
    res.send(404, { message: error.message });
  } else if (error instanceof ChannelAccountExistsError) {
    res.send(409, { message: error.message });
  } else {
    throw error;
  }
}
