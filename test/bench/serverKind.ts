/** The two servers the benchmark compares: ours (Bot Framework + LINE adapter) and the plain SDK echo bot. */
export type ServerKind = 'ours' | 'plain';

/** Whether `value` names a {@link ServerKind}. */
export function isServerKind(value: unknown): value is ServerKind {
  return value === 'ours' || value === 'plain';
}
