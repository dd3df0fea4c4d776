import type { messagingApi } from '@line/bot-sdk';
import { LineApiClient } from '../../adapters/line/lineApiClient';
import { LineApiError } from '../../adapters/line/lineApiError';
import { DomainError } from '../domainError';

/** LINE refused the channel access token (400, `field`: channelAccessToken). */
export class LineTokenRejectedError extends DomainError {
  constructor(readonly lineStatus: number, lineMessage: string | undefined) {
    super('line_token_rejected', 400, `LINE rejected the channel access token (HTTP ${lineStatus}${lineMessage ? `: ${lineMessage}` : ''})`, { field: 'channelAccessToken' });
  }
}

/** LINE could not be asked about the channel access token (502, `field`: channelAccessToken). */
export class LineTokenUncheckedError extends DomainError {
  constructor(reason: string, cause?: unknown) {
    super('line_unreachable', 502, `could not reach LINE to verify the channel access token: ${reason}`, { field: 'channelAccessToken', cause });
  }
}

/**
 * Asks LINE's bot-info endpoint whether `channelAccessToken` works and answers the bot it belongs to. LINE's refusal
 * means the token is wrong ({@link LineTokenRejectedError}, 400 for the caller); no answer means we could not check
 * ({@link LineTokenUncheckedError}, 502).
 *
 * @example const bot = await verifyLineAccessToken('https://api.line.me', token); // bot.basicId: '@123abcde'
 */
export async function verifyLineAccessToken(apiBaseUrl: string, channelAccessToken: string): Promise<messagingApi.BotInfoResponse> {
  const client = new LineApiClient({ id: 'verification', name: 'verification', channelSecret: '', channelAccessToken, apiBaseUrl, dataApiBaseUrl: apiBaseUrl }, 10_000);
  try {
    return await client.getBotInfo();
  } catch (error) {
    if (error instanceof LineApiError && error.status !== undefined && error.status >= 400 && error.status < 500) throw new LineTokenRejectedError(error.status, error.lineMessage);
    throw new LineTokenUncheckedError(error instanceof Error ? error.message : String(error), error);
  }
}
