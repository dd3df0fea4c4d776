/** A warning sign after a name whose content has problems, said in words to screen readers. */
export function ProblemMarker() {
  return (
    <span class="problem-marker">
      <span aria-hidden="true"> ⚠</span>
      <span class="visually-hidden"> (has problems)</span>
    </span>
  );
}
