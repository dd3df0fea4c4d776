import { randomBytes } from 'node:crypto';
import { DuplicateKeyError, type DocumentStore } from '../storage/engine/documentStore';
import type { SecretBox } from '../storage/secretBox';

/** Collection of the simulator's channel credentials, one document per simulated account. */
export const SIMULATOR_CREDENTIALS_COLLECTION = 'simulatorCredentials';

/** The channel secret the simulator signs webhooks with, and the access token its fake Messaging API accepts. */
export interface SimulatorCredentials {
  readonly channelSecret: string;
  readonly channelAccessToken: string;
}

type CredentialsDocument = {
  _id: string;
  /** Both sealed with the secrets key, bound to this document. */
  channelSecret: string;
  channelAccessToken: string;
  createdAt: Date;
};

/**
 * The simulated account's credentials: made once, by the first instance that starts the simulator, and kept in the
 * store (sealed), so every instance and every restart signs and checks with the same ones — a webhook one instance's
 * simulator signs is accepted by every other, and the account record is not rewritten at each start.
 *
 * @example
 * ```ts
 * const { channelSecret, channelAccessToken } = await simulatorCredentials(store, box, 'default');
 * const fakeApi = new FakeLineApi({ accessTokens: [channelAccessToken] });
 * ```
 */
export async function simulatorCredentials(store: DocumentStore, box: SecretBox, accountId: string): Promise<SimulatorCredentials> {
  const collection = await store.collection<CredentialsDocument>(SIMULATOR_CREDENTIALS_COLLECTION);
  const aad = (field: string): string => `${SIMULATOR_CREDENTIALS_COLLECTION}/${accountId}/${field}`;
  let stored = await collection.findOne({ _id: accountId });
  if (!stored) {
    const fresh = { channelSecret: randomBytes(16).toString('hex'), channelAccessToken: randomBytes(32).toString('base64url') };
    try {
      await collection.insertOne({ _id: accountId, channelSecret: box.seal(fresh.channelSecret, aad('channelSecret')), channelAccessToken: box.seal(fresh.channelAccessToken, aad('channelAccessToken')), createdAt: new Date() });
      return fresh;
    } catch (error) {
      // Another instance made them first: use theirs.
      if (!(error instanceof DuplicateKeyError)) throw error;
      stored = await collection.findOne({ _id: accountId });
      if (!stored) throw error;
    }
  }
  return { channelSecret: box.open(stored.channelSecret, aad('channelSecret')), channelAccessToken: box.open(stored.channelAccessToken, aad('channelAccessToken')) };
}
