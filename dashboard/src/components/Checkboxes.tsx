import { useAdminT } from '../i18n/I18nProvider';

/** A group of checkboxes choosing some of `options` (languages, roles, queues). */
export function Checkboxes<T extends string>(props: { legend: string; name: string; options: readonly { value: T; label: string }[]; selected: readonly T[]; onChange: (selected: T[]) => void }) {
  const a = useAdminT();
  return (
    <fieldset class="checkboxes">
      <legend>{props.legend}</legend>
      {props.options.length === 0 && <span class="muted small-text">{a.noneToChoose}</span>}
      {props.options.map((option) => (
        <label key={option.value}>
          <input
            type="checkbox"
            name={props.name}
            value={option.value}
            checked={props.selected.includes(option.value)}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              props.onChange(checked ? [...props.selected.filter((value) => value !== option.value), option.value] : props.selected.filter((value) => value !== option.value));
            }}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
