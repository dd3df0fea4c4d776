import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';

/** The items of an admin list endpoint (`{ items }`), with its error and a way to read it again. */
export function useList<T>(path: string): { items: T[] | undefined; error: string | undefined; reload: () => Promise<void> } {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const reload = async (): Promise<void> => {
    try {
      setItems((await api<{ items: T[] }>('GET', path)).items);
      setError(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => {
    void reload();
  }, [path]);
  return { items, error, reload };
}
