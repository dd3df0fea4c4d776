import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type ChannelAccount } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';

interface Added {
  readonly id: string;
  readonly callbackUrl: string;
  readonly bot?: { readonly displayName?: string; readonly basicId?: string };
}

/** LINE channel accounts: list, add (with where each credential lives in the LINE Developers console), enable, delete. */
export function ChannelsAdmin() {
  const { items, error, reload } = useList<ChannelAccount>('/api/admin/channels/line');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<Added | undefined>(undefined);
  const [deleting, setDeleting] = useState<ChannelAccount | undefined>(undefined);
  const [rowError, setRowError] = useState<string | undefined>(undefined);

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
        <h2 id="channels-title">LINE accounts</h2>
        <button type="button" onClick={() => setAdding(true)}>
          Add LINE account
        </button>
      </div>
      <p class="muted">Each LINE Official Account (Messaging API channel) gets its own callback URL. Secrets are stored encrypted and never shown again.</p>
      {added && <AddedNotice added={added} onDismiss={() => setAdded(undefined)} />}
      <ErrorNote message={error ?? rowError} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="channels-title">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Channel ID</th>
              <th scope="col">Token</th>
              <th scope="col">Language</th>
              <th scope="col">Status</th>
              <th scope="col">Callback URL</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  No LINE account yet.
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
                <td>{account.enabled ? <span class="pill ok">Enabled</span> : <span class="pill closed">Disabled</span>}</td>
                <td>
                  <CopyField id={`callback-${account.id}`} label={`Callback URL of ${account.name}`} value={account.callbackUrl} />
                </td>
                <td class="actions-cell">
                  {account.origin === 'admin' ? (
                    <>
                      <button type="button" class="small secondary" onClick={() => void setEnabled(account, !account.enabled)}>
                        {account.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" class="small danger" onClick={() => setDeleting(account)}>
                        Delete…
                      </button>
                    </>
                  ) : (
                    <span class="muted small-text">From the server's environment</span>
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
      {deleting && (
        <ConfirmDialog
          title={`Delete the LINE account “${deleting.name}”?`}
          confirmLabel="Delete account"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/channels/line/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>Its callback URL stops working at once (LINE's webhooks to it get 404). Its transcripts are kept.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddedNotice(props: { added: Added; onDismiss: () => void }) {
  return (
    <div class="card success-card" role="status" aria-labelledby="added-title">
      <h3 id="added-title">LINE account added{props.added.bot?.displayName ? `: ${props.added.bot.displayName}` : ''}</h3>
      <CopyField id="added-callback" label="Callback URL (Webhook URL)" value={props.added.callbackUrl} />
      <ol class="steps">
        <li>
          In the LINE Developers console, open the channel's <strong>Messaging API</strong> tab.
        </li>
        <li>
          Under <strong>Webhook settings</strong>, paste this URL as the <strong>Webhook URL</strong> and press <strong>Verify</strong>.
        </li>
        <li>
          Turn on <strong>Use webhook</strong> (and <strong>Webhook redelivery</strong>).
        </li>
        <li>In the LINE Official Account Manager, turn off the account's own auto-reply and greeting messages, so customers do not get two answers.</li>
      </ol>
      <button type="button" class="secondary small" onClick={props.onDismiss}>
        Done
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
    <Dialog title="Add a LINE account" onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        <p class="muted">
          Open the <a href="https://developers.line.biz/console/" target="_blank" rel="noopener noreferrer">LINE Developers console</a>, pick the provider and the
          Messaging API channel of your LINE Official Account, and copy these three values. The access token is checked with LINE before the account is saved.
        </p>
        <label for="channel-name">Name (shown to agents)</label>
        <input id="channel-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} {...invalid('name')} placeholder="Acme Support" />
        <label for="channel-id">Channel ID</label>
        <input id="channel-id" required inputMode="numeric" pattern="[0-9]{1,20}" value={channelId} onInput={(event) => setChannelId(event.currentTarget.value)} aria-describedby="channel-id-help" {...invalid('channelId')} autocomplete="off" />
        <small id="channel-id-help" class="muted">
          <strong>Basic settings</strong> tab → <strong>Channel ID</strong> (digits only).
        </small>
        <label for="channel-secret">Channel secret</label>
        <input id="channel-secret" required type="password" value={channelSecret} onInput={(event) => setChannelSecret(event.currentTarget.value)} aria-describedby="channel-secret-help" {...invalid('channelSecret')} autocomplete="off" />
        <small id="channel-secret-help" class="muted">
          <strong>Basic settings</strong> tab → <strong>Channel secret</strong> (32 hexadecimal characters).
        </small>
        <label for="channel-token">Channel access token (long-lived)</label>
        <textarea id="channel-token" required rows={3} value={channelAccessToken} onInput={(event) => setChannelAccessToken(event.currentTarget.value)} aria-describedby="channel-token-help" {...invalid('channelAccessToken')} autocomplete="off" spellcheck={false} />
        <small id="channel-token-help" class="muted">
          <strong>Messaging API</strong> tab → <strong>Channel access token (long-lived)</strong> → <strong>Issue</strong>, then copy it.
        </small>
        <label for="channel-language">Default language</label>
        <select id="channel-language" value={defaultLanguage} onChange={(event) => setDefaultLanguage(event.currentTarget.value)}>
          <option value="">Server default</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
        <ErrorNote message={error?.message} />
        <FormActions submitLabel="Add account" busy={busy} busyLabel="Checking with LINE…" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
