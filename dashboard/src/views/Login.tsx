import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { LoginAnswer } from '../types';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { useT } from '../i18n/I18nProvider';
import { FirstAdminSetupForm } from './FirstAdminSetupForm';
import { useSignInRequest } from './useSignInRequest';

/**
 * Username and password; the server's own message when it refuses. On a server without an administrator yet, a way
 * to the form that creates the first one.
 */
export function Login(props: { notice: string | undefined; onSignedIn: (answer: LoginAnswer) => void }) {
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [settingUp, setSettingUp] = useState(false);
  useEffect(() => {
    api<{ needed: boolean }>('GET', '/api/auth/setup', undefined, { anonymous: true }).then(
      (answer) => setSetupNeeded(answer.needed),
      // Signing in stays possible when the question cannot be answered.
      () => undefined,
    );
  }, []);
  if (settingUp) return <FirstAdminSetupForm onSignedIn={props.onSignedIn} onCancel={() => setSettingUp(false)} />;
  return <SignInForm {...props} onSetUp={setupNeeded ? () => setSettingUp(true) : undefined} />;
}

function SignInForm(props: { notice: string | undefined; onSignedIn: (answer: LoginAnswer) => void; onSetUp: (() => void) | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, send } = useSignInRequest(props.onSignedIn);
  const t = useT();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (await send('/api/auth/login', { username: username.trim(), password })) setPassword('');
  };

  return (
    <main class="login" id="main">
      <div class="login-language">
        <LanguageSwitcher />
      </div>
      <form class="card login-card" onSubmit={(event) => void submit(event)} method="post" aria-describedby={error ? 'login-error' : undefined}>
        <h1>{t.signInTitle}</h1>
        <p class="muted">{t.documentTitle}</p>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <label for="login-username">{t.username}</label>
        <input id="login-username" name="username" autocomplete="username" required value={username} onInput={(event) => setUsername(event.currentTarget.value)} autoFocus />
        <label for="login-password">{t.password}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        {error && (
          <p class="error" role="alert" id="login-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t.signingIn : t.signInButton}
        </button>
        {props.onSetUp && (
          <div class="notice setup-offer">
            <p>{t.noAdministratorYet}</p>
            <button type="button" class="secondary" onClick={props.onSetUp}>
              {t.createTheAdministrator}
            </button>
          </div>
        )}
      </form>
    </main>
  );
}
