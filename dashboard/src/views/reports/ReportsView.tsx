import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, apiFile, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { duration, formatNumber, languageName, percent } from '../../format';
import { currentLocale } from '../../i18n/current';
import { useT } from '../../i18n/I18nProvider';
import { REPORT_GROUPINGS, type Report, type ReportGrouping, type ReportRow, type ReportTable } from '../../reportTypes';
import type { Overview } from '../../types';
import { ReportChart, type ChartSeries } from './ReportChart';
import { addDays, browserTimeZone, bucketsOf, periodOf, todayIn, type PeriodPreset } from './reportPeriod';

const PRESETS: readonly PeriodPreset[] = ['today', 'last7', 'last30', 'custom'];

/**
 * Reports for supervisors and admins: a period (presets or custom days) in a time zone, figures grouped by day, hour,
 * queue, agent, language or LINE account, a chart of volume and waiting time, customer satisfaction and comments;
 * every table downloads as CSV.
 */
export function ReportsView() {
  const t = useT();
  const [preset, setPreset] = useState<PeriodPreset>('last7');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [custom, setCustom] = useState(() => ({ from: addDays(todayIn(browserTimeZone()), -6), to: todayIn(browserTimeZone()) }));
  const [groupBy, setGroupBy] = useState<ReportGrouping>('day');
  const [serviceLevelSeconds, setServiceLevelSeconds] = useState(60);
  const [report, setReport] = useState<Report | undefined>(undefined);
  const [names, setNames] = useState<{ queues: Map<string, string>; agents: Map<string, string> }>({ queues: new Map(), agents: new Map() });
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const period = periodOf(preset, timeZone, custom);
  const query = `from=${period.from}&to=${period.to}&timeZone=${encodeURIComponent(timeZone)}&groupBy=${groupBy}&serviceLevelSeconds=${serviceLevelSeconds}`;

  useEffect(() => {
    api<Overview>('GET', '/api/supervisor/overview').then(
      (overview) => setNames({ queues: new Map(overview.queues.map((queue) => [queue.id, queue.name])), agents: new Map(overview.agents.map((agent) => [agent.id, agent.displayName])) }),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    if (period.from >= period.to) return;
    let current = true;
    setLoading(true);
    api<Report>('GET', `/api/supervisor/reports?${query}`).then(
      (answer) => {
        if (!current) return;
        setReport(answer);
        setError(undefined);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(errorMessage(caught));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [query]);

  const download = async (table: ReportTable): Promise<void> => {
    try {
      const file = await apiFile(`/api/supervisor/reports?${query}&format=csv&table=${table}`);
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName ?? `report-${table}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const groupingName: Record<ReportGrouping, string> = { day: t.reportByDay, hour: t.reportByHour, queue: t.reportByQueue, agent: t.reportByAgent, language: t.reportByLanguage, lineAccount: t.reportByLineAccount };
  const presetName: Record<PeriodPreset, string> = { today: t.reportToday, last7: t.reportLast7Days, last30: t.reportLast30Days, custom: t.reportCustom };
  const keyLabel = (key: string, grouping: ReportGrouping): string => {
    if (grouping === 'day') return dayLabel(key);
    if (grouping === 'hour') return hourLabel(key);
    if (key === '') return grouping === 'agent' ? t.reportNoAgent : t.reportNone;
    if (grouping === 'queue') return names.queues.get(key) ?? key;
    if (grouping === 'agent') return names.agents.get(key) ?? key;
    if (grouping === 'language') return languageName(key);
    return key;
  };
  const seconds = (value: number | null): string => (value === null ? '—' : duration(value));
  const share = (value: number | null): string => (value === null ? '—' : percent(value));
  const csat = (row: ReportRow): string => (row.csatAverage === null ? '—' : t.reportCsatAverage(formatNumber(row.csatAverage, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), row.csatCount));

  const seriesGrouping: ReportGrouping = report?.groupBy === 'hour' ? 'hour' : 'day';
  const buckets = useMemo(() => (report ? bucketsOf(period, seriesGrouping) : []), [report]);
  const chartLabels = useMemo(() => buckets.map((key) => keyLabel(key, seriesGrouping)), [buckets, t]);
  const chartSeries = useMemo<ChartSeries[]>(() => {
    const byKey = new Map((report?.series ?? []).map((row) => [row.key, row]));
    const values = (figure: (row: ReportRow) => number | null, empty: number | null): (number | null)[] => buckets.map((key) => {
      const row = byKey.get(key);
      return row ? figure(row) : empty;
    });
    return [
      { label: t.reportRequested, kind: 'bar', values: values((row) => row.requested, 0), colour: '--chart-requested' },
      { label: t.reportAnswered, kind: 'bar', values: values((row) => row.answered, 0), colour: '--chart-answered' },
      { label: t.reportAverageWait, kind: 'line', values: values((row) => row.averageWaitSeconds, null), colour: '--chart-wait' },
    ];
  }, [buckets, t]);

  const downloadButton = (table: ReportTable, name: string) => (
    <button type="button" class="secondary" aria-label={t.reportDownloadCsvOf(name)} onClick={() => void download(table)}>
      {t.reportDownloadCsv}
    </button>
  );

  return (
    <div class="reports pad">
      <h2 id="reports-title">{t.reportsTitle}</h2>
      <form class="report-controls" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>{t.reportPeriod}</legend>
          <div class="report-presets">
            {PRESETS.map((value) => (
              <label key={value}>
                <input type="radio" name="report-preset" value={value} checked={preset === value} onChange={() => setPreset(value)} />
                {presetName[value]}
              </label>
            ))}
          </div>
          {preset === 'custom' && (
            <div class="report-dates">
              <label>
                {t.reportFrom}
                <input type="date" value={custom.from} max={custom.to} onChange={(event) => setCustom({ ...custom, from: event.currentTarget.value })} />
              </label>
              <label>
                {t.reportTo}
                <input type="date" value={custom.to} min={custom.from} onChange={(event) => setCustom({ ...custom, to: event.currentTarget.value })} />
              </label>
            </div>
          )}
        </fieldset>
        <label class="report-field">
          {t.reportTimeZone}
          <TimeZoneSelect id="report-time-zone" value={timeZone} onChange={setTimeZone} />
        </label>
        <label class="report-field">
          {t.reportServiceLevelThreshold}
          <input type="number" min={1} max={86400} step={1} value={serviceLevelSeconds} onChange={(event) => setServiceLevelSeconds(Math.max(1, Math.floor(Number(event.currentTarget.value)) || 60))} />
        </label>
      </form>
      <div role="tablist" aria-label={t.reportGroupBy} class="report-tabs">
        {REPORT_GROUPINGS.map((grouping) => (
          <button key={grouping} type="button" role="tab" aria-selected={groupBy === grouping} class={groupBy === grouping ? 'tab selected' : 'tab'} onClick={() => setGroupBy(grouping)}>
            {groupingName[grouping]}
          </button>
        ))}
      </div>
      <ErrorNote message={error} />
      <p class="muted" role="status" aria-live="polite">
        {loading ? t.reportLoading : report && report.total.requested === 0 ? t.reportNoData : ''}
      </p>
      {report && (
        <>
          <section aria-labelledby="report-figures-title">
            <div class="section-head">
              <h3 id="report-figures-title">{t.reportFiguresBy(groupingName[report.groupBy])}</h3>
              {downloadButton('figures', t.reportFiguresBy(groupingName[report.groupBy]))}
            </div>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="report-figures-title">
              <table class="report-table">
                <thead>
                  <tr>
                    <th scope="col">{groupingName[report.groupBy]}</th>
                    <th scope="col" class="num">{t.reportRequested}</th>
                    <th scope="col" class="num">{t.reportAnswered}</th>
                    <th scope="col" class="num">{t.reportAbandoned}</th>
                    <th scope="col" class="num">{t.reportAverageWait}</th>
                    <th scope="col" class="num">{t.reportP90Wait}</th>
                    <th scope="col" class="num">{t.reportServiceLevel(report.serviceLevelSeconds)}</th>
                    <th scope="col" class="num">{t.reportAverageHandle}</th>
                    <th scope="col" class="num">{t.reportTransfers}</th>
                    <th scope="col" class="num">{t.reportCsat}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{keyLabel(row.key, report.groupBy)}</th>
                      <FigureCells row={row} seconds={seconds} share={share} csat={csat} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t.reportTotal}</th>
                    <FigureCells row={report.total} seconds={seconds} share={share} csat={csat} />
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
          <section aria-labelledby="report-chart-title">
            <div class="section-head">
              <h3 id="report-chart-title">{seriesGrouping === 'hour' ? t.reportVolumePerHour : t.reportVolumePerDay}</h3>
              {downloadButton('series', seriesGrouping === 'hour' ? t.reportVolumePerHour : t.reportVolumePerDay)}
            </div>
            <ReportChart
              labels={chartLabels}
              series={chartSeries}
              label={t.reportChartLabel}
              leftAxis={t.reportConversationsAxis}
              rightAxis={t.reportAverageWait}
              formatLeft={(value) => formatNumber(value)}
              formatRight={(value) => duration(value)}
            />
          </section>
          <section aria-labelledby="report-csat-title">
            <div class="section-head">
              <h3 id="report-csat-title">{t.reportCsatTitle}</h3>
              {downloadButton('csat', t.reportCsatTitle)}
            </div>
            <p>{report.csat.average === null ? t.reportNoSurveyAnswers : t.reportCsatSummary(report.csat.count, formatNumber(report.csat.average, { minimumFractionDigits: 1, maximumFractionDigits: 1 }))}</p>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="report-csat-title">
              <table class="report-table csat-table">
                <thead>
                  <tr>
                    <th scope="col">{t.reportRating}</th>
                    <th scope="col" class="num">{t.reportAnswers}</th>
                    <th scope="col">{t.reportShare}</th>
                  </tr>
                </thead>
                <tbody>
                  {(['5', '4', '3', '2', '1'] as const).map((rating) => {
                    const count = report.csat.distribution[rating];
                    const part = report.csat.count === 0 ? 0 : count / report.csat.count;
                    return (
                      <tr key={rating}>
                        <th scope="row">{t.reportRatingOf(Number(rating))}</th>
                        <td class="num">{formatNumber(count)}</td>
                        <td>
                          <meter min={0} max={1} value={part} aria-label={t.reportShareOf(Number(rating))} /> {percent(part)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="report-comments-title">
            <div class="section-head">
              <h3 id="report-comments-title">{t.reportComments}</h3>
              {downloadButton('comments', t.reportComments)}
            </div>
            {report.comments.length === 0 ? (
              <p class="muted">{t.reportNoComments}</p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="report-comments-title">
                <table class="report-table comments-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.reportAnsweredAt}</th>
                      <th scope="col" class="num">{t.reportRating}</th>
                      <th scope="col">{t.reportComment}</th>
                      <th scope="col">{t.reportByQueue}</th>
                      <th scope="col">{t.reportByAgent}</th>
                      <th scope="col">{t.reportConversation}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.comments.map((comment) => (
                      <tr key={`${comment.handoffId}-${comment.at}`}>
                        <td>{new Date(comment.at).toLocaleString(currentLocale(), { timeZone, dateStyle: 'short', timeStyle: 'short' })}</td>
                        <td class="num">{formatNumber(comment.rating)}</td>
                        <td class="report-comment">{comment.comment}</td>
                        <td>{keyLabel(comment.queueId, 'queue')}</td>
                        <td>{keyLabel(comment.agentId ?? '', 'agent')}</td>
                        <td class="report-conversation">{comment.conversationId}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function FigureCells(props: { row: ReportRow; seconds: (value: number | null) => string; share: (value: number | null) => string; csat: (row: ReportRow) => string }) {
  const { row, seconds, share, csat } = props;
  return (
    <>
      <td class="num">{formatNumber(row.requested)}</td>
      <td class="num">{formatNumber(row.answered)}</td>
      <td class="num">{formatNumber(row.abandoned)}</td>
      <td class="num">{seconds(row.averageWaitSeconds)}</td>
      <td class="num">{seconds(row.p90WaitSeconds)}</td>
      <td class="num">{share(row.serviceLevel)}</td>
      <td class="num">{seconds(row.averageHandleSeconds)}</td>
      <td class="num">{formatNumber(row.transfers)}</td>
      <td class="num">{csat(row)}</td>
    </>
  );
}

/** `2026-12-06` as the dashboard language writes a date. */
function dayLabel(key: string): string {
  const at = Date.parse(`${key}T00:00:00Z`);
  return Number.isNaN(at) ? key : new Date(at).toLocaleDateString(currentLocale(), { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' });
}

/** `2026-12-06 14:00` as the dashboard language writes a day and hour. */
function hourLabel(key: string): string {
  const at = Date.parse(`${key.replace(' ', 'T')}:00Z`);
  return Number.isNaN(at) ? key : new Date(at).toLocaleString(currentLocale(), { timeZone: 'UTC', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
