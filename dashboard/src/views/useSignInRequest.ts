import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
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
      setError(errorMessage(caught));
      setBusy(false);
      return false;
    }
  };
  return { busy, error, setError, send };
}
