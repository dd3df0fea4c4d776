import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type Language, type Workstream } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

const DELETE_NOTE = 'Conversations in its language use another workstream of that language, or the defaults.';

/** Workstreams: a language's handoff settings (survey, attachments, whose automated messages). */
export function WorkstreamsAdmin() {
  const { items, error, reload } = useList<Workstream>('/api/admin/workstreams');
  return (
    <CrudSection
      id="workstreams"
      title="Workstreams"
      addLabel="Add workstream"
      intro="Without a workstream for a language, the defaults apply: survey on, attachments allowed both ways."
      items={items}
      error={error}
      reload={reload}
      emptyText="No workstream yet."
      labelOf={(workstream) => workstream.name}
      columns={[
        { header: 'Workstream', rowHeader: true, cell: (workstream) => <NameWithId name={workstream.name} id={workstream.id} /> },
        { header: 'Language', cell: (workstream) => workstream.language },
        { header: 'Survey', cell: (workstream) => yesNo(workstream.surveyEnabled) },
        { header: 'Customer files', cell: (workstream) => yesNo(workstream.allowCustomerAttachments) },
        { header: 'Agent files', cell: (workstream) => yesNo(workstream.allowAgentAttachments) },
        { header: 'Messages of', cell: (workstream) => workstream.automatedMessagesWorkstreamId ?? 'its own' },
      ]}
      deletion={{
        title: (workstream) => `Delete the workstream “${workstream.name}”?`,
        confirmLabel: 'Delete workstream',
        note: DELETE_NOTE,
        path: (workstream) => `/api/admin/workstreams/${encodeURIComponent(workstream.id)}`,
      }}
      renderEditor={(workstream, done) => <WorkstreamDialog workstream={workstream} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function WorkstreamDialog(props: { workstream: Workstream | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.workstream;
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [language, setLanguage] = useState<Language>(existing?.language ?? 'en');
  const [survey, setSurvey] = useState(existing?.surveyEnabled ?? true);
  const [customerFiles, setCustomerFiles] = useState(existing?.allowCustomerAttachments ?? true);
  const [agentFiles, setAgentFiles] = useState(existing?.allowAgentAttachments ?? true);
  const [messagesOf, setMessagesOf] = useState(existing?.automatedMessagesWorkstreamId ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const body = { name: name.trim(), language, surveyEnabled: survey, allowCustomerAttachments: customerFiles, allowAgentAttachments: agentFiles, ...(messagesOf.trim() ? { automatedMessagesWorkstreamId: messagesOf.trim() } : {}) };
    try {
      if (existing) await api('PUT', `/api/admin/workstreams/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/workstreams', { id: id.trim(), ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? `Edit ${existing.name}` : 'Add a workstream'} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="workstream-id">Id</label>
            <input id="workstream-id" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder="e.g. line-ja" />
          </>
        )}
        <label for="workstream-name">Name</label>
        <input id="workstream-name" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <label for="workstream-language">Language</label>
        <select id="workstream-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
          {LANGUAGES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={survey} onChange={(event) => setSurvey(event.currentTarget.checked)} /> Ask the survey after a conversation
        </label>
        <label class="check">
          <input type="checkbox" checked={customerFiles} onChange={(event) => setCustomerFiles(event.currentTarget.checked)} /> Customers may send files
        </label>
        <label class="check">
          <input type="checkbox" checked={agentFiles} onChange={(event) => setAgentFiles(event.currentTarget.checked)} /> Agents may send files
        </label>
        <label for="workstream-messages">Use the automated messages of workstream (empty = its own)</label>
        <input id="workstream-messages" value={messagesOf} onInput={(event) => setMessagesOf(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? 'Save' : 'Add workstream'} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
