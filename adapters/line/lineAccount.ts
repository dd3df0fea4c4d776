/**
 * A LINE Messaging API channel the adapter serves: its credentials and where its API lives.
 *
 * `apiBaseUrl` and `dataApiBaseUrl` point at LINE in production and at the built-in
 * simulator (or a test's fake API) elsewhere.
 */
export interface LineAccount {
  /** Our id for the account; its callback URL is `/api/line/{id}`. Lower-case letters, digits and dashes. */
  readonly id: string;
  /** Human-readable name shown to operators. */
  readonly name: string;
  /** LINE's channel ID (from the LINE Developers console); informative. */
  readonly channelId?: string;
  /** Channel secret: the HMAC key of webhook signatures. */
  readonly channelSecret: string;
  /** Channel access token used as the Bearer token of API calls. */
  readonly channelAccessToken: string;
  /** Messaging API base, e.g. `https://api.line.me`. */
  readonly apiBaseUrl: string;
  /** Content API base, e.g. `https://api-data.line.me`. */
  readonly dataApiBaseUrl: string;
}

/** Pattern an account id must match (it appears in URLs and conversation ids). */
export const LINE_ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
