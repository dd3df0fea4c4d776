import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { languageName, listOf } from '../../format';
import { LANGUAGES, type CannedResponse, type Language } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';

/** Canned responses: texts agents insert in the compose box by typing `/` and a word or `#tag`. */
export function CannedResponsesAdmin() {
  const { items, error, reload } = useList<CannedResponse>('/api/admin/canned-responses');
  const [editing, setEditing] = useState<CannedResponse | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<CannedResponse | undefined>(undefined);
  return (
    <section aria-labelledby="canned-title">
      <div class="section-head">
        <h2 id="canned-title">Canned responses</h2>
        <button type="button" onClick={() => setEditing('new')}>
          Add canned response
        </button>
      </div>
      <p class="muted">Agents insert these by typing / in the compose box. A response with a language is offered only in conversations in that language.</p>
      <ErrorNote message={error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Language</th>
              <th scope="col">Tags</th>
              <th scope="col">Text</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  No canned response yet.
                </td>
              </tr>
            )}
            {items?.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.title}
                  <div class="muted small-text mono">{item.id}</div>
                </th>
                <td>{item.language ? languageName(item.language) : 'Any'}</td>
                <td>{item.tags.length ? item.tags.map((tag) => `#${tag}`).join(' ') : '—'}</td>
                <td class="canned-text-cell">{item.text}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => setEditing(item)} aria-label={`Edit ${item.title}`}>
                    Edit…
                  </button>
                  <button type="button" class="small danger" onClick={() => setDeleting(item)} aria-label={`Delete ${item.title}`}>
                    Delete…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <CannedResponseDialog
          item={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the canned response “${deleting.title}”?`}
          confirmLabel="Delete canned response"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/canned-responses/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>Agents will no longer be offered it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function CannedResponseDialog(props: { item: CannedResponse | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.item;
  const [id, setId] = useState(existing?.id ?? '');
  const [title, setTitle] = useState(existing?.title ?? '');
  const [text, setText] = useState(existing?.text ?? '');
  const [language, setLanguage] = useState<Language | ''>(existing?.language ?? '');
  const [tags, setTags] = useState(existing?.tags.join(', ') ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const body = { title: title.trim(), text: text.trim(), tags: listOf(tags).map((tag) => tag.replace(/^#/, '').toLowerCase()), ...(language ? { language } : {}) };
    try {
      if (existing) await api('PUT', `/api/admin/canned-responses/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/canned-responses', { id: id.trim(), ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? `Edit ${existing.title}` : 'Add a canned response'} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="canned-id">Id</label>
            <input id="canned-id" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder="e.g. refund-ja" />
          </>
        )}
        <label for="canned-title-field">Title</label>
        <input id="canned-title-field" required maxLength={100} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        <label for="canned-text">Text</label>
        <textarea id="canned-text" required rows={5} maxLength={5000} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        <label for="canned-language">Language</label>
        <select id="canned-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language | '')}>
          <option value="">Any language</option>
          {LANGUAGES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {languageName(candidate)}
            </option>
          ))}
        </select>
        <label for="canned-tags">Tags (comma-separated words)</label>
        <input id="canned-tags" value={tags} onInput={(event) => setTags(event.currentTarget.value)} placeholder="e.g. refund, billing" />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? 'Save' : 'Add canned response'} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
