import { ChannelAccountNotFoundError, type ChannelAccountRepository } from '../channels/channelAccountRepository';
import { apiContract } from './api/apiContract';
import type { ApiRouter } from './api/apiRouter';
import { verifyLineAccessToken } from '../channels/lineTokenVerifier';
import {
  channelAccountListSchema,
  channelAccountParamsSchema,
  channelAccountSchema,
  createdChannelAccountSchema,
  lineChannelPatchSchema,
  newLineChannelSchema,
} from './schemas/channelSchemas';

const admins = { roles: ['admin'] } as const;
const lineUnreachable = { description: 'LINE could not be reached to check the token' };

/** `POST /api/admin/channels/line`. */
export const createLineChannel = apiContract({
  method: 'post', path: '/api/admin/channels/line', tags: ['admin'], access: admins,
  summary: 'Add a LINE channel account; the access token is checked with LINE first',
  body: newLineChannelSchema,
  responses: {
    201: { description: 'created, with the callback URL and the LINE bot the token belongs to', schema: createdChannelAccountSchema },
    409: { description: 'an account with this id exists' },
    502: lineUnreachable,
  },
  description: '400 names the field at fault, `channelAccessToken` when LINE rejected the token.',
});

/** `GET /api/admin/channels/line`. */
export const listLineChannels = apiContract({
  method: 'get', path: '/api/admin/channels/line', tags: ['admin'], access: admins,
  summary: 'List LINE channel accounts',
  responses: { 200: { description: 'every account', schema: channelAccountListSchema } },
});

/** `GET /api/admin/channels/line/:id`. */
export const readLineChannel = apiContract({
  method: 'get', path: '/api/admin/channels/line/:id', tags: ['admin'], access: admins,
  summary: 'Read one account',
  params: channelAccountParamsSchema,
  responses: { 200: { description: 'the account', schema: channelAccountSchema }, 404: { description: 'no such account' } },
});

/** `PATCH /api/admin/channels/line/:id`. */
export const changeLineChannel = apiContract({
  method: 'patch', path: '/api/admin/channels/line/:id', tags: ['admin'], access: admins,
  summary: 'Change an account (a new access token is checked with LINE; a disabled account’s open conversations close)',
  params: channelAccountParamsSchema,
  body: lineChannelPatchSchema,
  responses: { 200: { description: 'the changed account', schema: channelAccountSchema }, 404: { description: 'no such account' }, 502: lineUnreachable },
});

/** `DELETE /api/admin/channels/line/:id`. */
export const deleteLineChannel = apiContract({
  method: 'delete', path: '/api/admin/channels/line/:id', tags: ['admin'], access: admins,
  summary: 'Delete an account; its callback URL answers 404 afterwards, its transcripts stay',
  params: channelAccountParamsSchema,
  responses: { 204: { description: 'deleted' }, 404: { description: 'no such account' } },
});

/** What the channel routes need. */
export interface AdminChannelRoutesOptions {
  readonly accounts: ChannelAccountRepository;
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
 *
 * @example registerAdminChannelRoutes(api, { accounts, lineApiBaseUrl, lineDataApiBaseUrl, publicUrl: () => url });
 */
export function registerAdminChannelRoutes(api: ApiRouter, options: AdminChannelRoutesOptions): void {
  const { accounts } = options;
  const callbackUrl = (id: string): string => `${options.publicUrl()}/api/line/${id}`;

  api.route(createLineChannel, async ({ body }) => {
    const bot = await verifyLineAccessToken(options.lineApiBaseUrl, body.channelAccessToken);
    const created = await accounts.create({ ...body, apiBaseUrl: options.lineApiBaseUrl, dataApiBaseUrl: options.lineDataApiBaseUrl });
    return { status: 201, body: { id: created.id, callbackUrl: callbackUrl(created.id), account: created, bot } };
  });

  api.route(listLineChannels, async () => {
    const list = await accounts.list();
    return { status: 200, body: { items: list.map((account) => ({ ...account, callbackUrl: callbackUrl(account.id) })) } };
  });

  api.route(readLineChannel, async ({ params }) => {
    const account = await accounts.describe(params.id);
    if (!account) throw new ChannelAccountNotFoundError(params.id);
    return { status: 200, body: { ...account, callbackUrl: callbackUrl(account.id) } };
  });

  api.route(changeLineChannel, async ({ params, body }) => {
    if (body.channelAccessToken !== undefined) {
      const current = await accounts.describe(params.id);
      await verifyLineAccessToken(current?.apiBaseUrl ?? options.lineApiBaseUrl, body.channelAccessToken);
    }
    const updated = await accounts.update(params.id, body);
    if (!updated.enabled) await options.onAccountGone?.(params.id);
    return { status: 200, body: { ...updated, callbackUrl: callbackUrl(updated.id) } };
  });

  api.route(deleteLineChannel, async ({ params }) => {
    if (!(await accounts.delete(params.id))) throw new ChannelAccountNotFoundError(params.id);
    await options.onAccountGone?.(params.id);
    return { status: 204 };
  });
}
