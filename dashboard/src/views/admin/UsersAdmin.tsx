import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useDashboard } from '../../context';
import { ROLES, type Role, type User } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';
import { useAdminT } from '../../i18n/I18nProvider';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** The people who sign in: roles, display name, disabled, password. */
export function UsersAdmin() {
  const a = useAdminT();
  const { session } = useDashboard();
  const { items, error, reload } = useList<User>('/api/admin/users');
  return (
    <CrudSection
      id="users"
      title={a.usersTitle}
      addLabel={a.addUser}
      intro={a.usersIntro}
      items={items}
      error={error}
      reload={reload}
      labelOf={(user) => user.username}
      columns={[
        { header: a.username, rowHeader: true, cell: (user) => <NameWithId name={user.username} id={user.id} /> },
        { header: a.displayName, cell: (user) => user.displayName },
        { header: a.roles, cell: (user) => user.roles.join(', ') },
        { header: a.status, cell: (user) => (user.disabled ? <span class="pill closed">{a.disabled}</span> : <span class="pill ok">{a.active}</span>) },
      ]}
      deletion={{
        title: (user) => a.deleteUserTitle(user.username),
        confirmLabel: a.deleteUser,
        note: a.deleteUserNote,
        path: (user) => `/api/admin/users/${encodeURIComponent(user.id)}`,
        allowed: (user) => user.id !== session.user.id,
      }}
      renderEditor={(user, done) => <UserDialog user={user} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function UserDialog(props: { user: User | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const a = useAdminT();
  const existing = props.user;
  const [username, setUsername] = useState(existing?.username ?? '');
  const [displayName, setDisplayName] = useState(existing?.displayName ?? '');
  const [roles, setRoles] = useState<Role[]>(existing ? [...existing.roles] : ['agent']);
  const [disabled, setDisabled] = useState(existing?.disabled ?? false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      if (existing) {
        await api('PATCH', `/api/admin/users/${encodeURIComponent(existing.id)}`, { ...(displayName.trim() ? { displayName: displayName.trim() } : {}), roles, disabled, ...(password ? { password } : {}) });
      } else {
        await api('POST', '/api/admin/users', { username: username.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}), roles, password, disabled });
      }
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? a.editItem(existing.username) : a.addAUser} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="user-username">{a.username}</label>
            <input id="user-username" required autocomplete="off" value={username} onInput={(event) => setUsername(event.currentTarget.value)} />
          </>
        )}
        <label for="user-display">{a.displayName}</label>
        <input id="user-display" value={displayName} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        <Checkboxes legend={a.roles} name="roles" options={ROLE_OPTIONS} selected={roles} onChange={setRoles} />
        <label for="user-password">{existing ? a.newPasswordKeep : a.passwordMin(12)}</label>
        <input id="user-password" type="password" autocomplete="new-password" minLength={12} required={!existing} value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={disabled} onChange={(event) => setDisabled(event.currentTarget.checked)} /> {a.disabledCannotSignIn}
        </label>
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addUser} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
