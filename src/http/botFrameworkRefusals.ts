import { DomainError } from '../domainError';

/** The body of `POST /api/messages` is not a Bot Framework activity (400). */
export class NotAnActivityError extends DomainError {
  constructor(reason: string) {
    super('not_an_activity', 400, `not a Bot Framework activity: ${reason}`);
  }
}

/** An activity of a channel this server serves through its own webhook (`line`) (403). */
export class NativeChannelError extends DomainError {
  constructor(readonly channelId: string) {
    super('native_channel', 403, `channel '${channelId}' is served by this server's own webhook (/api/line/:accountId), not by /api/messages`);
  }
}

/** Without an app id only a local Emulator is served: the activity's `serviceUrl` is off this machine (403). */
export class ServiceUrlOffMachineError extends DomainError {
  constructor() {
    super('service_url_off_machine', 403, 'without MicrosoftAppId, /api/messages serves only a local Bot Framework Emulator: serviceUrl must be on this machine (localhost)');
  }
}

/** Bot Framework authentication refused the request's token, whatever its shape (401). */
export class BotFrameworkAuthenticationError extends DomainError {
  constructor(cause: unknown) {
    super('not_authenticated', 401, 'not authenticated', { cause });
  }
}
