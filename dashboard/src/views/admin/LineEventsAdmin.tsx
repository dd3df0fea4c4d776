import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useResource } from './useList';

/** A LINE event the work queue gave up on, as `GET /api/admin/line-events/dead` lists it. */
interface DeadLineEvent {
  readonly accountId: string;
  readonly webhookEventId: string;
  readonly conversation: string;
  readonly eventType?: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly diedAt: string;
  readonly undeliveredMessages: number;
}

interface Listing {
  readonly counts: { readonly pending: number; readonly done: number; readonly dead: number };
  readonly events: DeadLineEvent[];
}

/** LINE events per state and the dead letters, each of which an admin may put back in the queue. */
export function LineEventsAdmin() {
  const { value: listing, error, setError, reload } = useResource<Listing>('/api/admin/line-events/dead');
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const retry = async (event: DeadLineEvent): Promise<void> => {
    try {
      await api('POST', `/api/admin/line-events/${encodeURIComponent(event.accountId)}/${encodeURIComponent(event.webhookEventId)}/retry`);
      setNotice(`Event ${event.webhookEventId} is back in the queue.`);
      await reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="line-events-admin-title">
      <div class="section-head">
        <h2 id="line-events-admin-title">LINE events</h2>
        <button type="button" class="secondary" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      <p class="muted">
        Events of the last week: {listing ? `${listing.counts.pending} pending, ${listing.counts.done} done, ${listing.counts.dead} dead` : '…'}. A dead event failed too often or was refused by LINE; retrying it runs it again (only its delivery, when the bot already answered).
      </p>
      <ErrorNote message={error} />
      {notice && (
        <p role="status" class="muted">
          {notice}
        </p>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="line-events-admin-title">
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Conversation</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Last error</th>
              <th scope="col">Died</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {listing?.events.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  No dead LINE event.
                </td>
              </tr>
            )}
            {listing?.events.map((event) => (
              <tr key={`${event.accountId}|${event.webhookEventId}`}>
                <th scope="row">
                  {event.eventType ?? 'unreadable'}
                  <div class="muted small-text mono">{event.webhookEventId}</div>
                </th>
                <td class="mono">{event.conversation}</td>
                <td class="num">{event.attempts}</td>
                <td>
                  {event.lastError ?? '—'}
                  {event.undeliveredMessages > 0 && <div class="muted small-text">{event.undeliveredMessages} message(s) not delivered</div>}
                </td>
                <td>{new Date(event.diedAt).toLocaleString()}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => void retry(event)} aria-label={`Retry event ${event.webhookEventId}`}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
