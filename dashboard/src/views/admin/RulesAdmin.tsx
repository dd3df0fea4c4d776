import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { FormActions } from '../../components/FormActions';
import { OperatingHoursEditor } from '../../components/OperatingHoursEditor';
import { listOf } from '../../format';
import { defaultTimeZone, draftProblems, hoursDraftOf, hoursOfDraft, isValidDraft } from '../../operatingHours';
import { hoursSummary } from '../../operatingHoursSummary';
import { LANGUAGES, type Language, type Queue, type RoutingRule } from '../../types';
import { CrudSection, NameWithId } from './CrudSection';
import { useList } from './useList';

function conditions(rule: RoutingRule): string {
  const when = rule.when;
  const parts = [
    when.languages && `language ${when.languages.join('/')}`,
    when.skills && `skill ${when.skills.join('/')}`,
    when.topics && `topic ${when.topics.join('/')}`,
    when.lineAccountIds && `LINE account ${when.lineAccountIds.join('/')}`,
    when.customerTagsAny && `tag ${when.customerTagsAny.join('/')}`,
    when.hasLinkedContact !== undefined && (when.hasLinkedContact ? 'linked contact' : 'no linked contact'),
    when.schedule && `${when.schedule.inside ? 'within' : 'outside'} ${hoursSummary(when.schedule.hours)}`,
  ].filter(Boolean);
  return parts.join(' and ') || 'always';
}

