import { ErrorNote } from '../../components/ErrorNote';
import { useResource } from './useList';
import { formatNumber, relativeTime } from '../../format';
import { adminTexts, currentLocale } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';
import type { LineUsage, LineUsageListing } from '../../types';

type Listing = LineUsageListing;

function used(account: LineUsage): number {
  return Math.max(account.consumption ?? 0, account.pushMessages);
}

function quotaText(account: LineUsage): string {
  const a = adminTexts();
  if (account.level === 'unknown') return a.quotaNotRead;
  if (account.quota === null) return a.quotaUnlimited;
  // Floored, never rounded up: 99.6 % used is not yet 100 %.
  const share = Math.floor((used(account) / account.quota) * 100) / 100;
  return a.quotaUsed(used(account), account.quota, formatNumber(share, { style: 'percent', maximumFractionDigits: 0 }));
}

/** The push meter: replies (free) vs pushes (paid) per LINE account this month, and LINE's quota with a warning near it. */
export function LineUsageAdmin() {
  const { value: listing, error, reload } = useResource<Listing>('/api/admin/line-usage');
  const a = useAdminT();
  const alerts = listing?.accounts.filter((account) => account.level === 'warning' || account.level === 'exhausted') ?? [];
  return (
    <section aria-labelledby="line-usage-admin-title">
      <div class="section-head">
        <h2 id="line-usage-admin-title">{a.lineUsageTitle(listing ? listing.month : '')}</h2>
        <button type="button" class="secondary" onClick={() => void reload()}>
          {a.refresh}
        </button>
      </div>
      <p class="muted">{a.lineUsageIntro}</p>
      <ErrorNote message={error} />
      {alerts.map((account) => (
        <p key={account.accountId} class={account.level === 'exhausted' ? 'error' : 'notice'} role={account.level === 'exhausted' ? 'alert' : 'status'} data-quota-level={account.level}>
          {account.level === 'exhausted'
            ? a.quotaExhausted(account.name, quotaText(account))
            : a.quotaWarning(account.name, quotaText(account))}
        </p>
      ))}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="line-usage-admin-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{a.account}</th>
              <th scope="col" class="num">{a.replies}</th>
              <th scope="col" class="num">{a.pushes}</th>
              <th scope="col" class="num">{a.repliesAsPushes}</th>
              <th scope="col" class="num">{a.failed}</th>
              <th scope="col">{a.quotaUsedHeader}</th>
            </tr>
          </thead>
          <tbody>
            {listing?.accounts.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {a.noLineAccount}
                </td>
              </tr>
            )}
            {listing?.accounts.map((account) => (
              <tr key={account.accountId}>
                <th scope="row">
                  {account.name}
                  <div class="muted small-text mono">{account.accountId}</div>
                </th>
                <td class="num">{formatNumber(account.replyMessages)}</td>
                <td class="num">{formatNumber(account.pushMessages)}</td>
                <td class="num">{formatNumber(account.replyFallbacks)}</td>
                <td class="num">{formatNumber(account.failures)}</td>
                <td>
                  {quotaText(account)}
                  {account.quotaReadAt && (
                    <div class="muted small-text">
                      <time dateTime={account.quotaReadAt} title={new Date(account.quotaReadAt).toLocaleString(currentLocale())}>
                        {a.readAt(relativeTime(account.quotaReadAt, Date.now()))}
                      </time>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
