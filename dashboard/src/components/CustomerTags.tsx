import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../api';
import { useDashboard } from '../context';
import { useT } from '../i18n/I18nProvider';
import type { Customer } from '../types';
import { ErrorNote } from './ErrorNote';

/**
 * The customer's tags (labels routing rules test, e.g. `vip`), read by supervisors and admins
 * (`GET /api/admin/customers/:id`) and edited by admins (`PUT …/tags`); other roles see nothing.
 */
export function CustomerTags(props: { customerId: string }) {
  const t = useT();
  const { session } = useDashboard();
  const roles = session.user.roles;
  const canRead = roles.includes('admin') || roles.includes('supervisor');
  const canEdit = roles.includes('admin');
  const [tags, setTags] = useState<readonly string[] | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const path = `/api/admin/customers/${encodeURIComponent(props.customerId)}`;
  useEffect(() => {
    if (!canRead) return;
    api<Customer>('GET', path).then(
      (customer) => setTags(customer.tags),
      // A customer without a record (e.g. purged meanwhile) simply has no tags to show.
      (caught: unknown) => (caught instanceof ApiError && caught.status === 404 ? setTags([]) : setError(errorMessage(caught))),
    );
  }, [path, canRead]);
  if (!canRead) return null;
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      const list = draft.split(/[,\n、，]/).map((tag) => tag.trim()).filter((tag) => tag !== '');
      setTags((await api<Customer>('PUT', `${path}/tags`, { tags: list })).tags);
      setEditing(false);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="customer-tags-title">
      <h3 id="customer-tags-title">{t.customerTags}</h3>
      <ErrorNote message={error} />
      {editing ? (
        <form class="stack tight" onSubmit={(event) => void save(event)}>
          <label for="customer-tags-input">{t.customerTagsHelp}</label>
          <input id="customer-tags-input" value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
          <div class="actions">
            <button type="submit">{t.customerTagsSave}</button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              {t.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          {tags && tags.length > 0 ? (
            <ul class="chips" aria-label={t.customerTags}>
              {tags.map((tag) => (
                <li key={tag}>{tag}</li>
              ))}
            </ul>
          ) : (
            <p class="muted small-text">{tags ? t.customerNoTags : '…'}</p>
          )}
          {canEdit && tags && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(tags.join(', '));
                setEditing(true);
              }}
            >
              {t.customerTagsEdit}
            </button>
          )}
        </>
      )}
    </section>
  );
}
