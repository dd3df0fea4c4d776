import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { FormActions } from '../../components/FormActions';
import { useAdminT } from '../../i18n/I18nProvider';
import { LANGUAGES, type ChannelAccount } from '../../types';

/**
 * Edits a LINE account: its name and default language, and — left empty to keep them — a new channel secret and a new
 * channel access token. The server checks a new token with LINE (`GET /v2/bot/info`) before saving anything; a token
 * LINE refuses is not saved and its field is marked.
 */
export function EditChannelDialog(props: { account: ChannelAccount; onClose: () => void; onSaved: (message: string) => Promise<void> }) {
  const { account } = props;
  const a = useAdminT();
  const [name, setName] = useState(account.name);
  const [defaultLanguage, setDefaultLanguage] = useState(account.defaultLanguage);
  const [channelSecret, setChannelSecret] = useState('');
  const [channelAccessToken, setChannelAccessToken] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const patch = {
      ...(name.trim() !== account.name ? { name: name.trim() } : {}),
      ...(defaultLanguage !== account.defaultLanguage ? { defaultLanguage } : {}),
      ...(channelSecret.trim() ? { channelSecret: channelSecret.trim() } : {}),
      ...(channelAccessToken.trim() ? { channelAccessToken: channelAccessToken.trim() } : {}),
    };
    try {
      if (Object.keys(patch).length > 0) await api('PATCH', `/api/admin/channels/line/${encodeURIComponent(account.id)}`, patch);
      await props.onSaved(channelAccessToken.trim() ? a.lineAccountTokenRotated(name.trim()) : a.lineAccountSaved(name.trim()));
    } catch (caught) {
      setError({ message: errorMessage(caught), ...(caught instanceof ApiError && caught.field ? { field: caught.field } : {}) });
      setBusy(false);
    }
  };
  const invalid = (field: string): { 'aria-invalid'?: 'true' } => (error?.field === field ? { 'aria-invalid': 'true' } : {});
  const message = error?.field === 'channelAccessToken' ? a.lineAccountTokenRefused(error.message) : error?.message;

  return (
    <Dialog title={a.lineAccountEditTitle(account.name)} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        <label for="edit-channel-name">{a.nameShownToAgents}</label>
        <input id="edit-channel-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} {...invalid('name')} />
        <label for="edit-channel-language">{a.defaultLanguage}</label>
        <select id="edit-channel-language" value={defaultLanguage} onChange={(event) => setDefaultLanguage(event.currentTarget.value)}>
          {[...new Set([account.defaultLanguage, ...LANGUAGES])].map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
        <label for="edit-channel-secret">{a.lineAccountNewSecret}</label>
        <input id="edit-channel-secret" type="password" value={channelSecret} onInput={(event) => setChannelSecret(event.currentTarget.value)} aria-describedby="edit-channel-keep" {...invalid('channelSecret')} autocomplete="off" />
        <label for="edit-channel-token">{a.lineAccountNewToken}</label>
        <textarea id="edit-channel-token" rows={3} value={channelAccessToken} onInput={(event) => setChannelAccessToken(event.currentTarget.value)} aria-describedby="edit-channel-keep" {...invalid('channelAccessToken')} autocomplete="off" spellcheck={false} />
        <small id="edit-channel-keep" class="muted">
          {a.lineAccountKeepHelp(account.accessTokenLast4 ? `…${account.accessTokenLast4}` : '—')}
        </small>
        <ErrorNote message={message} />
        <FormActions submitLabel={a.lineAccountSave} busy={busy} busyLabel={a.checkingWithLine} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
