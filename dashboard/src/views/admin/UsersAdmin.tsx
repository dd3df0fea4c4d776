import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useDashboard } from '../../context';
import { ROLES, type Role, type User } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** The people who sign in: roles, display name, disabled, password. */
export function UsersAdmin() {
  const { session } = useDashboard();
  const { items, error, reload } = useList<User>('/api/admin/users');
  const [editing, setEditing] = useState<User | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<User | undefined>(undefined);
  return (
    <section aria-labelledby="users-title">
      <div class="section-head">
        <h2 id="users-title">Users</h2>
        <button type="button" onClick={() => setEditing('new')}>
          Add user
        </button>
      </div>
      <p class="muted">Agents answer customers; supervisors also watch queues and read transcripts; admins manage everything. An agent also needs an agent profile (Agents).</p>
      <ErrorNote message={error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Display name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items?.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  {user.username}
                  <div class="muted small-text mono">{user.id}</div>
                </th>
                <td>{user.displayName}</td>
                <td>{user.roles.join(', ')}</td>
                <td>{user.disabled ? <span class="pill closed">Disabled</span> : <span class="pill ok">Active</span>}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => setEditing(user)}>
                    Edit…
                  </button>
                  {user.id !== session.user.id && (
                    <button type="button" class="small danger" onClick={() => setDeleting(user)}>
                      Delete…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <UserDialog
          user={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the user ${deleting.username}?`}
          confirmLabel="Delete user"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/users/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>Their sessions end at once. Their agent profile, if any, stays until you delete it under Agents.</p>
        </ConfirmDialog>
      )}
    </section>
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