/** Routing rules, tried in order: the first that matches sends the conversation to its queue. */
export function RulesAdmin() {
  const rules = useList<RoutingRule>('/api/admin/routing-rules');
  const queues = useList<Queue>('/api/admin/queues');
  const sorted = rules.items && [...rules.items].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const queueName = (id: string): string => queues.items?.find((queue) => queue.id === id)?.name ?? id;
  return (
    <CrudSection
      id="rules"
      title="Routing rules"
      addLabel="Add rule"
      intro="Rules are tried in ascending order; a conversation no rule matches goes to the fallback queue."
      items={sorted}
      error={rules.error ?? queues.error}
      reload={rules.reload}
      emptyText="No rule: every conversation goes to the fallback queue."
      labelOf={(rule) => rule.name}
      columns={[
        { header: 'Order', numeric: true, cell: (rule) => rule.order },
        { header: 'Rule', rowHeader: true, cell: (rule) => <NameWithId name={rule.name} id={rule.id} /> },
        { header: 'When', cell: conditions },
        { header: 'Queue', cell: (rule) => queueName(rule.queueId) },
        { header: 'Required skills', cell: (rule) => rule.requiredSkills.join(', ') || '—' },
      ]}
      deletion={{
        title: (rule) => `Delete the rule “${rule.name}”?`,
        confirmLabel: 'Delete rule',
        note: 'Conversations it matched go to the next matching rule, or the fallback queue.',
        path: (rule) => `/api/admin/routing-rules/${encodeURIComponent(rule.id)}`,
      }}
      renderEditor={(rule, done) => <RuleDialog rule={rule} queues={queues.items ?? []} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function RuleDialog(props: { rule: RoutingRule | undefined; queues: readonly Queue[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const existing = props.rule;
  const when = existing?.when ?? {};
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [order, setOrder] = useState(String(existing?.order ?? 10));
  const [languages, setLanguages] = useState<Language[]>(when.languages ? [...when.languages] : []);
  const [skills, setSkills] = useState((when.skills ?? []).join(', '));
  const [topics, setTopics] = useState((when.topics ?? []).join(', '));
  const [accounts, setAccounts] = useState((when.lineAccountIds ?? []).join(', '));
  const [tags, setTags] = useState((when.customerTagsAny ?? []).join(', '));
  const [contact, setContact] = useState(when.hasLinkedContact === undefined ? '' : String(when.hasLinkedContact));
  const [queueId, setQueueId] = useState(existing?.queueId ?? props.queues[0]?.id ?? '');
  const [requiredSkills, setRequiredSkills] = useState((existing?.requiredSkills ?? []).join(', '));
  const [priority, setPriority] = useState(existing?.priority === undefined ? '' : String(existing.priority));
  const [schedule, setSchedule] = useState(() => hoursDraftOf(when.schedule?.hours, defaultTimeZone()));
  const [inside, setInside] = useState(when.schedule?.inside ?? true);
  const [triedToSave, setTriedToSave] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setTriedToSave(true);
    if (!isValidDraft(draftProblems(schedule))) return setError('Not saved: fix the hours marked above.');
    const hours = hoursOfDraft(schedule);
    const list = (text: string): string[] | undefined => (listOf(text).length ? listOf(text) : undefined);
    const condition = {
      ...(languages.length ? { languages } : {}),
      ...(list(skills) ? { skills: list(skills) } : {}),
      ...(list(topics) ? { topics: list(topics) } : {}),
      ...(list(accounts) ? { lineAccountIds: list(accounts) } : {}),
      ...(list(tags) ? { customerTagsAny: list(tags) } : {}),
      ...(contact ? { hasLinkedContact: contact === 'true' } : {}),
      ...(hours ? { schedule: { hours, inside } } : {}),
    };
    const body = { name: name.trim(), order: Number(order), when: condition, queueId, requiredSkills: listOf(requiredSkills), ...(priority.trim() ? { priority: Number(priority) } : {}) };
    try {
      if (existing) await api('PUT', `/api/admin/routing-rules/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/routing-rules', { id: id.trim(), ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const text = (fieldId: string, label: string, value: string, set: (value: string) => void, placeholder?: string) => (
    <>
      <label for={fieldId}>{label}</label>
      <input id={fieldId} value={value} onInput={(event) => set(event.currentTarget.value)} placeholder={placeholder ?? 'comma-separated; empty = any'} />
    </>
  );
  return (
    <Dialog title={existing ? `Edit ${existing.name}` : 'Add a routing rule'} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && text('rule-id', 'Id', id, setId, 'e.g. japanese-billing')}
        <label for="rule-name">Name</label>
        <input id="rule-name" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <label for="rule-order">Order</label>
        <input id="rule-order" type="number" min={0} required value={order} onInput={(event) => setOrder(event.currentTarget.value)} />
        <Checkboxes legend="When the language is (none = any)" name="rule-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        {text('rule-skills', 'and the skill is one of', skills, setSkills)}
        {text('rule-topics', 'and the topic is one of', topics, setTopics)}
        {text('rule-accounts', 'and the LINE account is one of', accounts, setAccounts)}
        {text('rule-tags', 'and the customer has a tag among', tags, setTags)}
        <label for="rule-contact">and a linked contact</label>
        <select id="rule-contact" value={contact} onChange={(event) => setContact(event.currentTarget.value)}>
          <option value="">does not matter</option>
          <option value="true">is there</option>
          <option value="false">is not there</option>
        </select>
        <OperatingHoursEditor value={schedule} onChange={setSchedule} showIncomplete={triedToSave} legend="and the time is" modeLabels={['any time', 'on a schedule']} />
        {!schedule.alwaysOpen && (
          <>
            <label for="rule-inside">The rule matches</label>
            <select id="rule-inside" value={String(inside)} onChange={(event) => setInside(event.currentTarget.value === 'true')}>
              <option value="true">within these hours</option>
              <option value="false">outside these hours (e.g. an after-hours queue)</option>
            </select>
          </>
        )}
        <label for="rule-queue">Send to queue</label>
        <select id="rule-queue" required value={queueId} onChange={(event) => setQueueId(event.currentTarget.value)}>
          {props.queues.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name} ({queue.id})
            </option>
          ))}
        </select>
        {text('rule-required', 'Skills the agent needs', requiredSkills, setRequiredSkills, 'comma-separated')}
        <label for="rule-priority">Priority (empty = the queue's)</label>
        <input id="rule-priority" type="number" min={-1000} max={1000} value={priority} onInput={(event) => setPriority(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? 'Save' : 'Add rule'} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
