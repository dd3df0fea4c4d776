import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { languageName, listOf } from '../../format';
import { LANGUAGES, type CannedResponseItem as CannedResponse, type Language } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';
import { useAdminT } from '../../i18n/I18nProvider';

/** Canned responses: texts agents insert in the compose box by typing `/` and a word or `#tag`. */
export function CannedResponsesAdmin() {
  const a = useAdminT();
  const { items, error, reload } = useList<CannedResponse>('/api/admin/canned-responses');
  return (
    <CrudSection
      id="canned"
      title={a.cannedTitle}
      addLabel={a.addCanned}
      intro={a.cannedIntro}
      items={items}
      error={error}
      reload={reload}
      emptyText={a.noCanned}
      labelOf={(item) => item.title}
      columns={[
        { header: a.title, rowHeader: true, cell: (item) => <NameWithId name={item.title} id={item.id} /> },
        { header: a.language, cell: (item) => (item.language ? languageName(item.language) : a.anyLanguageShort) },
        { header: a.tags, cell: (item) => (item.tags.length ? item.tags.map((tag) => `#${tag}`).join(' ') : '—') },
        { header: a.text, className: 'canned-text-cell', cell: (item) => item.text },
      ]}
      deletion={{
        title: (item) => a.deleteCannedTitle(item.title),
        confirmLabel: a.deleteCanned,
        note: a.deleteCannedNote,
        path: (item) => `/api/admin/canned-responses/${encodeURIComponent(item.id)}`,
      }}
      renderEditor={(item, done) => <CannedResponseDialog item={item} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function CannedResponseDialog(props: { item: CannedResponse | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const a = useAdminT();
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
    <Dialog title={existing ? a.editItem(existing.title) : a.addACanned} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="canned-id">{a.id}</label>
            <input id="canned-id" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder={a.cannedIdPlaceholder} />
          </>
        )}
        <label for="canned-title-field">{a.title}</label>
        <input id="canned-title-field" required maxLength={100} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        <label for="canned-text">{a.text}</label>
        <textarea id="canned-text" required rows={5} maxLength={5000} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        <label for="canned-language">{a.language}</label>
        <select id="canned-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language | '')}>
          <option value="">{a.anyLanguage}</option>
          {LANGUAGES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {languageName(candidate)}
            </option>
          ))}
        </select>
        <label for="canned-tags">{a.tagsCommaSeparated}</label>
        <input id="canned-tags" value={tags} onInput={(event) => setTags(event.currentTarget.value)} placeholder={a.cannedTagsPlaceholder} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addCanned} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
