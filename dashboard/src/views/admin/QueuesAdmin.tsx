import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { LANGUAGES, type Language, type OperatingHours, type Queue } from '../../types';
import { useList } from './useList';

const WEEKDAYS_9_TO_6: OperatingHours = { timeZone: 'Asia/Tokyo', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '18:00' })), holidays: [] };
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function hoursSummary(hours: OperatingHours | undefined): string {
  if (!hours) return 'Always open';
  const intervals = hours.weekly.map((interval) => `${DAY_NAMES[interval.day] ?? interval.day} ${interval.opens}–${interval.closes}`).join(', ');
  return `${intervals || 'Never'} (${hours.timeZone})${hours.holidays.length ? `, ${hours.holidays.length} holidays` : ''}`;
}

/** Queues: languages, priority, push or pick, operating hours and holidays. */
export function QueuesAdmin() {
  const { items, error, reload } = useList<Queue>('/api/admin/queues');
  const [editing, setEditing] = useState<Queue | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<Queue | undefined>(undefined);
  return (
    <section aria-labelledby="queues-admin-title">
      <div class="section-head">
        <h2 id="queues-admin-title">Queues</h2>
        <button type="button" onClick={() => setEditing('new')}>
          Add queue
        </button>
      </div>
      <ErrorNote message={error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Languages</th>
              <th scope="col" class="num">Priority</th>
              <th scope="col">Distribution</th>
              <th scope="col">Hours</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items?.map((queue) => (
              <tr key={queue.id}>
                <th scope="row">
                  {queue.name}
                  <div class="muted small-text mono">{queue.id}</div>
                </th>
                <td>{queue.languages.join(', ')}</td>
                <td class="num">{queue.priority}</td>
                <td>{queue.distribution === 'push' ? 'Push (offered to agents)' : 'Pick (agents take)'}</td>
                <td>{hoursSummary(queue.hours)}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => setEditing(queue)}>
                    Edit…
                  </button>
                  <button type="button" class="small danger" onClick={() => setDeleting(queue)}>
                    Delete…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <QueueDialog
          queue={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the queue “${deleting.name}”?`}
          confirmLabel="Delete queue"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/api/admin/queues/${encodeURIComponent(deleting.id)}`);
            await reload();
          }}
        >
          <p>A queue that routing rules or agents still use cannot be deleted; the server says which.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function QueueDialog(props: { queue: Queue | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.queue;
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [languages, setLanguages] = useState<Language[]>(existing ? [...existing.languages] : ['en']);
  const [priority, setPriority] = useState(String(existing?.priority ?? 0));
  const [distribution, setDistribution] = useState<'push' | 'pick'>(existing?.distribution ?? 'push');
  const [hours, setHours] = useState(existing?.hours ? JSON.stringify(existing.hours, null, 2) : '');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    let parsedHours: unknown;
    if (hours.trim()) {
      try {
        parsedHours = JSON.parse(hours);
      } catch {
        return setError('Operating hours: not valid JSON.');
      }
    }
    const body = { name: name.trim(), languages, priority: Number(priority), distribution, ...(parsedHours ? { hours: parsedHours } : {}) };
    try {
      if (existing) await api('PUT', `/api/admin/queues/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/queues', { id: id.trim(), ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? `Edit ${existing.name}` : 'Add a queue'} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="queue-id">Id</label>
            <input id="queue-id" required pattern="[a-z0-9][a-z0-9\-]{0,62}" value={id} onInput={(event) => setId(event.currentTarget.value)} aria-describedby="queue-id-help" />
            <small id="queue-id-help" class="muted">
              Lower-case letters, digits and hyphens, e.g. <code>ja-billing</code>. It cannot change later.
            </small>
          </>
        )}
        <label for="queue-name">Name</label>
        <input id="queue-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <Checkboxes legend="Languages served" name="queue-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        <label for="queue-priority">Priority (higher is served first)</label>
        <input id="queue-priority" type="number" min={-1000} max={1000} required value={priority} onInput={(event) => setPriority(event.currentTarget.value)} />
        <label for="queue-distribution">Distribution</label>
        <select id="queue-distribution" value={distribution} onChange={(event) => setDistribution(event.currentTarget.value as 'push' | 'pick')}>
          <option value="push">Push: offered to an available agent</option>
          <option value="pick">Pick: agents take conversations themselves</option>
        </select>
        <label for="queue-hours">Operating hours (JSON; empty = always open)</label>
        <textarea id="queue-hours" rows={6} class="mono" value={hours} onInput={(event) => setHours(event.currentTarget.value)} aria-describedby="queue-hours-help" spellcheck={false} />
        <small id="queue-hours-help" class="muted">
          <code>timeZone</code> (IANA), <code>weekly</code> intervals (<code>day</code> 0 = Sunday, <code>opens</code>/<code>closes</code> HH:MM), <code>holidays</code> (YYYY-MM-DD).{' '}
          <button type="button" class="link-button" onClick={() => setHours(JSON.stringify(WEEKDAYS_9_TO_6, null, 2))}>
            Fill in Mon–Fri 09:00–18:00
          </button>
        </small>
        <ErrorNote message={error} />
        <div class="actions">
          <button type="submit">{existing ? 'Save' : 'Add queue'}</button>
          <button type="button" class="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
