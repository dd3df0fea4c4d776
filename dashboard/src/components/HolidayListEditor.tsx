import { useState } from 'preact/hooks';
import { useFocusAfterRender } from '../hooks';
import { useAdminT } from '../i18n/I18nProvider';
import { dayName, MAX_HOLIDAYS, datesInText, isCalendarDate, sortedHolidays, weekdayOf } from '../operatingHours';

/**
 * A queue's holidays: a date picker to add one, a sorted list to remove them, and a box to paste many at once.
 * Refuses dates already listed, and more than the server takes; `problem` is the editor's own complaint about the list.
 */
export function HolidayListEditor(props: { idPrefix: string; holidays: readonly string[]; onChange: (holidays: string[]) => void; problem?: string | undefined }) {
  const [date, setDate] = useState('');
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const [pasteNote, setPasteNote] = useState<{ text: string; error: boolean } | undefined>(undefined);
  const focusAfterRender = useFocusAfterRender();
  const a = useAdminT();
  const dateId = `${props.idPrefix}-date`;
  const pasteId = `${props.idPrefix}-paste`;
  const removeId = (holiday: string): string => `${props.idPrefix}-remove-${holiday}`;

  const addDate = (): void => {
    if (!isCalendarDate(date)) return setDateError(date ? a.notADate(date) : a.pickDateFirst);
    if (props.holidays.includes(date)) return setDateError(a.alreadyHoliday(date));
    if (props.holidays.length >= MAX_HOLIDAYS) return setDateError(a.atMostHolidays(MAX_HOLIDAYS));
    setDateError(undefined);
    setDate('');
    props.onChange(sortedHolidays([...props.holidays, date]));
  };
  const addPasted = (): void => {
    const { dates, rejected } = datesInText(pasted);
    if (rejected.length > 0) return setPasteNote({ text: a.notDates(rejected.join(', ')), error: true });
    const fresh = sortedHolidays(dates.filter((candidate) => !props.holidays.includes(candidate)));
    if (props.holidays.length + fresh.length > MAX_HOLIDAYS) return setPasteNote({ text: a.atMostHolidaysNothingAdded(MAX_HOLIDAYS), error: true });
    const skipped = dates.length - fresh.length;
    setPasteNote({ text: a.addedDates(fresh.length, skipped), error: false });
    setPasted('');
    props.onChange(sortedHolidays([...props.holidays, ...fresh]));
  };
  const remove = (holiday: string): void => {
    const position = props.holidays.indexOf(holiday);
    const rest = props.holidays.filter((candidate) => candidate !== holiday);
    const next = rest[position] ?? rest[position - 1];
    focusAfterRender(next ? removeId(next) : dateId);
    props.onChange(rest);
  };

  return (
    <fieldset class="holidays">
      <legend>{a.holidays}</legend>
      <p class="muted small-text" id={`${props.idPrefix}-help`}>
        {a.holidaysHelp}
      </p>
      <div class="input-row">
        <label for={dateId}>{a.date}</label>
        <input
          id={dateId}
          type="date"
          class="date-input"
          value={date}
          aria-invalid={dateError ? 'true' : undefined}
          aria-describedby={dateError ? `${dateId}-error` : `${props.idPrefix}-help`}
          onInput={(event) => {
            setDate(event.currentTarget.value);
            setDateError(undefined);
          }}
          onKeyDown={(event) => {
            // Enter would submit the whole queue form; here it means "add this date".
            if (event.key === 'Enter') {
              event.preventDefault();
              addDate();
            }
          }}
        />
        <button type="button" class="small secondary" onClick={addDate}>
          {a.addHoliday}
        </button>
      </div>
      {dateError && (
        <p class="field-error" id={`${dateId}-error`}>
          {dateError}
        </p>
      )}
      {props.problem && <p class="field-error">{props.problem}</p>}
      {props.holidays.length === 0 ? (
        <p class="muted small-text">{a.noHolidays}</p>
      ) : (
        <ul class="holiday-list" aria-label={a.holidaysCount(props.holidays.length)}>
          {props.holidays.map((holiday) => (
            <li key={holiday}>
              <span>
                <span class="muted">{dayName(weekdayOf(holiday), 'short')}</span> {holiday}
              </span>
              <button type="button" id={removeId(holiday)} class="icon-button small" aria-label={a.removeHoliday(holiday)} onClick={() => remove(holiday)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <details class="paste-dates">
        <summary>{a.pasteSeveralDates}</summary>
        <div class="stack tight">
          <label for={pasteId}>{a.pasteDatesLabel}</label>
          <textarea id={pasteId} rows={3} class="mono" spellcheck={false} value={pasted} onInput={(event) => setPasted(event.currentTarget.value)} />
          <div class="actions">
            <button type="button" class="small secondary" disabled={!pasted.trim()} onClick={addPasted}>
              {a.addTheseDates}
            </button>
            <span role="status" class={pasteNote?.error ? 'field-error' : 'muted small-text'}>
              {pasteNote?.text}
            </span>
          </div>
        </div>
      </details>
    </fieldset>
  );
}
