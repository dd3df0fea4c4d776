import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';

/**
 * The SDK's CloudAdapter, with authentication and the turn as two steps, so the HTTP route decides what each failure
 * answers (a refused token is 401 whatever its shape; a failure of ours is 500 without its message).
 *
 * @example
 * ```ts
 * const adapter = new BotFrameworkCloudAdapter(authentication);
 * const result = await adapter.authenticate(activity, req.headers.authorization ?? '');
 * await adapter.runAuthenticated(result, activity, (context) => bot.run(context));
 * ```
 */
export class BotFrameworkCloudAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  /** Authenticates an incoming request. @throws whatever the SDK throws for a token it refuses. */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the middleware and `logic` for an activity {@link authenticate} accepted. */
  runAuthenticated(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}
