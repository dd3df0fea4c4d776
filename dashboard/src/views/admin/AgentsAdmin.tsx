import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { Checkboxes } from '../../components/Checkboxes';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { listOf } from '../../format';
import { LANGUAGES, type AgentProfile, type Language, type Queue, type User } from '../../types';
import { useList } from './useList';
import { FormActions } from '../../components/FormActions';
import { CrudSection } from './CrudSection';
import { useAdminT } from '../../i18n/I18nProvider';

/** Agent profiles: who takes conversations, in which languages and queues, with which skills and capacity. */
export function AgentsAdmin() {
  const a = useAdminT();
  const agents = useList<AgentProfile>('/api/admin/agents');
  const users = useList<User>('/api/admin/users');
  const queues = useList<Queue>('/api/admin/queues');
  const username = (id: string): string => users.items?.find((user) => user.id === id)?.username ?? id;
  return (
    <CrudSection
      id="agents"
      title={a.agentsTitle}
      addLabel={a.addAgentProfile}
      intro="A user takes conversations once they have an agent profile. Users are managed under Users."
      items={agents.items}
      error={agents.error ?? users.error ?? queues.error}
      reload={agents.reload}
      emptyText={a.noAgentProfile}
      labelOf={(agent) => agent.displayName}
      columns={[
        { header: a.agent, rowHeader: true, cell: (agent) => agent.displayName },
        { header: a.user, cell: (agent) => username(agent.id) },
        { header: a.languages, cell: (agent) => agent.languages.join(', ') },
        { header: a.skills, cell: (agent) => agent.skills.map((skill) => `${skill.name} (${skill.proficiency})`).join(', ') || '—' },
        { header: a.capacity, numeric: true, cell: (agent) => agent.capacity },
        { header: a.queues, cell: (agent) => agent.queueIds.join(', ') || '—' },
      ]}
      deletion={{
        title: (agent) => a.deleteAgentTitle(agent.displayName),
        confirmLabel: a.deleteProfile,
        note: a.deleteAgentNote,
        path: (agent) => `/api/admin/agents/${encodeURIComponent(agent.id)}`,
      }}
      renderEditor={(agent, done) => (
        <AgentDialog
          agent={agent}
          users={(users.items ?? []).filter((user) => agent !== undefined || !agents.items?.some((profile) => profile.id === user.id))}
          queues={queues.items ?? []}
          onClose={done.close}
          onSaved={done.saved}
        />
      )}
    />
  );
}

function AgentDialog(props: { agent: AgentProfile | undefined; users: readonly User[]; queues: readonly Queue[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const a = useAdminT();
  const existing = props.agent;
  const [userId, setUserId] = useState(existing?.id ?? props.users[0]?.id ?? '');
  const [displayName, setDisplayName] = useState(existing?.displayName ?? props.users[0]?.displayName ?? '');
  const [languages, setLanguages] = useState<Language[]>(existing ? [...existing.languages] : ['en']);
  const [skills, setSkills] = useState(existing ? existing.skills.map((skill) => `${skill.name}:${skill.proficiency}`).join(', ') : '');
  const [capacity, setCapacity] = useState(String(existing?.capacity ?? 2));
  const [queueIds, setQueueIds] = useState<string[]>(existing ? [...existing.queueIds] : []);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const parsedSkills = listOf(skills).map((entry) => {
      const [name = '', level] = entry.split(':').map((part) => part.trim());
      return { name, proficiency: level ? Number(level) : 3 };
    });
    const body = { displayName: displayName.trim(), languages, skills: parsedSkills, capacity: Number(capacity), queueIds };
    try {
      if (existing) await api('PUT', `/api/admin/agents/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/api/admin/agents', { id: userId, ...body });
      await props.onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={existing ? a.editItem(existing.displayName) : a.addAnAgentProfile} onClose={props.onClose} wide>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        {!existing && (
          <>
            <label for="agent-user">{a.user}</label>
            <select
              id="agent-user"
              required
              value={userId}
              onChange={(event) => {
                const id = event.currentTarget.value;
                setUserId(id);
                const user = props.users.find((candidate) => candidate.id === id);
                if (user && !displayName) setDisplayName(user.displayName);
              }}
            >
              {props.users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username} ({user.roles.join(', ')})
                </option>
              ))}
            </select>
          </>
        )}
        <label for="agent-name">{a.displayNameCustomersSee}</label>
        <input id="agent-name" required maxLength={100} value={displayName} onInput={(event) => setDisplayName(event.currentTarget.value)} />
        <Checkboxes legend={a.languages} name="agent-languages" options={LANGUAGES.map((language) => ({ value: language, label: language }))} selected={languages} onChange={setLanguages} />
        <label for="agent-skills">{a.skills}</label>
        <input id="agent-skills" value={skills} onInput={(event) => setSkills(event.currentTarget.value)} placeholder="billing:4, orders:3" aria-describedby="agent-skills-help" />
        <small id="agent-skills-help" class="muted">
          {a.skillsHelpBefore}
          <code>name:level</code>
          {a.skillsHelpAfter}
        </small>
        <label for="agent-capacity">{a.capacityAtOnce}</label>
        <input id="agent-capacity" type="number" min={1} max={50} required value={capacity} onInput={(event) => setCapacity(event.currentTarget.value)} />
        <Checkboxes legend={a.queues} name="agent-queues" options={props.queues.map((queue) => ({ value: queue.id, label: queue.name }))} selected={queueIds} onChange={setQueueIds} />
        <ErrorNote message={error} />
        <FormActions submitLabel={existing ? a.save : a.addProfile} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
