import { useId } from 'preact/hooks';
import { useFocusAfterRender } from '../hooks';
import {
  dayName,
  DAYS_MONDAY_FIRST,
  DEFAULT_INTERVAL,
  draftProblems,
  intervalEnd,
  withDay,
  withMondayCopiedToWeekdays,
  withWorkingWeekTemplate,
  type DayDraft,
  type HoursDraft,
  type IntervalDraft,
  type IntervalEnd,
  type IntervalProblem,
} from '../operatingHours';
import { HolidayListEditor } from './HolidayListEditor';
import { TimeZoneSelect } from './TimeZoneSelect';
import type { AdminCatalogue } from '../i18n/admin/en';
import { adminTexts, currentLocale } from '../i18n/current';
import { useAdminT } from '../i18n/I18nProvider';

/** The note beside an interval's end, in the dashboard language. */
function endNoteOf(end: IntervalEnd, a: AdminCatalogue): string | undefined {
  return ({ 'next day': a.endNextDay, midnight: a.endMidnight, 'all day': a.endAllDay } as Partial<Record<IntervalEnd, string>>)[end];
}

/**
 * A queue's operating hours: always open, or a weekly schedule in a time zone — each weekday open or closed with one
 * or more intervals (crossing midnight allowed) — plus holidays. Marks what {@link draftProblems} finds next to the
 * field; an empty time only once `showIncomplete` (after a first attempt to save), so a new row does not start red.
 *
 * @example <OperatingHoursEditor value={draft} onChange={setDraft} showIncomplete={triedToSave} />
 */
export function OperatingHoursEditor(props: {
  value: HoursDraft;
  onChange: (draft: HoursDraft) => void;
  showIncomplete: boolean;
  /** What the hours are of; "Operating hours" for a queue. */
  legend?: string;
  /** The two choices' labels: no schedule, a schedule. */
  modeLabels?: readonly [string, string];
}) {
  const a = useAdminT();
  const [unscheduledLabel, scheduledLabel] = props.modeLabels ?? [a.alwaysOpen, a.openOnSchedule];
  const idPrefix = `hours-${useId()}`;
  const draft = props.value;
  const problems = draftProblems(draft);
  const focusAfterRender = useFocusAfterRender();
  const openDays = draft.days.filter((day) => day.open && day.intervals.length > 0).length;
  return (
    <fieldset class="hours-editor">
      <legend>{props.legend ?? a.operatingHours}</legend>
      <div class="hours-mode">
        <label class="check">
          <input type="radio" name={`${idPrefix}-mode`} checked={draft.alwaysOpen} onChange={() => props.onChange({ ...draft, alwaysOpen: true })} />
          {unscheduledLabel}
        </label>
        <label class="check">
          <input type="radio" name={`${idPrefix}-mode`} checked={!draft.alwaysOpen} onChange={() => props.onChange({ ...draft, alwaysOpen: false })} />
          {scheduledLabel}
        </label>
      </div>
      {!draft.alwaysOpen && (
        <>
          <div class="hours-head">
            <div class="stack tight">
              <label for={`${idPrefix}-zone`}>{a.timeZone}</label>
              <TimeZoneSelect id={`${idPrefix}-zone`} value={draft.timeZone} describedBy={`${idPrefix}-zone-now`} onChange={(timeZone) => props.onChange({ ...draft, timeZone })} />
              <small id={`${idPrefix}-zone-now`} class="muted">
                {localNow(draft.timeZone)}
              </small>
            </div>
            <div class="actions">
              <button type="button" class="small secondary" onClick={() => props.onChange(withWorkingWeekTemplate(draft))}>
                {a.fillWorkingWeek}
              </button>
              <button type="button" class="small secondary" onClick={() => props.onChange(withMondayCopiedToWeekdays(draft))}>
                {a.copyMondayToWeekdays}
              </button>
            </div>
          </div>
          <div class="week-hours" role="group" aria-label={a.weeklyHours}>
            {DAYS_MONDAY_FIRST.map((day) => (
              <DayHoursRow
                key={day}
                idPrefix={`${idPrefix}-day${day}`}
                name={dayName(day)}
                value={draft.days[day] ?? { open: false, intervals: [] }}
                problems={problems.intervals[day] ?? []}
                showIncomplete={props.showIncomplete}
                onChange={(change) => props.onChange(withDay(draft, day, change))}
                focusAfterRender={focusAfterRender}
              />
            ))}
          </div>
          {problems.weekly && <p class="field-error">{problems.weekly}</p>}
          {openDays === 0 && <p class="notice small-text">{a.noDayOpen}</p>}
          <HolidayListEditor idPrefix={`${idPrefix}-holidays`} holidays={draft.holidays} problem={problems.holidays} onChange={(holidays) => props.onChange({ ...draft, holidays })} />
        </>
      )}
    </fieldset>
  );
}

