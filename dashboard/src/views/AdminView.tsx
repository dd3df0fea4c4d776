import type { AdminCatalogue } from '../i18n/admin/en';
import { useAdminT } from '../i18n/I18nProvider';
import { BASE, onLinkClick, segmentsOf } from '../router';
import { AgentsAdmin } from './admin/AgentsAdmin';
import { CannedResponsesAdmin } from './admin/CannedResponsesAdmin';
import { ChannelsAdmin } from './admin/ChannelsAdmin';
import { ContactsAdmin } from './admin/ContactsAdmin';
import { LineEventsAdmin } from './admin/LineEventsAdmin';
import { LineUsageAdmin } from './admin/LineUsageAdmin';
import { MessagesAdmin } from './admin/MessagesAdmin';
import { QueuesAdmin } from './admin/QueuesAdmin';
import { RulesAdmin } from './admin/RulesAdmin';
import { SelfServiceContentAdmin } from './admin/SelfServiceContentAdmin';
import { UsersAdmin } from './admin/UsersAdmin';
import { WorkstreamsAdmin } from './admin/WorkstreamsAdmin';
import { WrapUpCodesAdmin } from './admin/WrapUpCodesAdmin';

const SECTIONS = [
  { id: 'channels', label: (a: AdminCatalogue) => a.navChannels },
  { id: 'queues', label: (a: AdminCatalogue) => a.navQueues },
  { id: 'rules', label: (a: AdminCatalogue) => a.navRules },
  { id: 'agents', label: (a: AdminCatalogue) => a.navAgents },
  { id: 'users', label: (a: AdminCatalogue) => a.navUsers },
  { id: 'contacts', label: (a: AdminCatalogue) => a.navContacts },
  { id: 'workstreams', label: (a: AdminCatalogue) => a.navWorkstreams },
  { id: 'messages', label: (a: AdminCatalogue) => a.navMessages },
  { id: 'canned', label: (a: AdminCatalogue) => a.navCanned },
  { id: 'wrap-up', label: (a: AdminCatalogue) => a.navWrapUpCodes },
  { id: 'content', label: (a: AdminCatalogue) => a.navContent },
  { id: 'line-events', label: (a: AdminCatalogue) => a.navLineEvents },
  { id: 'line-usage', label: (a: AdminCatalogue) => a.navLineUsage },
] as const;

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
                {candidate.label(a)}
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
        {section === 'contacts' && <ContactsAdmin />}
        {section === 'workstreams' && <WorkstreamsAdmin />}
        {section === 'messages' && <MessagesAdmin />}
        {section === 'canned' && <CannedResponsesAdmin />}
        {section === 'wrap-up' && <WrapUpCodesAdmin />}
        {section === 'content' && <SelfServiceContentAdmin />}
        {section === 'line-events' && <LineEventsAdmin />}
        {section === 'line-usage' && <LineUsageAdmin />}
      </div>
    </div>
  );
}
