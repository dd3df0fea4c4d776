import { useAdminT } from '../../../i18n/I18nProvider';

/** A warning sign after a name whose content has problems, said in words to screen readers. */
export function ProblemMarker() {
  const a = useAdminT();
  return (
    <span class="problem-marker">
      <span aria-hidden="true"> ⚠</span>
      <span class="visually-hidden">{a.hasProblems}</span>
    </span>
  );
}
