import { ErrorNote } from '../../components/ErrorNote';
import { useResource } from './useList';

/** One LINE account's month, as `GET /api/admin/line-usage` reports it. */
interface LineUsage {
  readonly accountId: string;
  readonly name: string;
  readonly replyMessages: number;
  readonly pushMessages: number;
  readonly replyFallbacks: number;
  readonly failures: number;
  readonly quota: number | null;
  readonly consumption: number | null;
  readonly quotaReadAt: string | null;
  readonly level: 'unlimited' | 'unknown' | 'ok' | 'warning' | 'exhausted';
}

interface Listing {
  readonly month: string;
  readonly accounts: LineUsage[];
}

function used(account: LineUsage): number {
  return Math.max(account.consumption ?? 0, account.pushMessages);
}

function quotaText(account: LineUsage): string {
  if (account.level === 'unknown') return 'not read yet';
  if (account.quota === null) return 'unlimited';
  return `${used(account)} of ${account.quota} (${Math.floor((used(account) / account.quota) * 100)} %)`;
}

/** The push meter: replies (free) vs pushes (paid) per LINE account this month, and LINE's quota with a warning near it. */
export function LineUsageAdmin() {
  const { value: listing, error, reload } = useResource<Listing>('/api/admin/line-usage');
  const alerts = listing?.accounts.filter((account) => account.level === 'warning' || account.level === 'exhausted') ?? [];
  return (
    <section aria-labelledby="line-usage-admin-title">
      <div class="section-head">
        <h2 id="line-usage-admin-title">LINE usage {listing ? listing.month : ''}</h2>
        <button type="button" class="secondary" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      <p class="muted">Replies are free; pushes count against the account's monthly message quota. Counts are of every instance this month (Japan time); the quota and LINE's own count are read from LINE periodically.</p>
      <ErrorNote message={error} />
      {alerts.map((account) => (
        <p key={account.accountId} class={account.level === 'exhausted' ? 'error' : 'notice'} role={account.level === 'exhausted' ? 'alert' : 'status'} data-quota-level={account.level}>
          {account.level === 'exhausted'
            ? `${account.name}: the monthly message quota is used up (${quotaText(account)}). LINE refuses further pushes until next month; replies still go out.`
            : `${account.name}: 80 % of the monthly message quota is used (${quotaText(account)}).`}
        </p>
      ))}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="line-usage-admin-title">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col" class="num">Replies</th>
              <th scope="col" class="num">Pushes</th>
              <th scope="col" class="num">Replies sent as pushes</th>
              <th scope="col" class="num">Failed</th>
              <th scope="col">Quota used</th>
            </tr>
          </thead>
          <tbody>
            {listing?.accounts.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  No LINE account.
                </td>
              </tr>
            )}
            {listing?.accounts.map((account) => (
              <tr key={account.accountId}>
                <th scope="row">
                  {account.name}
                  <div class="muted small-text mono">{account.accountId}</div>
                </th>
                <td class="num">{account.replyMessages}</td>
                <td class="num">{account.pushMessages}</td>
                <td class="num">{account.replyFallbacks}</td>
                <td class="num">{account.failures}</td>
                <td>
                  {quotaText(account)}
                  {account.quotaReadAt && <div class="muted small-text">read {new Date(account.quotaReadAt).toLocaleString()}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
