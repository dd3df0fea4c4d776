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
import { adminTexts } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';

/** Queues: languages, priority, push or pick, operating hours and holidays. */
export function QueuesAdmin() {
  const { items, error, reload } = useList<Queue>('/api/admin/queues');
  const a = useAdminT();
  return (
    <CrudSection
      id="queues"
      title={a.queuesTitle}
      addLabel={a.addQueue}
      items={items}
      error={error}
      reload={reload}
      labelOf={(queue) => queue.name}
      columns={[
        { header: a.queue, rowHeader: true, cell: (queue) => <NameWithId name={queue.name} id={queue.id} /> },
        { header: a.languages, cell: (queue) => queue.languages.join(', ') },
        { header: a.priority, numeric: true, cell: (queue) => queue.priority },
        { header: a.distribution, cell: (queue) => (queue.distribution === 'push' ? a.distributionPushShort : a.distributionPickShort) },
        { header: a.hours, cell: (queue) => hoursSummary(queue.hours) },
      ]}
      deletion={{
        title: (queue) => a.deleteQueueTitle(queue.name),
        confirmLabel: a.deleteQueue,
        note: a.deleteQueueNote,
        path: (queue) => `/api/admin/queues/${encodeURIComponent(queue.id)}`,
      }}
      renderEditor={(queue, done) => <QueueDialog queue={queue} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function QueueDialog(props: { queue: Queue | undefined; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.queue;
  const a = useAdminT();
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
      return setError(adminTexts().hoursNotSaved);
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
    <Dialog title={existing ? a.editItem(existing.name) : a.addAQueue} onClose={props.onClose} wide>
      <form ref={form} class="stack" onSubmit={(event) => void submit(event)}>
        <div class="form-grid">
          {!existing && (
            <div class="stack tight">
              <label for="queue-id">{a.id}</label>
              <input id="queue-id" required pattern="[a-z0-9][a-z0-9\-]{0,62}" value={id} onInput={(event) => setId(event.currentTarget.value)} aria-describedby="queue-id-help" />
              <small id="queue-id-help" class="muted">
                {a.queueIdHelpBefore}
                <code>ja-billing</code>
                {a.queueIdHelpAfter}
              </small>
            </div>
          )}
          <div class="stack tight">
            <label for="queue-name">{a.name}</label>
            <input id="queue-name" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
          </div>
          <div class="stack tight">
            <label for="queue-priority">{a.priorityHigherFirst}</label>
            <input id="queue-priority" type="number" min={-1000} max={1000} required value={priority} onInput={(event) => setPriority(event.currentTarget.value)} />
          </div>
          <div class="stack tight">
            <label for="queue-distribution">{a.distribution}</label>
            <select id="queue-distribution" value={distribution} onChange={(event) => setDistribution(event.currentTarget.value as 'push' | 'pick')}>
              <option value="push">{a.distributionPush}</option>
              <option value="pick">{a.distributionPick}</option>
            </select>
          </div>
        </div>
        <Checkboxes legend={a.languagesServed} name="queue-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        <OperatingHoursEditor value={hours} onChange={setHours} showIncomplete={triedToSave} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addQueue} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
