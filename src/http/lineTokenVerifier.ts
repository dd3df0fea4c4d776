import type { messagingApi } from '@line/bot-sdk';
import { LineApiClient } from '../../adapters/line/lineApiClient';
import { LineApiError } from '../../adapters/line/lineApiError';

/** The result of checking a channel access token with LINE. */
export type TokenVerification =
  | { readonly ok: true; readonly bot: messagingApi.BotInfoResponse }
  | { readonly ok: false; readonly status: 400 | 502; readonly message: string };

/**
 * Asks LINE's bot-info endpoint whether `channelAccessToken` works: LINE's refusal means the token
 * is wrong (400 for the caller); no answer means we could not check (502).
 */
export async function verifyLineAccessToken(apiBaseUrl: string, channelAccessToken: string): Promise<TokenVerification> {
  const client = new LineApiClient({ id: 'verification', name: 'verification', channelSecret: '', channelAccessToken, apiBaseUrl, dataApiBaseUrl: apiBaseUrl }, 10_000);
  try {
    return { ok: true, bot: await client.getBotInfo() };
  } catch (error) {
    if (error instanceof LineApiError && error.status !== undefined && error.status >= 400 && error.status < 500) {
      return { ok: false, status: 400, message: `LINE rejected the channel access token (HTTP ${error.status}${error.lineMessage ? `: ${error.lineMessage}` : ''})` };
    }
    return { ok: false, status: 502, message: `could not reach LINE to verify the channel access token: ${error instanceof Error ? error.message : String(error)}` };
  }
}
