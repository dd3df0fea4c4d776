import type { LineMonthUsage } from './lineUsageRepository';

/** Share of the quota at which the meter warns. */
export const QUOTA_WARNING_SHARE = 0.8;

/** How close an account is to its monthly quota. */
export type QuotaLevel = 'unlimited' | 'unknown' | 'ok' | 'warning' | 'exhausted';

/** One account's month as the admin API and the dashboard show it. */
export interface LineUsageReport {
  readonly accountId: string;
  readonly name: string;
  readonly month: string;
  readonly replyMessages: number;
  readonly pushMessages: number;
  readonly replyRequests: number;
  readonly pushRequests: number;
  readonly replyFallbacks: number;
  readonly failures: number;
  /** LINE's monthly quota in messages (`null` when unlimited or not read yet). */
  readonly quota: number | null;
  /** Messages LINE counts against the quota this month (`null` when not read yet). */
  readonly consumption: number | null;
  readonly quotaReadAt: string | null;
  /** `warning` from 80 % of the quota, `exhausted` at 100 %. */
  readonly level: QuotaLevel;
}

/**
 * The push meter of one account, with its quota level: LINE's consumption when read, else the pushes counted here.
 *
 * @example quotaLevel(170, 200) // 'warning'
 */
export function quotaLevel(used: number, quota: number): QuotaLevel {
  if (used >= quota) return 'exhausted';
  return used >= quota * QUOTA_WARNING_SHARE ? 'warning' : 'ok';
}

/** Builds the report of an account from its stored month (or zeros when nothing was counted). */
export function lineUsageReport(account: { readonly id: string; readonly name: string }, month: string, usage: LineMonthUsage | undefined): LineUsageReport {
  const quota = usage?.quota;
  const used = Math.max(quota?.consumption ?? 0, usage?.pushMessages ?? 0);
  const level: QuotaLevel = quota === undefined ? 'unknown' : quota.limit === undefined ? 'unlimited' : quotaLevel(used, quota.limit);
  return {
    accountId: account.id,
    name: account.name,
    month,
    replyMessages: usage?.replyMessages ?? 0,
    pushMessages: usage?.pushMessages ?? 0,
    replyRequests: usage?.replyRequests ?? 0,
    pushRequests: usage?.pushRequests ?? 0,
    replyFallbacks: usage?.replyFallbacks ?? 0,
    failures: usage?.failures ?? 0,
    quota: quota?.limit ?? null,
    consumption: quota?.consumption ?? null,
    quotaReadAt: quota?.readAt.toISOString() ?? null,
    level,
  };
}
