import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';

/**
 * What an admin endpoint answers to `GET path`, read when the view opens, with its error (which the view's own actions
 * may also set) and a way to read it again.
 */
export function useResource<T>(path: string): { value: T | undefined; error: string | undefined; setError: (error: string | undefined) => void; reload: () => Promise<void> } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const reload = async (): Promise<void> => {
    try {
      setValue(await api<T>('GET', path));
      setError(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => {
    void reload();
  }, [path]);
  return { value, error, setError, reload };
}

/** The items of an admin list endpoint (`{ items }`), with its error and a way to read it again. */
export function useList<T>(path: string): { items: T[] | undefined; error: string | undefined; reload: () => Promise<void> } {
  const { value, error, reload } = useResource<{ items: T[] }>(path);
  return { items: value?.items, error, reload };
}
