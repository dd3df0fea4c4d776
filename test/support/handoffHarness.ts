import assert from 'node:assert/strict';
import type { messagingApi } from '@line/bot-sdk';
import * as fixtures from '../fixtures/lineEvents';
import { signWebhook } from './signedWebhook';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { startTestServer, type TestServer } from './testServer';

/** The admin key every harness server accepts. */
export const HARNESS_ADMIN_KEY = 'handoff-admin-key-0123456789';

/** An answer of the management API. */
export interface ApiAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** A logged-in agent: their user id (also their agent profile's id) and login token. */
export interface TestAgent {
  readonly id: string;
  readonly token: string;
  readonly username: string;
}

/** A clock the test moves by hand; the handoff reads it for offers, wrap-up and inactivity. */
export class TestClock {
  private current = Date.now();

  now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The real server with its handoff, driven the way agents and LINE drive it: LINE customers write through signed
 * webhooks (answers land on the fake LINE API), agents through the HTTP API. Sweeps run only when the test calls
 * {@link HandoffHarness.sweep}, on a clock the test moves.
 */
export class HandoffHarness {
  private constructor(
    readonly server: TestServer,
    readonly clock: TestClock,
  ) {}

  static async start(environment: Record<string, string> = {}, store?: DocumentStore, extraAccessTokens: readonly string[] = []): Promise<HandoffHarness> {
    const clock = new TestClock();
    const server = await startTestServer({ ADMIN_API_KEY: HARNESS_ADMIN_KEY, HANDOFF_SWEEP_INTERVAL_MS: '60000', HANDOFF_SWEEP_LEASE_SECONDS: '120', ...environment }, extraAccessTokens, { clock: clock.now, ...(store ? { store } : {}) });
    return new HandoffHarness(server, clock);
  }

  get url(): string {
    return this.server.app.url;
  }

  /** Calls the API with a token (`null`: none). */
  async call(token: string | null, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    return { status: response.status, text, json };
  }

  /** Calls the API as admin and insists on a 2xx answer. */
  async admin(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const answer = await this.call(HARNESS_ADMIN_KEY, method, path, body);
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path} → ${answer.status} ${answer.text}`);
    return answer;
  }

  /** Creates a user with `roles`, logs them in, and gives them an agent profile when `profile` is given. */
  async createAgent(
    username: string,
    profile: { displayName: string; languages: string[]; capacity: number; queueIds: string[]; skills?: { name: string; proficiency: number }[] } | undefined,
    roles: string[] = ['agent'],
  ): Promise<TestAgent> {
    const password = `${username}-password-1`;
    const created = await this.admin('POST', '/api/admin/users', { username, roles, password });
    const id = String((created.json as { id?: unknown }).id);
    const login = await this.call(null, 'POST', '/api/auth/login', { username, password });
    assert.equal(login.status, 200, login.text);
    if (profile) await this.admin('POST', '/api/admin/agents', { id, skills: [], ...profile });
    return { id, token: String(login.json.token), username };
  }

  /** Sets an agent's presence and lets distribution run. */
  async presence(agent: TestAgent, presence: 'available' | 'busy' | 'away' | 'offline'): Promise<void> {
    const answer = await this.call(agent.token, 'PUT', '/api/agent/presence', { presence });
    assert.equal(answer.status, 200, answer.text);
    await this.settle();
  }

  /** A LINE customer writes `text` (with a fresh reply token); resolves when every effect has settled. */
  async say(userId: string, text: string): Promise<void> {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: this.server.fake.api.issueReplyToken(userId) });
    await this.deliver(event);
  }

  /** Delivers any LINE event, signed, and waits for its effects. */
  async deliver(event: Parameters<typeof fixtures.webhookBody>[0][number]): Promise<void> {
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), this.server.channelSecret);
    const response = await fetch(`${this.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    assert.equal(response.status, 200);
    await this.settle();
  }

  /** Every text delivered to a LINE user so far, with how it went (reply or push). */
  deliveredTo(userId: string): { readonly text: string; readonly via: 'reply' | 'push'; readonly retryKey: string | undefined; readonly message: messagingApi.Message }[] {
    return this.server.fake.api.delivered
      .filter((batch) => batch.chatId === userId)
      .flatMap((batch) => batch.messages.map((message) => ({ text: message.type === 'text' ? message.text : `[${message.type}]`, via: batch.via, retryKey: batch.retryKey, message })));
  }

  /** The texts delivered to a LINE user so far. */
  textsTo(userId: string): string[] {
    return this.deliveredTo(userId).map((delivery) => delivery.text);
  }

  /** Takes `agents` offline, then closes every open conversation as a supervisor would (wrap-up included). */
  async closeEverything(agents: readonly TestAgent[]): Promise<void> {
    for (const agent of agents) await this.presence(agent, 'offline');
    for (const conversation of (await this.admin('GET', '/api/supervisor/overview')).json.conversations as { id: string }[]) {
      const closed = await this.admin('POST', `/api/supervisor/conversations/${conversation.id}/close`);
      if ((closed.json as { state?: string }).state === 'wrapUp') await this.admin('POST', `/api/supervisor/conversations/${conversation.id}/close`);
    }
    await this.settle();
  }

  /** Waits until running turns, writes and distribution are done. */
  async settle(): Promise<void> {
    await this.server.app.whenIdle();
    await this.server.app.whenIdle();
  }

  /** Runs one sweep (offers, wrap-up, inactivity, queue updates, distribution) and waits for its effects. */
  async sweep(): Promise<void> {
    await this.server.app.handoff.sweep();
    await this.settle();
  }

  /** The conversations an agent's API lists. */
  async conversationsOf(agent: TestAgent): Promise<Record<string, unknown>[]> {
    const answer = await this.call(agent.token, 'GET', '/api/agent/conversations');
    assert.equal(answer.status, 200, answer.text);
    return answer.json.items as Record<string, unknown>[];
  }

  /** The handoff id of a LINE user's 1:1 conversation on the `default` account, from the agent's list. */
  async conversationIdFor(agent: TestAgent, userId: string): Promise<string> {
    const found = (await this.conversationsOf(agent)).find((item) => item.conversationId === `default:user:${userId}`);
    assert.ok(found, `no conversation of ${userId} for ${agent.username}`);
    return String(found.id);
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
