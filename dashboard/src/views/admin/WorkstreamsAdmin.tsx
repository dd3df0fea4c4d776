import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type Language, type Workstream } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';

const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

/** Workstreams: a language's handoff settings (survey, attachments, whose automated messages). */
export function WorkstreamsAdmin() {
  const { items, error, reload } = useList<Workstream>('/api/admin/workstreams');
  const [editing, setEditing] = useState<Workstream | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<Workstream | undefined>(undefined);
  return (
    <section aria-labelledby="workstreams-title">
      <div class="section-head">
        <h2 id="workstreams-title">Workstreams</h2>
        <button type="button" onClick={() => setEditing('new')}>
          Add workstream
        </button>
      </div>
      <p class="muted">Without a workstream for a language, the defaults apply: survey on, attachments allowed both ways.</p>
      <ErrorNote message={error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Workstream</th>
              <th scope="col">Language</th>
              <th scope="col">Survey</th>
              <th scope="col">Customer files</th>
              <th scope="col">Agent files</th>
              <th scope="col">Messages of</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  No workstream yet.
                </td>
              </tr>
            )}
            {items?.map((workstream) => (
              <tr key={workstream.id}>
                <th scope="row">
                  {workstream.name}
                  <div class="muted small-text mono">{workstream.id}</div>
                </th>
                <td>{workstream.language}</td>
                <td>{yesNo(workstream.surveyEnabled)}</td>
                <td>{yesNo(workstream.allowCustomerAttachments)}</td>
                <td>{yesNo(workstream.allowAgentAttachments)}</td>
                <td>{workstream.automatedMessagesWorkstreamId ?? 'its own'}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => setEditing(workstream)}>
                    Edit…
                  </button>
                  <button type="button" class="small danger" onClick={() => setDeleting(workstream)}>
                    Delete…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <WorkstreamDialog
          workstream={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the workstream “${deleting.name}”?`}
          confirmLabel="Delete workstream"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/workstreams/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>Conversations in its language use another workstream of that language, or the defaults.</p>
        </ConfirmDialog>
      )}
    </section>
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
