/**
 * The servers the benchmark compares: ours (Bot Framework + LINE adapter), the plain SDK echo bot, and the floor
 * (`node:http`, the signature check and `JSON.parse`, nothing else: what the machine can do for an acknowledgement).
 */
export type ServerKind = 'ours' | 'plain' | 'floor';

/**
 * What counts as a server's answer to an event: `reply` — its message reaching the fake LINE API; `ack` — the
 * webhook's 200 (the floor sends no replies).
 */
export type ServerAnswer = 'ack' | 'reply';

/** Whether `value` names a {@link ServerKind}. */
export function isServerKind(value: unknown): value is ServerKind {
  return value === 'ours' || value === 'plain' || value === 'floor';
}

/**
 * How `kind` answers an event (see {@link ServerAnswer}).
 *
 * @example answersOf('floor'); // 'ack'
 */
export function answersOf(kind: ServerKind): ServerAnswer {
  return kind === 'floor' ? 'ack' : 'reply';
}
