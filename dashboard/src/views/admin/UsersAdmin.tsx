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

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** The people who sign in: roles, display name, disabled, password. */
export function UsersAdmin() {
  const { session } = useDashboard();
  const { items, error, reload } = useList<User>('/api/admin/users');
  return (
    <CrudSection
      id="users"
      title="Users"
      addLabel="Add user"
      intro="Agents answer customers and see the contacts of the customers they serve or may take; with contacts, an agent reads every contact; supervisors also watch queues and read transcripts; admins manage everything. An agent also needs an agent profile (Agents)."
      items={items}
      error={error}
      reload={reload}
      labelOf={(user) => user.username}
      columns={[
        { header: 'Username', rowHeader: true, cell: (user) => <NameWithId name={user.username} id={user.id} /> },
        { header: 'Display name', cell: (user) => user.displayName },
        { header: 'Roles', cell: (user) => user.roles.join(', ') },
        { header: 'Status', cell: (user) => (user.disabled ? <span class="pill closed">Disabled</span> : <span class="pill ok">Active</span>) },
      ]}
      deletion={{
        title: (user) => `Delete the user ${user.username}?`,
        confirmLabel: 'Delete user',
        note: 'Their sessions end at once. Their agent profile, if any, stays until you delete it under Agents.',
        path: (user) => `/api/admin/users/${encodeURIComponent(user.id)}`,
        allowed: (user) => user.id !== session.user.id,
      }}
      renderEditor={(user, done) => <UserDialog user={user} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function UserDialog(props: { user: User | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
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
    <Dialog title={existing ? `Edit ${existing.username}` : 'Add a user'} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="user-username">Username</label>
            <input id="user-username" required autocomplete="off" value={username} onInput={(event) => setUsername(event.currentTarget.value)} />
          </>
        )}
        <label for="user-display">Display name</label>
        <input id="user-display" value={displayName} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        <Checkboxes legend="Roles" name="roles" options={ROLE_OPTIONS} selected={roles} onChange={setRoles} />
        <label for="user-password">{existing ? 'New password (leave empty to keep)' : 'Password (12 characters or more)'}</label>
        <input id="user-password" type="password" autocomplete="new-password" minLength={12} required={!existing} value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={disabled} onChange={(event) => setDisabled(event.currentTarget.checked)} /> Disabled (cannot sign in)
        </label>
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? 'Save' : 'Add user'} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
