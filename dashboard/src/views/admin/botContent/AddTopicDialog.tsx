import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/Dialog';
import { ErrorNote } from '../../../components/ErrorNote';
import { TOPIC_ID_PATTERN } from './contentDraft';
import { FormActions } from '../../../components/FormActions';
import { useAdminT } from '../../../i18n/I18nProvider';

/** Asks for a new topic's id (fixed from then on) and skill. */
export function AddTopicDialog(props: { takenIds: readonly string[]; skillListId: string; defaultSkill: string; onAdd: (id: string, skill: string) => void; onClose: () => void }) {
  const a = useAdminT();
  const [id, setId] = useState('');
  const [skill, setSkill] = useState(props.defaultSkill);
  const [problem, setProblem] = useState<{ field: 'id' | 'skill'; message: string } | undefined>(undefined);
  const submit = (event: Event): void => {
    event.preventDefault();
    const newId = id.trim();
    const newSkill = skill.trim();
    if (!TOPIC_ID_PATTERN.test(newId)) setProblem({ field: 'id', message: a.topicIdRule });
    else if (props.takenIds.includes(newId)) setProblem({ field: 'id', message: a.topicIdTaken(newId) });
    else if (newSkill === '') setProblem({ field: 'skill', message: a.nameTheSkill });
    else props.onAdd(newId, newSkill);
  };
  const invalid = (field: 'id' | 'skill'): 'true' | undefined => (problem?.field === field ? 'true' : undefined);
  return (
    <Dialog title={a.addATopic} onClose={props.onClose}>
      <form class="stack" onSubmit={submit}>
        <label for="new-topic-id">{a.id}</label>
        <input id="new-topic-id" class="mono" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder={a.topicIdPlaceholder} aria-describedby="new-topic-id-help" aria-invalid={invalid('id')} />
        <span id="new-topic-id-help" class="muted small-text">
          {a.topicIdHelp}
        </span>
        <label for="new-topic-skill">{a.skill}</label>
        <input id="new-topic-skill" list={props.skillListId} required value={skill} onInput={(event) => setSkill(event.currentTarget.value)} aria-invalid={invalid('skill')} />
        <ErrorNote message={problem?.message} />
        <FormActions submitLabel={a.addTopic} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
