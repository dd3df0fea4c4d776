import { randomHex } from './dom';

/** The LINE user the page plays. */
export interface SimulatedUser {
  readonly userId: string;
  displayName: string;
  language: string;
}

const STORAGE_KEY = 'lineSimulator.user.v1';
const LANGUAGES = ['en', 'ja', 'th', 'zh-TW'];

/** A fresh user: a random LINE user id and a guest name. */
export function newUser(): SimulatedUser {
  return { userId: `U${randomHex(16)}`, displayName: `Guest ${randomHex(2)}`, language: 'en' };
}

/** The user this browser played last (kept in localStorage), or a new one. */
export function loadUser(): SimulatedUser {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<SimulatedUser> | null;
    if (saved && typeof saved.userId === 'string' && /^U[0-9a-f]{32}$/.test(saved.userId) && typeof saved.displayName === 'string' && LANGUAGES.includes(saved.language ?? '')) {
      return { userId: saved.userId, displayName: saved.displayName, language: saved.language ?? 'en' };
    }
  } catch {
    // A broken entry is replaced below.
  }
  const user = newUser();
  saveUser(user);
  return user;
}

/** Remembers the user for the next visit. */
export function saveUser(user: SimulatedUser): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    // Private mode: the user lasts for this tab only.
  }
}
