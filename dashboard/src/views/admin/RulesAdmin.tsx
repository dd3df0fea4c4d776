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
import { adminTexts } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';

function conditions(rule: RoutingRule): string {
  const when = rule.when;
  const a = adminTexts();
  const parts = [
    when.languages && a.whenLanguage(when.languages.join('/')),
    when.skills && a.whenSkill(when.skills.join('/')),
    when.topics && a.whenTopic(when.topics.join('/')),
    when.lineAccountIds && a.whenLineAccount(when.lineAccountIds.join('/')),
    when.customerTagsAny && a.whenTag(when.customerTagsAny.join('/')),
    when.hasLinkedContact !== undefined && (when.hasLinkedContact ? a.whenLinkedContact : a.whenNoLinkedContact),
    when.schedule && (when.schedule.inside ? a.whenWithin(hoursSummary(when.schedule.hours)) : a.whenOutside(hoursSummary(when.schedule.hours))),
  ].filter(Boolean);
  return parts.join(a.whenAnd) || a.always;
}

/** Routing rules, tried in order: the first that matches sends the conversation to its queue. */
export function RulesAdmin() {
  const a = useAdminT();
  const rules = useList<RoutingRule>('/api/admin/routing-rules');
  const queues = useList<Queue>('/api/admin/queues');
  const sorted = rules.items && [...rules.items].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const queueName = (id: string): string => queues.items?.find((queue) => queue.id === id)?.name ?? id;
  return (
    <CrudSection
      id="rules"
      title={a.rulesTitle}
      addLabel={a.addRule}
      intro={a.rulesIntro}
      items={sorted}
      error={rules.error ?? queues.error}
      reload={rules.reload}
      emptyText={a.noRule}
      labelOf={(rule) => rule.name}
      columns={[
        { header: a.order, numeric: true, cell: (rule) => rule.order },
        { header: a.rule, rowHeader: true, cell: (rule) => <NameWithId name={rule.name} id={rule.id} /> },
        { header: a.when, cell: conditions },
        { header: a.queue, cell: (rule) => queueName(rule.queueId) },
        { header: a.requiredSkills, cell: (rule) => rule.requiredSkills.join(', ') || '—' },
      ]}
      deletion={{
        title: (rule) => a.deleteRuleTitle(rule.name),
        confirmLabel: a.deleteRule,
        note: a.deleteRuleNote,
        path: (rule) => `/api/admin/routing-rules/${encodeURIComponent(rule.id)}`,
      }}
      renderEditor={(rule, done) => <RuleDialog rule={rule} queues={queues.items ?? []} onClose={done.close} onSaved={done.saved} />}
    />
  );
}

function RuleDialog(props: { rule: RoutingRule | undefined; queues: readonly Queue[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const a = useAdminT();
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
    if (!isValidDraft(draftProblems(schedule))) return setError(a.ruleHoursNotSaved);
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
      <input id={fieldId} value={value} onInput={(event) => set(event.currentTarget.value)} placeholder={placeholder ?? a.commaSeparatedAny} />
    </>
  );
  return (
    <Dialog title={existing ? a.editItem(existing.name) : a.addARule} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && text('rule-id', a.id, id, setId, a.ruleIdPlaceholder)}
        <label for="rule-name">{a.name}</label>
        <input id="rule-name" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <label for="rule-order">{a.order}</label>
        <input id="rule-order" type="number" min={0} required value={order} onInput={(event) => setOrder(event.currentTarget.value)} />
        <Checkboxes legend={a.whenLanguageIs} name="rule-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        {text('rule-skills', a.andSkillIs, skills, setSkills)}
        {text('rule-topics', a.andTopicIs, topics, setTopics)}
        {text('rule-accounts', a.andLineAccountIs, accounts, setAccounts)}
        {text('rule-tags', a.andCustomerTag, tags, setTags)}
        <label for="rule-contact">{a.andLinkedContact}</label>
        <select id="rule-contact" value={contact} onChange={(event) => setContact(event.currentTarget.value)}>
          <option value="">{a.doesNotMatter}</option>
          <option value="true">{a.isThere}</option>
          <option value="false">{a.isNotThere}</option>
        </select>
        <OperatingHoursEditor value={schedule} onChange={setSchedule} showIncomplete={triedToSave} legend={a.andTheTimeIs} modeLabels={[a.anyTime, a.onASchedule]} />
        {!schedule.alwaysOpen && (
          <>
            <label for="rule-inside">{a.ruleMatches}</label>
            <select id="rule-inside" value={String(inside)} onChange={(event) => setInside(event.currentTarget.value === 'true')}>
              <option value="true">{a.withinHours}</option>
              <option value="false">{a.outsideHours}</option>
            </select>
          </>
        )}
        <label for="rule-queue">{a.sendToQueue}</label>
        <select id="rule-queue" required value={queueId} onChange={(event) => setQueueId(event.currentTarget.value)}>
          {props.queues.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name} ({queue.id})
            </option>
          ))}
        </select>
        {text('rule-required', a.skillsAgentNeeds, requiredSkills, setRequiredSkills, a.commaSeparated)}
        <label for="rule-priority">{a.priorityEmptyQueue}</label>
        <input id="rule-priority" type="number" min={-1000} max={1000} value={priority} onInput={(event) => setPriority(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addRule} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
