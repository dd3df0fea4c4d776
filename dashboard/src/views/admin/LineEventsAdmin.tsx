import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useResource } from './useList';
import { formatNumber } from '../../format';
import { currentLocale } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';
import type { DeadLetterListing, DeadLineEvent } from '../../types';

/** LINE events per state and the dead letters, each of which an admin may put back in the queue. */
export function LineEventsAdmin() {
  const { value: listing, error, setError, reload } = useResource<DeadLetterListing>('/api/admin/line-events/dead');
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const a = useAdminT();
  const retry = async (event: DeadLineEvent): Promise<void> => {
    try {
      await api('POST', `/api/admin/line-events/${encodeURIComponent(event.accountId)}/${encodeURIComponent(event.webhookEventId)}/retry`);
      setNotice(a.eventBackInQueue(event.webhookEventId));
      await reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="line-events-admin-title">
      <div class="section-head">
        <h2 id="line-events-admin-title">{a.lineEventsTitle}</h2>
        <button type="button" class="secondary" onClick={() => void reload()}>
          {a.refresh}
        </button>
      </div>
      <p class="muted">
        {a.eventsKept(listing ? a.eventCounts(listing.counts.pending, listing.counts.done, listing.counts.dead) : '…')}
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
              <th scope="col">{a.event}</th>
              <th scope="col">{a.conversation}</th>
              <th scope="col" class="num">
                {a.attempts}
              </th>
              <th scope="col">{a.lastError}</th>
              <th scope="col">{a.died}</th>
              <th scope="col">{a.actions}</th>
            </tr>
          </thead>
          <tbody>
            {listing?.events.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {a.noDeadEvent}
                </td>
              </tr>
            )}
            {listing?.events.map((event) => (
              <tr key={`${event.accountId}|${event.webhookEventId}`}>
                <th scope="row">
                  {event.eventType ?? a.unreadable}
                  <div class="muted small-text mono">{event.webhookEventId}</div>
                </th>
                <td class="mono">{event.conversation}</td>
                <td class="num">{formatNumber(event.attempts)}</td>
                <td>
                  {event.lastError ?? '—'}
                  {event.undeliveredMessages > 0 && <div class="muted small-text">{a.messagesNotDelivered(event.undeliveredMessages)}</div>}
                </td>
                <td>{new Date(event.diedAt).toLocaleString(currentLocale())}</td>
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => void retry(event)} aria-label={a.retryEvent(event.webhookEventId)}>
                    {a.retry}
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
