import type { LoginAnswer, User } from './types';

/** A signed-in user: the login token, when it expires, who it is. */
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: User;
}

const KEY = 'line-omnichannel.dashboard.session';

/**
 * The session lives in sessionStorage: it survives a reload of the tab but not closing it, is never shared with
 * other tabs, and is never sent anywhere by the browser by itself (no cookie, so no CSRF). The token only ever goes
 * into the `Authorization` header (see api.ts and eventStream.ts).
 */
export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'string' || !parsed.user) return undefined;
    if (Date.parse(parsed.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return parsed as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(answer: LoginAnswer): Session {
  const session: Session = { token: answer.token, expiresAt: answer.expiresAt, user: answer.user };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
