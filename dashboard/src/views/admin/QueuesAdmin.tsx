import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { OperatingHoursEditor } from '../../components/OperatingHoursEditor';
import { defaultTimeZone, draftProblems, hoursDraftOf, hoursOfDraft, isValidDraft } from '../../operatingHours';
import { hoursSummary } from '../../operatingHoursSummary';
import { LANGUAGES, type Language, type Queue } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection, NameWithId } from './CrudSection';

/** Queues: languages, priority, push or pick, operating hours and holidays. */
export function QueuesAdmin() {
  const { items, error, reload } = useList<Queue>('/api/admin/queues');
  return (
    <CrudSection
      id="queues"
      title="Queues"
      addLabel="Add queue"
      items={items}
      error={error}
      reload={reload}
      labelOf={(queue) => queue.name}
      columns={[
        { header: 'Queue', rowHeader: true, cell: (queue) => <NameWithId name={queue.name} id={queue.id} /> },
        { header: 'Languages', cell: (queue) => queue.languages.join(', ') },
        { header: 'Priority', numeric: true, cell: (queue) => queue.priority },
        { header: 'Distribution', cell: (queue) => (queue.distribution === 'push' ? 'Push (offered to agents)' : 'Pick (agents take)') },
        { header: 'Hours', cell: (queue) => hoursSummary(queue.hours) },
      ]}
      deletion={{
        title: (queue) => `Delete the queue “${queue.name}”?`,
        confirmLabel: 'Delete queue',
        note: 'A queue that routing rules or agents still use cannot be deleted; the server says which.',
        path: (queue) => `/api/admin/queues/${encodeURIComponent(queue.id)}`,
      }}
      renderEditor={(queue, done) => <QueueDialog queue={queue} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function QueueDialog(props: { queue: Queue | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.queue;
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [languages, setLanguages] = useState<Language[]>(existing ? [...existing.languages] : ['en']);
  const [priority, setPriority] = useState(String(existing?.priority ?? 0));
  const [distribution, setDistribution] = useState<'push' | 'pick'>(existing?.distribution ?? 'push');
  const [hours, setHours] = useState(() => hoursDraftOf(existing?.hours, defaultTimeZone()));
  const [triedToSave, setTriedToSave] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setTriedToSave(true);
    if (!isValidDraft(draftProblems(hours))) {
      setRefusals((count) => count + 1);
      return setError('Not saved: fix the operating hours marked above.');
    }
    const operatingHours = hoursOfDraft(hours);
    const body = { name: name.trim(), languages, priority: Number(priority), distribution, ...(operatingHours ? { hours: operatingHours } : {}) };
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
      <form ref={form} class="stack" onSubmit={(event) => void submit(event)}>
        <div class="form-grid">
          {!existing && (
            <div class="stack tight">
              <label for="queue-id">Id</label>
              <input id="queue-id" required pattern="[a-z0-9][a-z0-9\-]{0,62}" value={id} onInput={(event) => setId(event.currentTarget.value)} aria-describedby="queue-id-help" />
              <small id="queue-id-help" class="muted">
                Lower-case letters, digits and hyphens, e.g. <code>ja-billing</code>. It cannot change later.
              </small>
            </div>
          )}
          <div class="stack tight">
            <label for="queue-name">Name</label>
            <input id="queue-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
          </div>
          <div class="stack tight">
            <label for="queue-priority">Priority (higher is served first)</label>
            <input id="queue-priority" type="number" min={-1000} max={1000} required value={priority} onInput={(event) => setPriority(event.currentTarget.value)} />
          </div>
          <div class="stack tight">
            <label for="queue-distribution">Distribution</label>
            <select id="queue-distribution" value={distribution} onChange={(event) => setDistribution(event.currentTarget.value as 'push' | 'pick')}>
              <option value="push">Push: offered to an available agent</option>
              <option value="pick">Pick: agents take conversations themselves</option>
            </select>
          </div>
        </div>
        <Checkboxes legend="Languages served" name="queue-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        <OperatingHoursEditor value={hours} onChange={setHours} showIncomplete={triedToSave} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? 'Save' : 'Add queue'} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
