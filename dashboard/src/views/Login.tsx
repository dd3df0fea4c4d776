import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import type { LoginAnswer } from '../types';

/** Username and password; the server's own message when it refuses. */
export function Login(props: { notice: string | undefined; onSignedIn: (answer: LoginAnswer) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<LoginAnswer>('POST', '/api/auth/login', { username: username.trim(), password }, { anonymous: true });
      setPassword('');
      props.onSignedIn(answer);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <main class="login" id="main">
      <form class="card login-card" onSubmit={(event) => void submit(event)} method="post" aria-describedby={error ? 'login-error' : undefined}>
        <h1>Sign in</h1>
        <p class="muted">Customer service dashboard</p>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <label for="login-username">Username</label>
        <input id="login-username" name="username" autocomplete="username" required value={username} onInput={(event) => setUsername(event.currentTarget.value)} autoFocus />
        <label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        {error && (
          <p class="error" role="alert" id="login-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
