/**
 * Routing configuration that cannot be acted on: an unknown queue, a malformed time. Raised
 * by the routing functions so that a bad configuration fails loudly instead of misrouting.
 *
 * @example throw new RoutingConfigurationError('unknown_queue', `fallback queue 'x' is not defined`)
 */
export class RoutingConfigurationError extends Error {
  constructor(
    readonly code: 'unknown_queue' | 'invalid_time' | 'invalid_time_zone',
    message: string,
  ) {
    super(message);
    this.name = 'RoutingConfigurationError';
  }
}
