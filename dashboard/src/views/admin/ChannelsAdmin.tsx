import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type AddedChannelAccount, type ChannelAccount } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { RichText } from '../../components/RichText';
import { useAdminT } from '../../i18n/I18nProvider';
import { EditChannelDialog } from './EditChannelDialog';

type Added = AddedChannelAccount;

/** LINE channel accounts: list, add (with where each credential lives in the LINE Developers console), edit (rename, new secret or token), enable, delete. */
export function ChannelsAdmin() {
  const { items, error, reload } = useList<ChannelAccount>('/api/admin/channels/line');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<Added | undefined>(undefined);
  const [deleting, setDeleting] = useState<ChannelAccount | undefined>(undefined);
  const [editing, setEditing] = useState<ChannelAccount | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [rowError, setRowError] = useState<string | undefined>(undefined);
  const a = useAdminT();

  const setEnabled = async (account: ChannelAccount, enabled: boolean): Promise<void> => {
    setRowError(undefined);
    try {
      await api('PATCH', `/api/admin/channels/line/${encodeURIComponent(account.id)}`, { enabled });
      await reload();
    } catch (caught) {
      setRowError(errorMessage(caught));
    }
  };

  return (
    <section aria-labelledby="channels-title">
      <div class="section-head">
        <h2 id="channels-title">{a.channelsTitle}</h2>
        <button type="button" onClick={() => setAdding(true)}>
          {a.addLineAccount}
        </button>
      </div>
      <p class="muted">{a.channelsIntro}</p>
      {added && <AddedNotice added={added} onDismiss={() => setAdded(undefined)} />}
      <ErrorNote message={error ?? rowError} />
      {notice && (
        <p role="status" class="muted">
          {notice}
        </p>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="channels-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{a.name}</th>
              <th scope="col">{a.channelId}</th>
              <th scope="col">{a.token}</th>
              <th scope="col">{a.language}</th>
              <th scope="col">{a.status}</th>
              <th scope="col">{a.callbackUrl}</th>
              <th scope="col">{a.actions}</th>
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  {a.noLineAccountYet}
                </td>
              </tr>
            )}
            {items?.map((account) => (
              <tr key={account.id}>
                <th scope="row">
                  {account.name}
                  <div class="muted small-text mono">{account.id}</div>
                </th>
                <td class="mono">{account.channelId ?? '—'}</td>
                <td class="mono">{account.accessTokenLast4 ? `…${account.accessTokenLast4}` : '—'}</td>
                <td>{account.defaultLanguage}</td>
                <td>{account.enabled ? <span class="pill ok">{a.enabled}</span> : <span class="pill closed">{a.disabled}</span>}</td>
                <td>
                  <CopyField id={`callback-${account.id}`} label={a.callbackUrlOf(account.name)} value={account.callbackUrl} />
                </td>
                <td class="actions-cell">
                  {account.origin === 'admin' ? (
                    <>
                      <button type="button" class="small secondary" aria-label={a.lineAccountEditTitle(account.name)} onClick={() => setEditing(account)}>
                        {a.lineAccountEdit}
                      </button>
                      <button type="button" class="small secondary" onClick={() => void setEnabled(account, !account.enabled)}>
                        {account.enabled ? a.disable : a.enable}
                      </button>
                      <button type="button" class="small danger" onClick={() => setDeleting(account)}>
                        {a.deleteEllipsis}
                      </button>
                    </>
                  ) : (
                    <span class="muted small-text">{a.fromEnvironment}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {adding && (
        <AddChannelDialog
          onClose={() => setAdding(false)}
          onAdded={async (answer) => {
            setAdding(false);
            setAdded(answer);
            await reload();
          }}
        />
      )}
      {editing && (
        <EditChannelDialog
          account={editing}
          onClose={() => setEditing(undefined)}
          onSaved={async (message) => {
            setEditing(undefined);
            setNotice(message);
            await reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={a.deleteAccountTitle(deleting.name)}
          confirmLabel={a.deleteAccount}
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/channels/line/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>{a.deleteAccountNote}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddedNotice(props: { added: Added; onDismiss: () => void }) {
  const a = useAdminT();
  return (
    <div class="card success-card" role="status" aria-labelledby="added-title">
      <h3 id="added-title">{a.accountAdded(props.added.bot?.displayName || undefined)}</h3>
      <CopyField id="added-callback" label={a.callbackWebhookUrl} value={props.added.callbackUrl} />
      <ol class="steps">
        <li>
          <RichText text={a.stepOpenMessagingApi} />
        </li>
        <li>
          <RichText text={a.stepPasteWebhook} />
        </li>
        <li>
          <RichText text={a.stepUseWebhook} />
        </li>
        <li>{a.stepAutoReplyOff}</li>
      </ol>
      <button type="button" class="secondary small" onClick={props.onDismiss}>
        {a.done}
      </button>
    </div>
  );
}

function AddChannelDialog(props: { onClose: () => void; onAdded: (answer: Added) => Promise<void> }) {
  const [name, setName] = useState('');
  const [channelId, setChannelId] = useState('');
  const [channelSecret, setChannelSecret] = useState('');
  const [channelAccessToken, setChannelAccessToken] = useState('');
  const [defaultLanguage, setDefaultLanguage] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const a = useAdminT();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<Added>('POST', '/api/admin/channels/line', {
        name: name.trim(),
        channelId: channelId.trim(),
        channelSecret: channelSecret.trim(),
        channelAccessToken: channelAccessToken.trim(),
        ...(defaultLanguage ? { defaultLanguage } : {}),
      });
      await props.onAdded(answer);
    } catch (caught) {
      setError({ message: errorMessage(caught), ...(caught instanceof ApiError && caught.field ? { field: caught.field } : {}) });
      setBusy(false);
    }
  };
  const invalid = (field: string): { 'aria-invalid'?: 'true' } => (error?.field === field ? { 'aria-invalid': 'true' } : {});

  return (
    <Dialog title={a.addALineAccount} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        <p class="muted">
          {a.consoleBefore}
          <a href="https://developers.line.biz/console/" target="_blank" rel="noopener noreferrer">
            {a.consoleLink}
          </a>
          {a.consoleAfter}
        </p>
        <label for="channel-name">{a.nameShownToAgents}</label>
        <input id="channel-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} {...invalid('name')} placeholder="Acme Support" />
        <label for="channel-id">{a.channelId}</label>
        <input id="channel-id" required inputMode="numeric" pattern="[0-9]{1,20}" value={channelId} onInput={(event) => setChannelId(event.currentTarget.value)} aria-describedby="channel-id-help" {...invalid('channelId')} autocomplete="off" />
        <small id="channel-id-help" class="muted">
          <RichText text={a.channelIdHelp} />
        </small>
        <label for="channel-secret">{a.channelSecret}</label>
        <input id="channel-secret" required type="password" value={channelSecret} onInput={(event) => setChannelSecret(event.currentTarget.value)} aria-describedby="channel-secret-help" {...invalid('channelSecret')} autocomplete="off" />
        <small id="channel-secret-help" class="muted">
          <RichText text={a.channelSecretHelp} />
        </small>
        <label for="channel-token">{a.channelToken}</label>
        <textarea id="channel-token" required rows={3} value={channelAccessToken} onInput={(event) => setChannelAccessToken(event.currentTarget.value)} aria-describedby="channel-token-help" {...invalid('channelAccessToken')} autocomplete="off" spellcheck={false} />
        <small id="channel-token-help" class="muted">
          <RichText text={a.channelTokenHelp} />
        </small>
        <label for="channel-language">{a.defaultLanguage}</label>
        <select id="channel-language" value={defaultLanguage} onChange={(event) => setDefaultLanguage(event.currentTarget.value)}>
          <option value="">{a.serverDefault}</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
        <ErrorNote message={error?.message} />
        <FormActions submitLabel={a.addAccount} busy={busy} busyLabel={a.checkingWithLine} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
