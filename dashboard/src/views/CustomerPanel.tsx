import { useEffect, useId, useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../api';
import { Avatar } from '../components/Avatar';
import { ErrorNote } from '../components/ErrorNote';
import { useDashboard } from '../context';
import { clock, languageName, stateName } from '../format';
import type { Contact, ConversationView, PastConversation } from '../types';
import { FormActions } from '../components/FormActions';

/** Who the customer is: LINE profile, what the bot learned, notes, and the contact they are linked to. */
/** `canLink`: only the agent serving the customer links their contact (the server refuses anyone else). */
export function CustomerPanel(props: { view: ConversationView; canLink: boolean; onLinked: () => Promise<void> }) {
  const { view } = props;
  const [linked, setLinked] = useState<Contact | undefined>(undefined);
  const contactId = view.customer.contactId;
  const shown = linked && linked.id === contactId ? linked : undefined;
  return (
    <aside class="customer-panel" aria-label="Customer">
      <div class="customer-head">
        <Avatar name={view.customer.name} pictureUrl={view.customer.pictureUrl} size="large" />
        <div>
          <h2>{view.customer.name ?? 'Customer'}</h2>
          <p class="muted small-text">{languageName(view.customer.language ?? view.language)}</p>
        </div>
      </div>
      <dl class="facts vertical">
        <div>
          <dt>LINE account</dt>
          <dd>{view.lineAccountId ?? view.channelId}</dd>
        </div>
        <div>
          <dt>Topic</dt>
          <dd>{view.topic ?? '—'}</dd>
        </div>
        <div>
          <dt>Skill</dt>
          <dd>{view.skill || '—'}</dd>
        </div>
        <div>
          <dt>Asked for a person</dt>
          <dd>
            {clock(view.requestedAt)} ({view.reason})
          </dd>
        </div>
        <div>
          <dt>Customer id</dt>
          <dd class="mono">{view.customer.id}</dd>
        </div>
      </dl>
      {view.summary && (
        <section>
          <h3>Bot's summary</h3>
          <p class="summary">{view.summary}</p>
        </section>
      )}
      {view.notes.length > 0 && (
        <section>
          <h3>Notes</h3>
          <ul class="notes">
            {view.notes.map((note, index) => (
              <li key={index}>
                <time dateTime={note.at}>{clock(note.at)}</time> {note.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="contact-title">
        <h3 id="contact-title">Contact</h3>
        {shown ? (
          <ContactCard contact={shown} />
        ) : contactId ? (
          <LinkedContact contactId={contactId} onLoaded={setLinked} />
        ) : linked ? (
          <ContactCard contact={linked} />
        ) : (
          <p class="muted small-text">Not linked to a contact.</p>
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

const CHANNEL_NAMES: Record<string, string> = { line: 'LINE', webchat: 'Web chat', directline: 'Web chat', msteams: 'Teams' };

/**
 * The customer's conversations (`GET …/conversations/:id/history`), on every channel their contact ties together,
 * latest first; the one open here is marked. Read again when the contact or the state changes. The server leaves out
 * other customers of the contact whose conversations this agent may not see (unless their roles read every contact).
 */
function PastConversations(props: { conversationId: string; contactId: string | undefined; state: string }) {
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
      (caught: unknown) => current && !(caught instanceof ApiError && caught.status === 404) && setError(`Past conversations could not be read: ${errorMessage(caught)}`),
    );
    return () => {
      current = false;
    };
  }, [props.conversationId, props.contactId, props.state]);
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">Past conversations</h3>
      <ErrorNote message={error} />
      {items === undefined ? (
        !error && <p class="muted small-text">Loading…</p>
      ) : items.length === 0 ? (
        <p class="muted small-text">No conversation recorded yet.</p>
      ) : (
        <ul class="past-conversations" aria-labelledby="history-title">
          {items.map((item) => (
            <li key={`${item.channelId}:${item.conversationId}`} class={item.current ? 'current' : undefined} aria-current={item.current ? 'true' : undefined}>
              <div>
                <strong>{CHANNEL_NAMES[item.channelId] ?? item.channelId}</strong>
                {item.current && <span class="muted"> · this conversation</span>}
              </div>
              <div class="muted small-text">
                <time dateTime={item.firstActivityAt}>{clock(item.firstActivityAt)}</time> – <time dateTime={item.lastActivityAt}>{clock(item.lastActivityAt)}</time>
              </div>
              <div class="small-text">
                {item.activityCount} {item.activityCount === 1 ? 'message' : 'messages'}
                {' · '}
                {item.handoff
                  ? `${stateName(item.handoff.state)}${item.handoff.cycles > 1 ? ` (${item.handoff.cycles} handoffs)` : ''}${item.handoff.closeReason ? ` — ${item.handoff.closeReason}` : ''}`
                  : 'Bot only'}
              </div>
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
  useEffect(() => {
    let current = true;
    setProblem(undefined);
    api<Contact>('GET', `/api/agent/contacts/${encodeURIComponent(props.contactId)}`).then(
      (contact) => current && props.onLoaded(contact),
      (caught: unknown) => current && setProblem(caught instanceof ApiError && caught.status === 404 ? 'The contact no longer exists.' : `The contact could not be read: ${errorMessage(caught)}`),
    );
    return () => {
      current = false;
    };
  }, [props.contactId]);
  return (
    <div class="stack">
      <p class="small-text" aria-busy={problem === undefined}>
        Linked to contact <span class="mono">{props.contactId}</span>
        {problem === undefined && <span class="muted"> (loading…)</span>}
      </p>
      <ErrorNote message={problem} />
    </div>
  );
}

function ContactCard(props: { contact: Contact }) {
  const { contact } = props;
  return (
    <div class="contact-card">
      <strong>{contact.name}</strong>
      {contact.email && <div>{contact.email}</div>}
      {contact.phone && <div>{contact.phone}</div>}
      {contact.externalId && <div class="muted small-text">CRM id {contact.externalId}</div>}
      {contact.notes && <p class="small-text contact-notes">{contact.notes}</p>}
    </div>
  );
}

/** Roles that read every contact; others find only contacts of customers they serve or may take (the server decides). */
const CONTACT_DIRECTORY_ROLES = ['contacts', 'supervisor', 'admin'];

function ContactLinker(props: { conversationId: string; customerName: string | undefined; onLinked: (contact: Contact) => Promise<void> }) {
  const { session } = useDashboard();
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
        <label for="contact-search">Find a contact</label>
        <div class="input-row">
          <input id="contact-search" type="search" placeholder="name, email…" aria-describedby={scopeId} value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
        <p id={scopeId} class="muted small-text">
          {readsAll ? 'Searches every contact.' : 'Searches the contacts of customers you serve, served or may take.'}
        </p>
      </form>
      {results && (
        <ul class="contact-results" aria-label="Contacts found">
          {results.length === 0 && <li class="muted small-text">No contact found.</li>}
          {results.map((contact) => (
            <li key={contact.id}>
              <span>
                <strong>{contact.name}</strong>
                <span class="muted small-text"> {[contact.email, contact.phone].filter(Boolean).join(' · ')}</span>
              </span>
              <button type="button" class="small" onClick={() => void link({ contactId: contact.id })}>
                Link
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
          <label for="contact-name">Name</label>
          <input id="contact-name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
          <label for="contact-email">Email</label>
          <input id="contact-email" type="email" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
          <label for="contact-phone">Phone</label>
          <input id="contact-phone" type="tel" value={phone} onInput={(event) => setPhone(event.currentTarget.value)} />
          <FormActions submitLabel="Create and link" onCancel={() => setCreating(false)} />
        </form>
      ) : (
        <button type="button" class="secondary small" onClick={() => setCreating(true)}>
          New contact…
        </button>
      )}
      <ErrorNote message={error} />
    </div>
  );
}
