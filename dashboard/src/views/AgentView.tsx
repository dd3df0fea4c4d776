import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { Avatar } from '../components/Avatar';
import { ErrorNote } from '../components/ErrorNote';
import { useDashboard } from '../context';
import { distributionOf, presenceLabel, type AgentDirectory } from '../directory';
import { duration, formatNumber, languageName, secondsSince, stateName } from '../format';
import { useDebounced, useInterval, useNow } from '../hooks';
import { askForNotifications, chime, desktopNotification, notificationPermission } from '../notify';
import { BASE, navigate, onLinkClick, segmentsOf } from '../router';
import { PRESENCES, type ConversationView, type Directory, type Presence, type PresenceAnswer } from '../types';
import { texts } from '../i18n/current';
import { useT } from '../i18n/I18nProvider';
import { ConversationPanel } from './ConversationPanel';

/**
 * The agent's desk: presence, offers with their countdown, their own conversations, and what waits in their queues,
 * kept live by the event stream (and re-read every 30 s as a safety net); the open conversation beside it.
 */
export function AgentView(props: { route: string }) {
  const { session, stream, agentPresence } = useDashboard();
  const t = useT();
  const me = session.user.id;
  const [, , openId, pane] = segmentsOf(props.route);
  const [items, setItems] = useState<ConversationView[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [directory, setDirectory] = useState<Directory | undefined>(undefined);
  const [directoryError, setDirectoryError] = useState<string | undefined>(undefined);

  const load = async (): Promise<void> => {
    try {
      const answer = await api<{ items: ConversationView[] }>('GET', '/api/agent/conversations');
      setItems(answer.items);
      setError(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const loadDirectory = async (): Promise<void> => {
    try {
      setDirectory(await api<Directory>('GET', '/api/agent/directory'));
      setDirectoryError(undefined);
    } catch (caught) {
      setDirectoryError(texts().directoryUnreadable(errorMessage(caught)));
    }
  };
  const reload = useDebounced(() => void load(), 150);
  useInterval(() => void load(), 30_000);

  // Only users with an agent profile may read the directory (queues and agents, for transfers).
  const hasProfile = agentPresence !== undefined;
  const hasProfileNow = useRef(hasProfile);
  hasProfileNow.current = hasProfile;
  useEffect(() => {
    if (hasProfile) void loadDirectory();
  }, [hasProfile]);

  useEffect(() => {
    void load();
    const stopEvents = stream.subscribe((event) => {
      // A note changes nothing in the lists; the open conversation's notes panel takes it.
      if (event.type === 'presence' || event.type === 'note') return;
      reload();
      if (event.type === 'offer' && event.agentId === me) {
        chime();
        desktopNotification(texts().newOfferNotificationTitle, texts().newOfferNotificationBody, () => navigate(`/agent/conversations/${encodeURIComponent(event.conversationId)}`));
      }
    });
    const stopReconnect = stream.onReconnect(() => {
      void load();
      if (hasProfileNow.current) void loadDirectory();
    });
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [stream]);

  const known: AgentDirectory = { directory, error: directoryError, refresh: () => void loadDirectory() };

  const offered = (items ?? []).filter((item) => item.state === 'queued' && item.offeredAgentId === me);
  const mine = (items ?? []).filter((item) => item.agentId === me && item.state !== 'queued' && item.state !== 'closed');
  const waiting = (items ?? []).filter((item) => item.state === 'queued' && item.offeredAgentId !== me);

  return (
    <div class={`agent-layout${openId ? ' has-open' : ''}`}>
      <aside class="worklist" aria-label={t.yourWork}>
        {agentPresence ? <PresenceSwitch presence={agentPresence} /> : <p class="notice">{t.noAgentProfileNotice}</p>}
        <NotificationToggle />
        <ErrorNote message={error} />
        {items === undefined && !error && <p class="muted">{t.loadingConversations}</p>}
        <section aria-labelledby="offers-title" class="list-section">
          <h2 id="offers-title">
            {t.offeredToYou} <span class="count">{formatNumber(offered.length)}</span>
          </h2>
          {offered.length === 0 ? (
            <p class="muted small-text">{agentPresence?.presence === 'available' ? t.nothingOffered : t.setAvailableForOffers}</p>
          ) : (
            <ul class="cards">
              {offered.map((item) => (
                <li key={item.id}>
                  <OfferCard item={item} onDone={load} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="mine-title" class="list-section">
          <h2 id="mine-title">
            {t.yourConversations} <span class="count">{formatNumber(mine.length)}</span>
          </h2>
          {mine.length === 0 ? (
            <p class="muted small-text">{t.noneOpen}</p>
          ) : (
            <ul class="rows">
              {mine.map((item) => (
                <li key={item.id}>
                  <ConversationRow item={item} selected={item.id === openId} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="waiting-title" class="list-section">
          <h2 id="waiting-title">
            {t.waitingInYourQueues} <span class="count">{formatNumber(waiting.length)}</span>
          </h2>
          {waiting.length === 0 ? (
            <p class="muted small-text">{t.nobodyWaiting}</p>
          ) : (
            <ul class="rows">
              {waiting.map((item) => (
                <li key={item.id}>
                  <WaitingRow item={item} known={known} selected={item.id === openId} onDone={load} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>
      <section class="workspace" aria-label={t.conversationRegion}>
        {openId ? (
          <ConversationPanel key={openId} id={openId} known={known} onChanged={load} showCustomer={pane === 'customer'} />
        ) : (
          <div class="empty-state">
            <h2>{t.noConversationOpen}</h2>
            <p class="muted">{t.acceptOrPick}</p>
          </div>
        )}
      </section>
    </div>
  );
}

function PresenceSwitch(props: { presence: PresenceAnswer }) {
  const { setAgentPresence } = useDashboard();
  const t = useT();
  const [error, setError] = useState<string | undefined>(undefined);
  // The choice shows at once; the server's answer (or refusal) settles it.
  const [requested, setRequested] = useState<Presence | undefined>(undefined);
  const shown = requested ?? props.presence.presence;
  const change = async (presence: Presence): Promise<void> => {
    setRequested(presence);
    setError(undefined);
    try {
      setAgentPresence(await api<PresenceAnswer>('PUT', '/api/agent/presence', { presence }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setRequested(undefined);
    }
  };
  return (
    <fieldset class="presence" aria-busy={requested !== undefined}>
      <legend>
        {t.yourPresence}{' '}
        <span class="muted small-text">{t.presenceLoad(props.presence.load, props.presence.capacity)}</span>
      </legend>
      <div class="segmented">
        {PRESENCES.map((presence) => (
          <label key={presence} class={`presence-${presence}${shown === presence ? ' checked' : ''}`}>
            <input type="radio" name="presence" value={presence} checked={shown === presence} onChange={() => void change(presence)} />
            {presenceLabel(presence)}
          </label>
        ))}
      </div>
      <ErrorNote message={error} />
    </fieldset>
  );
}

function NotificationToggle() {
  const [permission, setPermission] = useState(notificationPermission());
  const t = useT();
  if (permission !== 'default') return null;
  return (
    <p class="small-text">
      <button type="button" class="link-button" onClick={() => void askForNotifications().then(setPermission)}>
        {t.turnOnNotifications}
      </button>
    </p>
  );
}

/** Facts about the customer every list shows. */
function CustomerFacts(props: { item: ConversationView; now: number }) {
  const { item, now } = props;
  const t = useT();
  return (
    <dl class="facts">
      <div>
        <dt>{t.factLanguage}</dt>
        <dd>{languageName(item.language)}</dd>
      </div>
      <div>
        <dt>{t.factTopic}</dt>
        <dd>{item.topic ?? '—'}</dd>
      </div>
      <div>
        <dt>{t.factSkill}</dt>
        <dd>{item.skill || '—'}</dd>
      </div>
      <div>
        <dt>{t.factQueue}</dt>
        <dd>{item.queue.name}</dd>
      </div>
      <div>
        <dt>{t.factWaiting}</dt>
        <dd>{duration(secondsSince(item.queuedAt, now))}</dd>
      </div>
      <div>
        <dt>{t.factLineAccount}</dt>
        <dd>{item.lineAccountId ?? item.channelId}</dd>
      </div>
    </dl>
  );
}

function OfferCard(props: { item: ConversationView; onDone: () => Promise<void> }) {
  const { item } = props;
  const now = useNow();
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const t = useT();
  const left = item.offerDeadline ? Math.max(0, Math.ceil((Date.parse(item.offerDeadline) - now) / 1000)) : undefined;
  const name = item.customer.name ?? t.customer;
  const act = async (action: 'accept' | 'decline'): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(item.id)}/${action}`);
      if (action === 'accept') navigate(`/agent/conversations/${encodeURIComponent(item.id)}`);
      await props.onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
      void props.onDone();
    }
  };
  return (
    <article class="card offer" aria-label={t.offerLabel(name)}>
      <header class="offer-head">
        <Avatar name={item.customer.name} pictureUrl={item.customer.pictureUrl} />
        <span class="offer-name">{name}</span>
        {left !== undefined && (
          <span class={`countdown${left <= 10 ? ' urgent' : ''}`} role="timer" aria-label={t.secondsLeftToAccept(left)}>
            {left > 0 ? duration(left) : t.offerExpired}
          </span>
        )}
      </header>
      <CustomerFacts item={item} now={now} />
      {item.summary && (
        <p class="summary">
          <span class="label">{t.botSummaryLabel}</span>
          {item.summary}
        </p>
      )}
      {item.notes.length > 0 && <p class="summary">{t.noteLabel(item.notes.at(-1)?.text ?? '')}</p>}
      <ErrorNote message={error} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void act('accept')}>
          {t.accept}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void act('decline')}>
          {t.decline}
        </button>
      </div>
    </article>
  );
}

function ConversationRow(props: { item: ConversationView; selected: boolean }) {
  const { item } = props;
  const t = useT();
  const name = item.customer.name ?? t.customer;
  return (
    <a class={`row${props.selected ? ' selected' : ''}`} href={`${BASE}/agent/conversations/${encodeURIComponent(item.id)}`} onClick={onLinkClick} aria-current={props.selected ? 'true' : undefined}>
      <Avatar name={item.customer.name} pictureUrl={item.customer.pictureUrl} />
      <span class="row-main">
        <span class="row-title">{name}</span>
        <span class="row-sub">
          <span class={`state state-${item.state}`}>{stateName(item.state)}</span> · {item.queue.name}
        </span>
      </span>
      {item.unread > 0 && (
        <span class="badge" aria-label={t.unreadCount(item.unread)}>
          {formatNumber(item.unread)}
        </span>
      )}
    </a>
  );
}

function WaitingRow(props: { item: ConversationView; known: AgentDirectory; selected: boolean; onDone: () => Promise<void> }) {
  const { item } = props;
  const now = useNow();
  const t = useT();
  const [error, setError] = useState<string | undefined>(undefined);
  const mode = distributionOf(item, props.known.directory);
  const offeredToOther = item.offeredAgentId !== undefined;
  const take = async (): Promise<void> => {
    setError(undefined);
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(item.id)}/accept`);
      navigate(`/agent/conversations/${encodeURIComponent(item.id)}`);
      await props.onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <div class={`row waiting-row${props.selected ? ' selected' : ''}`}>
      <Avatar name={item.customer.name} pictureUrl={item.customer.pictureUrl} />
      <span class="row-main">
        <a class="row-title" href={`${BASE}/agent/conversations/${encodeURIComponent(item.id)}`} onClick={onLinkClick}>
          {item.customer.name ?? t.customer}
        </a>
        <span class="row-sub">
          {item.queue.name} · {languageName(item.language)} · {t.waitingFor(duration(secondsSince(item.queuedAt, now)))}
          {offeredToOther ? ` · ${t.offeredToAnotherAgent}` : ''}
        </span>
        <ErrorNote message={error} />
      </span>
      {!offeredToOther && mode === 'pick' && (
        <button type="button" class="small" onClick={() => void take()} aria-label={t.acceptCustomer(item.customer.name ?? t.theCustomer)} title={t.takeConversationTitle}>
          {t.accept}
        </button>
      )}
    </div>
  );
}
