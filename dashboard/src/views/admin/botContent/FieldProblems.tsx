/** The problems of one field, below it; give the field `aria-describedby={id}` when there are some. */
export function FieldProblems(props: { id: string; problems: readonly string[] }) {
  if (props.problems.length === 0) return null;
  return (
    <ul class="field-problems" id={props.id}>
      {props.problems.map((problem, index) => (
        <li key={index}>{problem}</li>
      ))}
    </ul>
  );
}

/** The ids a field is described by: its help and, when it has problems, their list. */
export function describedBy(...ids: readonly (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return present.length > 0 ? present.join(' ') : undefined;
}
