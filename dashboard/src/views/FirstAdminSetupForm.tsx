import { useState } from 'preact/hooks';
import type { LoginAnswer } from '../types';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { useT } from '../i18n/I18nProvider';
import { useSignInRequest } from './useSignInRequest';

/** Shortest password the server accepts. */
const MIN_PASSWORD_LENGTH = 12;

/**
 * The first start: no administrator exists yet. The server printed a setup code in its log; with it, whoever runs
 * the server creates the first administrator here and is signed in.
 */
export function FirstAdminSetupForm(props: { onSignedIn: (answer: LoginAnswer) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const { busy, error, setError, send } = useSignInRequest(props.onSignedIn);
  const t = useT();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (password !== repeated) return setError(t.passwordsDiffer);
    await send('/api/auth/setup', { code: code.trim(), username: username.trim(), password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
  };

  return (
    <main class="login" id="main">
      <div class="login-language">
        <LanguageSwitcher />
      </div>
      <form class="card login-card" onSubmit={(event) => void submit(event)} method="post" aria-describedby={error ? 'setup-error' : 'setup-intro'}>
        <h1>{t.createTheAdministrator}</h1>
        <p class="muted" id="setup-intro">
          {t.setupIntroBefore}
          <strong>{t.setupCode}</strong>
          {t.setupIntroAfter}
        </p>
        <label for="setup-code">{t.setupCodeLabel}</label>
        <input id="setup-code" required autocomplete="off" spellcheck={false} class="mono" placeholder="XXXXX-XXXXX-XXXXX-XXXXX" value={code} onInput={(event) => setCode(event.currentTarget.value)} autoFocus />
        <label for="setup-username">{t.username}</label>
        <input id="setup-username" required autocomplete="username" pattern="[a-z0-9][a-z0-9._@\-]{0,63}" value={username} onInput={(event) => setUsername(event.currentTarget.value)} aria-describedby="setup-username-help" />
        <small id="setup-username-help" class="muted">
          {t.usernameHelp}
        </small>
        <label for="setup-display-name">{t.yourNameOptional}</label>
        <input id="setup-display-name" autocomplete="name" maxLength={100} value={displayName} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        <label for="setup-password">{t.password}</label>
        <input id="setup-password" type="password" required minLength={MIN_PASSWORD_LENGTH} autocomplete="new-password" value={password} onInput={(event) => setPassword(event.currentTarget.value)} aria-describedby="setup-password-help" />
        <small id="setup-password-help" class="muted">
          {t.passwordHelp(MIN_PASSWORD_LENGTH)}
        </small>
        <label for="setup-password-again">{t.passwordAgain}</label>
        <input id="setup-password-again" type="password" required autocomplete="new-password" value={repeated} onInput={(event) => setRepeated(event.currentTarget.value)} />
        {error && (
          <p class="error" role="alert" id="setup-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t.creating : t.createAdministratorAndSignIn}
        </button>
        <button type="button" class="link-button" onClick={props.onCancel}>
          {t.backToSignIn}
        </button>
      </form>
    </main>
  );
}
