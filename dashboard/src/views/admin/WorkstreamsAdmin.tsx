import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type ChannelAccount, type Language, type Workstream } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';
import { useAdminT } from '../../i18n/I18nProvider';
import { adminTexts } from '../../i18n/current';

const yesNo = (value: boolean): string => (value ? adminTexts().yes : adminTexts().no);


/** Workstreams: a language's handoff settings (survey, attachments, whose automated messages). */
export function WorkstreamsAdmin() {
  const a = useAdminT();
  const { items, error, reload } = useList<Workstream>('/api/admin/workstreams');
  const { items: accounts } = useList<ChannelAccount>('/api/admin/channels/line');
  const accountName = (id: string | undefined): string => (id === undefined ? a.workstreamAnyAccount : (accounts?.find((account) => account.id === id)?.name ?? id));
  return (
    <CrudSection
      id="workstreams"
      title={a.workstreamsTitle}
      addLabel={a.addWorkstream}
      intro={a.workstreamsIntro}
      items={items}
      error={error}
      reload={reload}
      emptyText={a.noWorkstream}
      labelOf={(workstream) => workstream.name}
      columns={[
        { header: a.workstream, rowHeader: true, cell: (workstream) => <NameWithId name={workstream.name} id={workstream.id} /> },
        { header: a.language, cell: (workstream) => workstream.language },
        { header: a.workstreamLineAccount, cell: (workstream) => accountName(workstream.lineAccountId) },
        { header: a.survey, cell: (workstream) => yesNo(workstream.surveyEnabled) },
        { header: a.customerFiles, cell: (workstream) => yesNo(workstream.allowCustomerAttachments) },
        { header: a.agentFiles, cell: (workstream) => yesNo(workstream.allowAgentAttachments) },
        { header: a.messagesOf, cell: (workstream) => workstream.automatedMessagesWorkstreamId ?? a.itsOwn },
      ]}
      deletion={{
        title: (workstream) => a.deleteWorkstreamTitle(workstream.name),
        confirmLabel: a.deleteWorkstream,
        note: a.deleteWorkstreamNote,
        path: (workstream) => `/api/admin/workstreams/${encodeURIComponent(workstream.id)}`,
      }}
      renderEditor={(workstream, done) => <WorkstreamDialog workstream={workstream} accounts={accounts ?? []} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function WorkstreamDialog(props: { workstream: Workstream | undefined; accounts: readonly ChannelAccount[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const a = useAdminT();
  const existing = props.workstream;
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [language, setLanguage] = useState<Language>(existing?.language ?? 'en');
  const [survey, setSurvey] = useState(existing?.surveyEnabled ?? true);
  const [customerFiles, setCustomerFiles] = useState(existing?.allowCustomerAttachments ?? true);
  const [agentFiles, setAgentFiles] = useState(existing?.allowAgentAttachments ?? true);
  const [messagesOf, setMessagesOf] = useState(existing?.automatedMessagesWorkstreamId ?? '');
  const [lineAccountId, setLineAccountId] = useState(existing?.lineAccountId ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const body = { name: name.trim(), language, surveyEnabled: survey, allowCustomerAttachments: customerFiles, allowAgentAttachments: agentFiles, ...(messagesOf.trim() ? { automatedMessagesWorkstreamId: messagesOf.trim() } : {}), ...(lineAccountId ? { lineAccountId } : {}) };
    try {
      if (existing) await api('PUT', `/api/admin/workstreams/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/workstreams', { id: id.trim(), ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? a.editItem(existing.name) : a.addAWorkstream} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="workstream-id">{a.id}</label>
            <input id="workstream-id" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder={a.workstreamIdPlaceholder} />
          </>
        )}
        <label for="workstream-name">{a.name}</label>
        <input id="workstream-name" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <label for="workstream-language">{a.language}</label>
        <select id="workstream-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
          {LANGUAGES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
        <label for="workstream-line-account">{a.workstreamLineAccount}</label>
        <select id="workstream-line-account" value={lineAccountId} onChange={(event) => setLineAccountId(event.currentTarget.value)} aria-describedby="workstream-line-account-help">
          <option value="">{a.workstreamAnyAccount}</option>
          {props.accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
        <small id="workstream-line-account-help" class="muted">
          {a.workstreamLineAccountHelp}
        </small>
        <label class="check">
          <input type="checkbox" checked={survey} onChange={(event) => setSurvey(event.currentTarget.checked)} /> {a.askSurvey}
        </label>
        <label class="check">
          <input type="checkbox" checked={customerFiles} onChange={(event) => setCustomerFiles(event.currentTarget.checked)} /> {a.customersMaySendFiles}
        </label>
        <label class="check">
          <input type="checkbox" checked={agentFiles} onChange={(event) => setAgentFiles(event.currentTarget.checked)} /> {a.agentsMaySendFiles}
        </label>
        <label for="workstream-messages">{a.useMessagesOf}</label>
        <input id="workstream-messages" value={messagesOf} onInput={(event) => setMessagesOf(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addWorkstream} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
