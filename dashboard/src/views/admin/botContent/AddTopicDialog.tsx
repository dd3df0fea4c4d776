import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/Dialog';
import { ErrorNote } from '../../../components/ErrorNote';
import { TOPIC_ID_PATTERN } from './contentDraft';
import { FormActions } from '../../../components/FormActions';

/** Asks for a new topic's id (fixed from then on) and skill. */
export function AddTopicDialog(props: { takenIds: readonly string[]; skillListId: string; defaultSkill: string; onAdd: (id: string, skill: string) => void; onClose: () => void }) {
  const [id, setId] = useState('');
  const [skill, setSkill] = useState(props.defaultSkill);
  const [problem, setProblem] = useState<{ field: 'id' | 'skill'; message: string } | undefined>(undefined);
  const submit = (event: Event): void => {
    event.preventDefault();
    const newId = id.trim();
    const newSkill = skill.trim();
    if (!TOPIC_ID_PATTERN.test(newId)) setProblem({ field: 'id', message: 'The id must be lower-case words joined by hyphens, e.g. gift-wrapping.' });
    else if (props.takenIds.includes(newId)) setProblem({ field: 'id', message: `A topic with the id ${newId} exists already.` });
    else if (newSkill === '') setProblem({ field: 'skill', message: 'Name the skill a person needs for this topic.' });
    else props.onAdd(newId, newSkill);
  };
  const invalid = (field: 'id' | 'skill'): 'true' | undefined => (problem?.field === field ? 'true' : undefined);
  return (
    <Dialog title="Add a topic" onClose={props.onClose}>
      <form class="stack" onSubmit={submit}>
        <label for="new-topic-id">Id</label>
        <input id="new-topic-id" class="mono" required value={id} onInput={(event) => setId(event.currentTarget.value)} placeholder="e.g. gift-wrapping" aria-describedby="new-topic-id-help" aria-invalid={invalid('id')} />
        <span id="new-topic-id-help" class="muted small-text">
          Lower-case words joined by hyphens. It cannot be changed later.
        </span>
        <label for="new-topic-skill">Skill</label>
        <input id="new-topic-skill" list={props.skillListId} required value={skill} onInput={(event) => setSkill(event.currentTarget.value)} aria-invalid={invalid('skill')} />
        <ErrorNote message={problem?.message} />
        <FormActions submitLabel="Add topic" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
