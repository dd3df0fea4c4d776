import { useEffect, useId, useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../api';
import { Avatar } from '../components/Avatar';
import { CustomerTags } from '../components/CustomerTags';
import { ErrorNote } from '../components/ErrorNote';
import { useDashboard } from '../context';
import { clock, closeReasonName, handoffReasonName, languageName, stateName } from '../format';
import type { Contact, ConversationView, PastConversation } from '../types';
import { FormActions } from '../components/FormActions';
import { texts } from '../i18n/current';
import { useT } from '../i18n/I18nProvider';
import { BASE, onLinkClick } from '../router';

/** Who the customer is: LINE profile, what the bot learned, notes, and the contact they are linked to. */
/** `canLink`: only the agent serving the customer links their contact (the server refuses anyone else). */
export function CustomerPanel(props: { view: ConversationView; canLink: boolean; onLinked: () => Promise<void> }) {
  const { view } = props;
  const t = useT();
  const [linked, setLinked] = useState<Contact | undefined>(undefined);
  const contactId = view.customer.contactId;
  const shown = linked && linked.id === contactId ? linked : undefined;
  return (
    <aside class="customer-panel" aria-label={t.customerPanel}>
      <div class="customer-head">
        <Avatar name={view.customer.name} pictureUrl={view.customer.pictureUrl} size="large" />
        <div>
          <h2>{view.customer.name ?? t.customer}</h2>
          <p class="muted small-text">{languageName(view.customer.language ?? view.language)}</p>
        </div>
      </div>
      <dl class="facts vertical">
        <div>
          <dt>{t.factLineAccount}</dt>
          <dd>{view.lineAccountId ?? view.channelId}</dd>
        </div>
        <div>
          <dt>{t.factTopic}</dt>
          <dd>{view.topic ?? '—'}</dd>
        </div>
        <div>
          <dt>{t.factSkill}</dt>
          <dd>{view.skill || '—'}</dd>
        </div>
        <div>
          <dt>{t.askedForPerson}</dt>
          <dd>
            {clock(view.requestedAt)} ({handoffReasonName(view.reason)})
          </dd>
        </div>
        <div>
          <dt>{t.customerId}</dt>
          <dd class="mono">{view.customer.id}</dd>
        </div>
      </dl>
      {view.summary && (
        <section>
          <h3>{t.botSummary}</h3>
          <p class="summary">{view.summary}</p>
        </section>
      )}
      {view.notes.length > 0 && (
        <section>
          <h3>{t.notes}</h3>
          <ul class="notes">
            {view.notes.map((note, index) => (
              <li key={index}>
                <time dateTime={note.at}>{clock(note.at)}</time> {note.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <CustomerTags customerId={view.customer.id} />
      <section aria-labelledby="contact-title">
        <h3 id="contact-title">{t.contact}</h3>
        {shown ? (
          <ContactCard contact={shown} />
        ) : contactId ? (
          <LinkedContact contactId={contactId} onLoaded={setLinked} />
        ) : linked ? (
          <ContactCard contact={linked} />
        ) : (
          <p class="muted small-text">{t.notLinked}</p>
        )}
        {props.canLink && !contactId && !linked && (
          <ContactLinker
            conversationId={view.id}
            customerName={view.customer.name}
            onLinked={async (contact) => {
              setLinked(contact);
              await props.onLinked();
            }}
          />
        )}
      </section>
      <PastConversations conversationId={view.id} contactId={contactId ?? linked?.id} state={view.state} />
    </aside>
  );
}

/** A channel as the dashboard language names it (product names stay as they are). */
function channelName(channelId: string): string {
  const names: Readonly<Record<string, string>> = { line: 'LINE', webchat: texts().channelWebChat, directline: texts().channelWebChat, msteams: 'Teams' };
  return names[channelId] ?? channelId;
}

/**
 * The customer's conversations (`GET …/conversations/:id/history`), on every channel their contact ties together,
 * latest first; the one open here is marked. Read again when the contact or the state changes. The server leaves out
 * other customers of the contact whose conversations this agent may not see (unless their roles read every contact).
 */
function PastConversations(props: { conversationId: string; contactId: string | undefined; state: string }) {
  const t = useT();
  const [items, setItems] = useState<PastConversation[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    api<{ items: PastConversation[] }>('GET', `/api/agent/conversations/${encodeURIComponent(props.conversationId)}/history`).then(
      (answer) => {
        if (!current) return;
        setItems(answer.items);
        setError(undefined);
      },
      (caught: unknown) => current && !(caught instanceof ApiError && caught.status === 404) && setError(texts().pastUnreadable(errorMessage(caught))),
    );
    return () => {
      current = false;
    };
  }, [props.conversationId, props.contactId, props.state]);
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">{t.pastConversations}</h3>
      <ErrorNote message={error} />
      {items === undefined ? (
        !error && <p class="muted small-text">{t.loading}</p>
      ) : items.length === 0 ? (
        <p class="muted small-text">{t.noConversationRecorded}</p>
      ) : (
        <ul class="past-conversations" aria-labelledby="history-title">
          {items.map((item) => (
            <li key={`${item.channelId}:${item.conversationId}`} class={item.current ? 'current' : undefined} aria-current={item.current ? 'true' : undefined}>
              <div>
                <strong>{channelName(item.channelId)}</strong>
                {item.current && <span class="muted">{t.thisConversation}</span>}
              </div>
              <div class="muted small-text">
                <time dateTime={item.firstActivityAt}>{clock(item.firstActivityAt)}</time> – <time dateTime={item.lastActivityAt}>{clock(item.lastActivityAt)}</time>
              </div>
              <div class="small-text">
                {t.messageCount(item.activityCount)}
                {' · '}
                {item.handoff
                  ? `${stateName(item.handoff.state)}${item.handoff.cycles > 1 ? ` ${t.handoffCount(item.handoff.cycles)}` : ''}${item.handoff.closeReason ? ` — ${closeReasonName(item.handoff.closeReason)}` : ''}`
                  : t.botOnly}
              </div>
              {item.handoff?.cycleList && item.handoff.cycleList.length > 0 && (
                <ol class="past-cycles" aria-label={t.pastCyclesLabel}>
                  {item.handoff.cycleList.map((cycle) => (
                    <li key={cycle.cycle} class="small-text">
                      <a href={`${BASE}/history/${encodeURIComponent(item.handoff?.id ?? '')}`} onClick={onLinkClick}>
                        {t.historyCycle(cycle.cycle)}
                      </a>{' '}
                      <time dateTime={cycle.requestedAt}>{clock(cycle.requestedAt)}</time> · {stateName(cycle.state)}
                      {cycle.closeReason ? ` — ${closeReasonName(cycle.closeReason)}` : ''}
                      {cycle.wrapUpCode ? ` · ${cycle.wrapUpCode}` : ''}
                      {cycle.rating !== undefined ? ` · ${cycle.rating}/5` : ''}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Reads the linked contact (`GET /api/agent/contacts/:id`) to show who it is; its id until then, or if it is gone. */
function LinkedContact(props: { contactId: string; onLoaded: (contact: Contact) => void }) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const t = useT();
  useEffect(() => {
    let current = true;
    setProblem(undefined);
    api<Contact>('GET', `/api/agent/contacts/${encodeURIComponent(props.contactId)}`).then(
      (contact) => current && props.onLoaded(contact),
      (caught: unknown) => current && setProblem(caught instanceof ApiError && caught.status === 404 ? texts().contactGone : texts().contactUnreadable(errorMessage(caught))),
    );
    return () => {
      current = false;
    };
  }, [props.contactId]);
  return (
    <div class="stack">
      <p class="small-text" aria-busy={problem === undefined}>
        {t.linkedToContact}
        <span class="mono">{props.contactId}</span>
        {problem === undefined && <span class="muted"> {t.loadingParenthesised}</span>}
      </p>
      <ErrorNote message={problem} />
    </div>
  );
}

function ContactCard(props: { contact: Contact }) {
  const { contact } = props;
  const t = useT();
  return (
    <div class="contact-card">
      <strong>{contact.name}</strong>
      {contact.email && <div>{contact.email}</div>}
      {contact.phone && <div>{contact.phone}</div>}
      {contact.externalId && <div class="muted small-text">{t.crmId(contact.externalId)}</div>}
      {contact.notes && <p class="small-text contact-notes">{contact.notes}</p>}
    </div>
  );
}

/** Roles that read every contact; others find only contacts of customers they serve or may take (the server decides). */
const CONTACT_DIRECTORY_ROLES = ['contacts', 'supervisor', 'admin'];

function ContactLinker(props: { conversationId: string; customerName: string | undefined; onLinked: (contact: Contact) => Promise<void> }) {
  const { session } = useDashboard();
  const t = useT();
  const readsAll = session.user.roles.some((role) => CONTACT_DIRECTORY_ROLES.includes(role));
  const scopeId = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Contact[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState(props.customerName ?? '');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const endpoint = `/api/agent/conversations/${encodeURIComponent(props.conversationId)}/contact`;

  const search = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      setResults((await api<{ items: Contact[] }>('GET', `/api/agent/contacts?q=${encodeURIComponent(query.trim())}`)).items);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const link = async (body: unknown): Promise<void> => {
    setError(undefined);
    try {
      const answer = await api<{ contact: Contact }>('POST', endpoint, body);
      await props.onLinked(answer.contact);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div class="stack">
      <form class="inline-form" role="search" onSubmit={(event) => void search(event)}>
        <label for="contact-search">{t.findContact}</label>
        <div class="input-row">
          <input id="contact-search" type="search" placeholder={t.contactSearchPlaceholder} aria-describedby={scopeId} value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
          <button type="submit" class="secondary">
            {t.search}
          </button>
        </div>
        <p id={scopeId} class="muted small-text">
          {readsAll ? t.searchesAllContacts : t.searchesYourContacts}
        </p>
      </form>
      {results && (
        <ul class="contact-results" aria-label={t.contactsFound}>
          {results.length === 0 && <li class="muted small-text">{t.noContactFound}</li>}
          {results.map((contact) => (
            <li key={contact.id}>
              <span>
                <strong>{contact.name}</strong>
                <span class="muted small-text"> {[contact.email, contact.phone].filter(Boolean).join(' · ')}</span>
              </span>
              <button type="button" class="small" onClick={() => void link({ contactId: contact.id })}>
                {t.link}
              </button>
            </li>
          ))}
        </ul>
      )}
      {creating ? (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void link({ create: { ...(name.trim() ? { name: name.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) } });
          }}
        >
          <label for="contact-name">{t.name}</label>
          <input id="contact-name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
          <label for="contact-email">{t.email}</label>
          <input id="contact-email" type="email" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
          <label for="contact-phone">{t.phone}</label>
          <input id="contact-phone" type="tel" value={phone} onInput={(event) => setPhone(event.currentTarget.value)} />
          <FormActions submitLabel={t.createAndLink} onCancel={() => setCreating(false)} />
        </form>
      ) : (
        <button type="button" class="secondary small" onClick={() => setCreating(true)}>
          {t.newContact}
        </button>
      )}
      <ErrorNote message={error} />
    </div>
  );
}
