import { DomainError } from '../../domainError';

/**
 * Routing configuration that cannot be acted on: an unknown queue, a malformed time. Raised
 * by the routing functions so that a bad configuration fails loudly instead of misrouting; a request it stops is
 * answered 409 (the configuration, not the request, must change).
 *
 * @example throw new RoutingConfigurationError('unknown_queue', `fallback queue 'x' is not defined`)
 */
export class RoutingConfigurationError extends DomainError {
  constructor(
    override readonly code: 'unknown_queue' | 'invalid_time' | 'invalid_time_zone',
    message: string,
  ) {
    super(code, 409, message);
  }
}
