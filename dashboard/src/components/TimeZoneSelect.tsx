let knownTimeZones: readonly string[] | undefined;

/** The IANA time zones this browser knows, read once; none when it cannot list them. */
function browserTimeZones(): readonly string[] {
  if (!knownTimeZones) {
    try {
      knownTimeZones = Intl.supportedValuesOf('timeZone');
    } catch {
      knownTimeZones = [];
    }
  }
  return knownTimeZones;
}

/**
 * A select of the IANA time zones the browser knows (type a few letters to jump to one). `value` is offered even when
 * the browser does not list it, so a zone the server accepted is never lost by opening the form.
 */
export function TimeZoneSelect(props: { id: string; value: string; onChange: (timeZone: string) => void; describedBy?: string }) {
  const zones = browserTimeZones();
  const options = zones.includes(props.value) ? zones : [props.value, ...zones];
  return (
    <select id={props.id} value={props.value} aria-describedby={props.describedBy} onChange={(event) => props.onChange(event.currentTarget.value)}>
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </select>
  );
}