/** One weekday: a checkbox saying whether it opens, then its intervals with their problems. */
function DayHoursRow(props: {
  idPrefix: string;
  name: string;
  value: DayDraft;
  problems: readonly (IntervalProblem | undefined)[];
  showIncomplete: boolean;
  onChange: (change: (day: DayDraft) => DayDraft) => void;
  focusAfterRender: (id: string) => void;
}) {
  const { idPrefix, name, value } = props;
  const a = useAdminT();
  const fieldId = (index: number, field: 'opens' | 'closes'): string => `${idPrefix}-${index}-${field}`;
  const addId = `${idPrefix}-add`;
  const changeInterval = (index: number, change: Partial<IntervalDraft>): void =>
    props.onChange((day) => ({ ...day, intervals: day.intervals.map((interval, position) => (position === index ? { ...interval, ...change } : interval)) }));
  const addInterval = (): void => {
    props.onChange((day) => ({ ...day, intervals: [...day.intervals, { opens: '', closes: '' }] }));
    props.focusAfterRender(fieldId(value.intervals.length, 'opens'));
  };
  const removeInterval = (index: number): void => {
    props.onChange((day) => {
      const intervals = day.intervals.filter((_, position) => position !== index);
      return { open: intervals.length > 0, intervals };
    });
    props.focusAfterRender(value.intervals.length > 1 ? addId : `${idPrefix}-open`);
  };
  const showsIntervals = value.open && value.intervals.length > 0;
  return (
    <div class="day-hours" role="group" aria-labelledby={`${idPrefix}-name`}>
      <div class="day-toggle">
        <input
          type="checkbox"
          id={`${idPrefix}-open`}
          checked={showsIntervals}
          onChange={(event) => {
            const open = event.currentTarget.checked;
            props.onChange((day) => ({ open, intervals: open && day.intervals.length === 0 ? [DEFAULT_INTERVAL] : day.intervals }));
          }}
        />
        <label for={`${idPrefix}-open`}>
          <span id={`${idPrefix}-name`}>{name}</span>
          <span class="visually-hidden">{a.dayOpenSuffix}</span>
        </label>
      </div>
      {showsIntervals ? (
        <div class="day-intervals">
          {value.intervals.map((interval, index) => {
            const problem = props.problems[index];
            const shown = problem && (props.showIncomplete || !problem.incomplete) ? problem : undefined;
            const invalid = (field: 'opens' | 'closes'): 'true' | undefined => (shown && (shown.field === field || shown.field === 'both') ? 'true' : undefined);
            const end = intervalEnd(interval);
            const endNote = end ? endNoteOf(end, a) : undefined;
            const noteId = `${idPrefix}-${index}-note`;
            const errorId = `${idPrefix}-${index}-error`;
            const suffix = index === 0 ? '' : a.intervalSuffix(index + 1);
            return (
              <div class="interval-row" key={index}>
                <input
                  type="time"
                  id={fieldId(index, 'opens')}
                  class="time-input"
                  aria-label={a.dayOpens(name, suffix)}
                  value={interval.opens}
                  aria-invalid={invalid('opens')}
                  aria-describedby={shown ? errorId : undefined}
                  onInput={(event) => changeInterval(index, { opens: event.currentTarget.value })}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  id={fieldId(index, 'closes')}
                  class="time-input"
                  aria-label={a.dayCloses(name, suffix)}
                  // The time field cannot show the server's 24:00; it is the same instant as 00:00, the midnight ending the day.
                  value={interval.closes === '24:00' ? '00:00' : interval.closes}
                  aria-invalid={invalid('closes')}
                  aria-describedby={[endNote ? noteId : '', shown ? errorId : ''].filter(Boolean).join(' ') || undefined}
                  onInput={(event) => changeInterval(index, { closes: event.currentTarget.value })}
                />
                <span id={noteId} class="end-note muted small-text">
                  {endNote}
                </span>
                <button
                  type="button"
                  class="icon-button small"
                  aria-label={interval.opens && interval.closes ? a.removeInterval(name, `${interval.opens}–${interval.closes}`) : a.removeIntervalNumber(name, index + 1)}
                  onClick={() => removeInterval(index)}
                >
                  ×
                </button>
                {shown && (
                  <span class="field-error" id={errorId}>
                    {shown.message}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      ) : (
        <span class="muted day-closed">{a.dayClosed}</span>
      )}
      {showsIntervals && (
        <button type="button" id={addId} class="small secondary add-interval" aria-label={a.addHoursOn(name)} onClick={addInterval}>
          {a.addHours}
        </button>
      )}
    </div>
  );
}

/** `Now Tue 14:05 there`, or nothing when the browser does not know the zone. */
function localNow(timeZone: string): string {
  try {
    const locale = currentLocale();
    // English reads `Tue 14:05`: en-GB writes no comma between the day and the time.
    return adminTexts().nowThere(new Date().toLocaleString(locale === 'en' ? 'en-GB' : locale, { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  } catch {
    return '';
  }
}
