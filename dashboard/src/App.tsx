import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, configureApi, errorMessage } from './api';
import { Dashboard, type DashboardContext } from './context';
import { HandoffEventStream, type StreamStatus } from './eventStream';
import { useDebounced } from './hooks';
import { navigate, onLinkClick, segmentsOf, useRoute, BASE } from './router';
import { clearSession, loadSession, saveSession, type Session } from './session';
import type { LoginAnswer, PresenceAnswer } from './types';
import { AdminView } from './views/AdminView';
import { AgentView } from './views/AgentView';
import { Login } from './views/Login';
import { SupervisorView } from './views/SupervisorView';
import { ReportsView } from './views/reports/ReportsView';
import { HistoryView } from './views/history/HistoryView';
import { unlockSound } from './notify';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { texts } from './i18n/current';
import { useT } from './i18n/I18nProvider';
import type { TextKey } from './i18n/en';

/** The dashboard: sign-in, then the screens the user's roles allow. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const signOut = useCallback((message?: string) => {
    clearSession();
    configureApi({ token: undefined });
    setSession(undefined);
    setNotice(message);
  }, []);

  if (session) configureApi({ token: session.token, onUnauthorized: () => signOut(texts().sessionEnded) });

  if (!session) {
    return (
      <Login
        notice={notice}
        onSignedIn={(answer: LoginAnswer) => {
          setNotice(undefined);
          setSession(saveSession(answer));
        }}
      />
    );
  }
  return <SignedIn key={session.token} session={session} onSignOut={signOut} />;
}

function SignedIn(props: { session: Session; onSignOut: (message?: string) => void }) {
  const { session, onSignOut } = props;
  const t = useT();
  const route = useRoute();
  const [agentPresence, setAgentPresence] = useState<PresenceAnswer | undefined>(undefined);
  const [profileChecked, setProfileChecked] = useState(false);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const stream = useMemo(() => new HandoffEventStream(() => session.token, () => onSignOut(texts().sessionEnded)), [session.token]);

  useEffect(() => {
    const stop = stream.onStatus(setStatus);
    stream.start();
    return () => {
      stop();
      stream.stop();
    };
  }, [stream]);

  // Whether the user takes conversations: only users with an agent profile do (an admin creates it, maybe for
  // themselves on this very screen: asked again on each move while there is none).
  const hasProfile = agentPresence !== undefined;
  useEffect(() => {
    if (hasProfile) return;
    api<PresenceAnswer>('GET', '/api/agent/presence')
      .then(setAgentPresence, (error: unknown) => {
        if (!(error instanceof ApiError && error.status === 404)) setAnnouncement(errorMessage(error));
      })
      .finally(() => setProfileChecked(true));
  }, [route, hasProfile]);
  // The load in the header changes with the agent's conversations (accepted, transferred, closed), which arrive as
  // conversation and offer events: read it again then, so it never waits for a reload.
  const refreshPresence = useDebounced(() => {
    api<PresenceAnswer>('GET', '/api/agent/presence').then(
      (answer) => setAgentPresence((current) => (current ? answer : current)),
      () => undefined,
    );
  }, 150);
  useEffect(
    () =>
      stream.subscribe((event) => {
        if (event.type === 'presence' && event.agentId === session.user.id) setAgentPresence((current) => (current ? { ...current, presence: event.presence } : current));
        else if (event.type === 'conversation' || event.type === 'offerEnded') refreshPresence();
      }),
    [stream],
  );

  const roles = session.user.roles;
  const can = {
    agent: agentPresence !== undefined || roles.includes('agent'),
    supervise: roles.includes('supervisor') || roles.includes('admin'),
    admin: roles.includes('admin'),
  };
  const context: DashboardContext = { session, stream, agentPresence, setAgentPresence, can, announce: setAnnouncement };

  const [section] = segmentsOf(route);
  // Where a user lands: their desk when they take conversations, else the overview for supervisors, else admin.
  const home = can.agent ? '/agent' : roles.includes('supervisor') ? '/supervisor' : can.admin ? '/admin' : '/agent';
  useEffect(() => {
    if (profileChecked && (section === undefined || (section === 'agent' && !can.agent) || (section === 'supervisor' && !can.supervise) || (section === 'reports' && !can.supervise) || (section === 'history' && !can.agent && !can.supervise) || (section === 'admin' && !can.admin))) navigate(home, { replace: true });
  }, [profileChecked, section, home]);

  const signOut = async (): Promise<void> => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      // The session is forgotten here either way.
    }
    onSignOut(texts().signedOut);
  };

  const navLink = (path: string, label: string) => (
    <li>
      <a href={`${BASE}${path}`} onClick={onLinkClick} aria-current={section === path.slice(1) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );

  return (
    <Dashboard.Provider value={context}>
      <div class="shell" onPointerDown={unlockSound} onKeyDown={unlockSound}>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header class="topbar">
          <span class="brand">{t.brand}</span>
          <nav aria-label={t.sectionsNav}>
            <ul>
              {can.agent && navLink('/agent', t.navConversations)}
              {can.supervise && navLink('/supervisor', t.navSupervisor)}
              {can.supervise && navLink('/reports', t.navReports)}
              {(can.agent || can.supervise) && navLink('/history', t.navHistory)}
              {can.admin && navLink('/admin', t.navAdmin)}
            </ul>
          </nav>
          <span class={`live live-${status}`} title={status === 'paused' ? t.livePausedTitle : t.liveTitle} role="status">
            {status === 'open' ? t.liveOpen : status === 'stopped' ? t.liveStopped : status === 'paused' ? t.livePaused : status === 'connecting' ? t.liveConnecting : t.liveReconnecting}
          </span>
          <span class="who">
            <span class="who-name">{session.user.displayName || session.user.username}</span>
            <span class="who-roles">{roles.map(roleName).join(', ')}</span>
          </span>
          <LanguageSwitcher />
          <button type="button" class="secondary" onClick={() => void signOut()}>
            {t.signOut}
          </button>
        </header>
        <p class="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        <main id="main" tabIndex={-1}>
          {!profileChecked ? (
            <p class="muted pad">{t.loading}</p>
          ) : section === 'agent' && can.agent ? (
            <AgentView route={route} />
          ) : section === 'supervisor' && can.supervise ? (
            <SupervisorView route={route} />
          ) : section === 'reports' && can.supervise ? (
            <ReportsView />
          ) : section === 'history' && (can.agent || can.supervise) ? (
            <HistoryView route={route} />
          ) : section === 'admin' && can.admin ? (
            <AdminView route={route} />
          ) : (
            <p class="pad">
              {can.agent || can.supervise || can.admin ? t.loading : t.noAgentProfileYet}
            </p>
          )}
        </main>
      </div>
    </Dashboard.Provider>
  );
}

const ROLE_KEYS: Readonly<Record<string, TextKey>> = { agent: 'roleAgent', supervisor: 'roleSupervisor', admin: 'roleAdmin', contacts: 'roleContacts' };

/** A role as the dashboard language names it; an unknown role as it is. */
function roleName(role: string): string {
  const key = ROLE_KEYS[role];
  const named = key ? texts()[key] : undefined;
  return typeof named === 'string' ? named : role;
}
