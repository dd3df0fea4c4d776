import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { languageName, listOf } from '../../format';
import { LANGUAGES, type CannedResponse, type Language } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';

/** Canned responses: texts agents insert in the compose box by typing `/` and a word or `#tag`. */
export function CannedResponsesAdmin() {
  const { items, error, reload } = useList<CannedResponse>('/api/admin/canned-responses');
  return (
    <CrudSection
      id="canned"
      title="Canned responses"
      addLabel="Add canned response"
      intro="Agents insert these by typing / in the compose box. A response with a language is offered only in conversations in that language."
      items={items}
      error={error}
      reload={reload}
      emptyText="No canned response yet."
      labelOf={(item) => item.title}
      columns={[
        { header: 'Title', rowHeader: true, cell: (item) => <NameWithId name={item.title} id={item.id} /> },
        { header: 'Language', cell: (item) => (item.language ? languageName(item.language) : 'Any') },
        { header: 'Tags', cell: (item) => (item.tags.length ? item.tags.map((tag) => `#${tag}`).join(' ') : '—') },
        { header: 'Text', className: 'canned-text-cell', cell: (item) => item.text },
      ]}
      deletion={{
        title: (item) => `Delete the canned response “${item.title}”?`,
        confirmLabel: 'Delete canned response',
        note: 'Agents will no longer be offered it.',
        path: (item) => `/api/admin/canned-responses/${encodeURIComponent(item.id)}`,
      }}
      renderEditor={(item, done) => <CannedResponseDialog item={item} onClose={done.close} onSaved={done.saved} />}
    />
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
