import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { currentLocale } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';
import type { Contact, ContactWithCustomers, Customer } from '../../types';

/** A customer profile linked to a contact. */
type LinkedCustomer = Customer;

/** Contacts: search, edit, unlink a customer profile, merge duplicates, and a customer's privacy purge. */
export function ContactsAdmin() {
  const a = useAdminT();
  const [query, setQuery] = useState('');
  const [contacts, setContacts] = useState<Contact[] | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const search = async (q: string): Promise<void> => {
    try {
      setContacts((await api<{ items: Contact[] }>('GET', `/api/admin/contacts?q=${encodeURIComponent(q)}`)).items);
      setError(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => {
    const timer = setTimeout(() => void search(query), 250);
    return () => clearTimeout(timer);
  }, [query]);
  return (
    <section aria-labelledby="contacts-admin-title" class="contacts-admin">
      <div class="section-head">
        <h2 id="contacts-admin-title">{a.contactsTitle}</h2>
      </div>
      <p class="muted">{a.contactsIntro}</p>
      <label for="contacts-search">{a.contactsSearch}</label>
      <input id="contacts-search" type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
      <ErrorNote message={error} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="contacts-admin-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{a.contactName}</th>
              <th scope="col">{a.contactEmail}</th>
              <th scope="col">{a.contactPhone}</th>
              <th scope="col">{a.contactUpdated}</th>
            </tr>
          </thead>
          <tbody>
            {contacts?.length === 0 && (
              <tr>
                <td colSpan={4} class="muted">
                  {a.contactsNone}
                </td>
              </tr>
            )}
            {contacts?.map((contact) => (
              <tr key={contact.id} class={contact.id === selected ? 'selected' : undefined}>
                <th scope="row">
                  <button type="button" class="link-button" aria-pressed={contact.id === selected} onClick={() => setSelected(contact.id)}>
                    {contact.name}
                  </button>
                </th>
                <td>{contact.email ?? ''}</td>
                <td>{contact.phone ?? ''}</td>
                <td>{new Date(contact.updatedAt).toLocaleString(currentLocale())}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <ContactDetail
          key={selected}
          contactId={selected}
          others={(contacts ?? []).filter((contact) => contact.id !== selected)}
          onChanged={() => search(query)}
          onGone={() => {
            setSelected(undefined);
            void search(query);
          }}
        />
      )}
    </section>
  );
}

function ContactDetail(props: { contactId: string; others: readonly Contact[]; onChanged: () => Promise<void>; onGone: () => void }) {
  const a = useAdminT();
  const [contact, setContact] = useState<Contact | undefined>(undefined);
  const [customers, setCustomers] = useState<readonly LinkedCustomer[]>([]);
  const [form, setForm] = useState({ name: '', email: '', phone: '', notes: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [mergeFrom, setMergeFrom] = useState('');
  const [confirming, setConfirming] = useState<{ kind: 'purge'; customer: LinkedCustomer } | { kind: 'merge'; from: Contact } | undefined>(undefined);
  const path = `/api/admin/contacts/${encodeURIComponent(props.contactId)}`;
  const load = async (): Promise<void> => {
    try {
      const read = await api<ContactWithCustomers>('GET', path);
      setContact(read.contact);
      setCustomers(read.customers);
      setForm({ name: read.contact.name, email: read.contact.email ?? '', phone: read.contact.phone ?? '', notes: read.contact.notes ?? '' });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => void load(), [props.contactId]);
  const act = async (action: () => Promise<string>): Promise<void> => {
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await action());
      await load();
      await props.onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const save = (event: Event): void => {
    event.preventDefault();
    void act(async () => {
      await api('PATCH', path, { name: form.name.trim(), email: form.email.trim(), phone: form.phone.trim(), notes: form.notes.trim() });
      return a.contactSaved;
    });
  };
  if (!contact) return <ErrorNote message={error} />;
  return (
    <div class="contact-detail stack" aria-labelledby="contact-detail-title">
      <h3 id="contact-detail-title">{contact.name}</h3>
      <ErrorNote message={error} />
      {notice && (
        <p role="status" class="muted">
          {notice}
        </p>
      )}
      <form class="stack" onSubmit={save}>
        <label for="contact-name">{a.contactName}</label>
        <input id="contact-name" required value={form.name} onInput={(event) => setForm({ ...form, name: event.currentTarget.value })} />
        <label for="contact-email">{a.contactEmail}</label>
        <input id="contact-email" type="email" value={form.email} onInput={(event) => setForm({ ...form, email: event.currentTarget.value })} />
        <label for="contact-phone">{a.contactPhone}</label>
        <input id="contact-phone" type="tel" value={form.phone} onInput={(event) => setForm({ ...form, phone: event.currentTarget.value })} />
        <label for="contact-notes">{a.contactNotes}</label>
        <textarea id="contact-notes" rows={3} value={form.notes} onInput={(event) => setForm({ ...form, notes: event.currentTarget.value })} />
        <div class="actions">
          <button type="submit">{a.contactSave}</button>
        </div>
      </form>
      <h4>{a.contactProfiles}</h4>
      {customers.length === 0 ? (
        <p class="muted">{a.contactNoProfile}</p>
      ) : (
        <ul class="contact-profiles">
          {customers.map((customer) => (
            <li key={customer.id}>
              <span class="contact-profile-name">
                {customer.displayName ?? customer.id} <span class="muted">{customer.id}</span>
              </span>
              <span class="actions">
                <button type="button" class="secondary" onClick={() => void act(async () => {
                  await api('DELETE', `${path}/customers/${encodeURIComponent(customer.id)}`);
                  return a.contactUnlinked(customer.displayName ?? customer.id);
                })}>
                  {a.contactUnlink}
                </button>
                <button type="button" class="danger" onClick={() => setConfirming({ kind: 'purge', customer })}>
                  {a.contactPurge}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <h4>{a.contactMergeTitle}</h4>
      <p class="muted">{a.contactMergeHelp}</p>
      <label for="contact-merge-from">{a.contactMergeFrom}</label>
      <select id="contact-merge-from" value={mergeFrom} onChange={(event) => setMergeFrom(event.currentTarget.value)}>
        <option value="">—</option>
        {props.others.map((other) => (
          <option key={other.id} value={other.id}>
            {[other.name, other.email, other.phone].filter(Boolean).join(' · ')}
          </option>
        ))}
      </select>
      <div class="actions">
        <button type="button" disabled={!mergeFrom} onClick={() => {
          const from = props.others.find((other) => other.id === mergeFrom);
          if (from) setConfirming({ kind: 'merge', from });
        }}>
          {a.contactMerge}
        </button>
      </div>
      {confirming?.kind === 'purge' && (
        <ConfirmDialog
          title={a.contactPurgeTitle(confirming.customer.displayName ?? confirming.customer.id)}
          confirmLabel={a.contactPurgeConfirm}
          danger
          onClose={() => setConfirming(undefined)}
          onConfirm={async () => {
            const customer = confirming.customer;
            await api('DELETE', `/api/admin/customers/${encodeURIComponent(customer.id)}`);
            setNotice(a.contactPurged(customer.displayName ?? customer.id));
            if (customers.length > 1) {
              await load();
              await props.onChanged();
            } else {
              props.onGone();
            }
          }}
        >
          <p class="purge-intro">{a.contactPurgeIntro(confirming.customer.id)}</p>
          <ul class="purge-list">
            <li>{a.contactPurgeConversations}</li>
            <li>{a.contactPurgeMedia}</li>
            <li>{a.contactPurgeSurveys}</li>
            <li>{a.contactPurgeHandoffs}</li>
            <li>{a.contactPurgeProfile}</li>
            {customers.length === 1 && <li>{a.contactPurgeContact(contact.name)}</li>}
          </ul>
          <p>
            <strong>{a.contactPurgeIrreversible}</strong>
          </p>
        </ConfirmDialog>
      )}
      {confirming?.kind === 'merge' && (
        <ConfirmDialog
          title={a.contactMergeConfirmTitle}
          confirmLabel={a.contactMerge}
          onClose={() => setConfirming(undefined)}
          onConfirm={async () => {
            await api('POST', `${path}/merge`, { fromContactId: confirming.from.id });
            setMergeFrom('');
            setNotice(a.contactMerged(confirming.from.name, contact.name));
            await load();
            await props.onChanged();
          }}
        >
          <p>{a.contactMergeConfirm(confirming.from.name, contact.name)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
