import type { AdminCatalogue } from '../i18n/admin/en';
import { useAdminT } from '../i18n/I18nProvider';
import { BASE, onLinkClick, segmentsOf } from '../router';
import { AgentsAdmin } from './admin/AgentsAdmin';
import { CannedResponsesAdmin } from './admin/CannedResponsesAdmin';
import { ChannelsAdmin } from './admin/ChannelsAdmin';
import { LineEventsAdmin } from './admin/LineEventsAdmin';
import { LineUsageAdmin } from './admin/LineUsageAdmin';
import { MessagesAdmin } from './admin/MessagesAdmin';
import { QueuesAdmin } from './admin/QueuesAdmin';
import { RulesAdmin } from './admin/RulesAdmin';
import { SelfServiceContentAdmin } from './admin/SelfServiceContentAdmin';
import { UsersAdmin } from './admin/UsersAdmin';
import { WorkstreamsAdmin } from './admin/WorkstreamsAdmin';

const SECTIONS = [
  { id: 'channels', label: 'navChannels' },
  { id: 'queues', label: 'navQueues' },
  { id: 'rules', label: 'navRules' },
  { id: 'agents', label: 'navAgents' },
  { id: 'users', label: 'navUsers' },
  { id: 'workstreams', label: 'navWorkstreams' },
  { id: 'messages', label: 'navMessages' },
  { id: 'canned', label: 'navCanned' },
  { id: 'content', label: 'navContent' },
  { id: 'line-events', label: 'navLineEvents' },
  { id: 'line-usage', label: 'navLineUsage' },
] as const satisfies readonly { id: string; label: keyof AdminCatalogue }[];

/** Administration: LINE channel accounts, routing configuration, people, automated messages, the bot's content, LINE dead letters, the LINE push meter. */
export function AdminView(props: { route: string }) {
  const [, requested] = segmentsOf(props.route);
  const a = useAdminT();
  const section = SECTIONS.find((candidate) => candidate.id === requested)?.id ?? 'channels';
  return (
    <div class="admin">
      <nav class="subnav" aria-label={a.administration}>
        <ul>
          {SECTIONS.map((candidate) => (
            <li key={candidate.id}>
              <a href={`${BASE}/admin/${candidate.id}`} onClick={onLinkClick} aria-current={candidate.id === section ? 'page' : undefined}>
                {a[candidate.label]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-body pad">
        {section === 'channels' && <ChannelsAdmin />}
        {section === 'queues' && <QueuesAdmin />}
        {section === 'rules' && <RulesAdmin />}
        {section === 'agents' && <AgentsAdmin />}
        {section === 'users' && <UsersAdmin />}
        {section === 'workstreams' && <WorkstreamsAdmin />}
        {section === 'messages' && <MessagesAdmin />}
        {section === 'canned' && <CannedResponsesAdmin />}
        {section === 'content' && <SelfServiceContentAdmin />}
        {section === 'line-events' && <LineEventsAdmin />}
        {section === 'line-usage' && <LineUsageAdmin />}
      </div>
    </div>
  );
}
