import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../api';
import { texts } from '../i18n/current';
import type { LoginAnswer } from '../types';

/**
 * A form that signs the user in (logging in, or creating the first administrator): `send` posts `body` to `path`
 * without a token and hands the answer to `onSignedIn`; while it runs `busy` is set, and a refusal becomes `error`.
 */
export function useSignInRequest(onSignedIn: (answer: LoginAnswer) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const send = async (path: string, body: unknown): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api<LoginAnswer>('POST', path, body, { anonymous: true }));
      return true;
    } catch (caught) {
      setError(refusalText(path, caught));
      setBusy(false);
      return false;
    }
  };
  return { busy, error, setError, send };
}

/**
 * The sign-in endpoints' refusals in the dashboard language (the server words them in English); any other error,
 * e.g. a field the server names, as the server said it.
 */
function refusalText(path: string, caught: unknown): string {
  const t = texts();
  if (caught instanceof ApiError && path === '/api/auth/login') {
    if (caught.status === 401) return t.signInRefused;
    if (caught.status === 429) return t.tooManySignIns;
  }
  if (caught instanceof ApiError && path === '/api/auth/setup') {
    if (caught.status === 403) return t.wrongSetupCode;
    if (caught.status === 409) return t.administratorExists;
    if (caught.status === 429) return t.tooManySetupCodes;
  }
  return errorMessage(caught);
}
