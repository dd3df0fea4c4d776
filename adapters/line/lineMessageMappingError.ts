/**
 * Why an outgoing activity could not become LINE messages. Stable: callers may branch and alert on it.
 *
 * - `insecure_url`: a media URL (or a file link) is not HTTPS; LINE only fetches HTTPS.
 * - `invalid_url`: a URL is missing, unparsable, or an action URI uses a scheme LINE does not open.
 * - `missing_preview_image`: a video has no `thumbnailUrl`, which LINE needs as `previewImageUrl`.
 * - `unsupported_attachment`: an attachment LINE has no equivalent for, and no fallback text was given.
 * - `invalid_attachment`: an attachment of a known type whose content is malformed (e.g. a sticker without ids).
 * - `empty_card`: a hero/thumbnail card with nothing LINE can show (no text, no HTTPS image, no buttons).
 * - `missing_label`: a card action with no title (nor any text to use as its label).
 * - `invalid_action`: a card action that is malformed or lacks what LINE needs (a message action's text, postback data).
 * - `postback_data_too_long`: postback data above LINE's 300 characters.
 * - `action_text_too_long`: a message action's text above LINE's 300 characters.
 * - `quick_reply_without_message`: suggested actions on an activity that produces no message to carry them.
 * - `invalid_channel_data`: `channelData` that claims to hold LINE messages but holds something else.
 */
export type LineMessageMappingErrorCode =
  | 'insecure_url'
  | 'invalid_url'
  | 'missing_preview_image'
  | 'unsupported_attachment'
  | 'invalid_attachment'
  | 'empty_card'
  | 'missing_label'
  | 'invalid_action'
  | 'postback_data_too_long'
  | 'action_text_too_long'
  | 'quick_reply_without_message'
  | 'invalid_channel_data';

/**
 * Thrown by the activity-to-LINE mapping for content LINE cannot take.
 *
 * `field` is the path of the offending value inside the activity, e.g. `attachments[1].contentUrl` or
 * `suggestedActions.actions[3].value`, so the bot author can find it.
 *
 * @example
 * try {
 *   activityToLineMessages(activity);
 * } catch (err) {
 *   if (err instanceof LineMessageMappingError && err.code === 'insecure_url') console.warn(err.field);
 * }
 */
export class LineMessageMappingError extends Error {
  override readonly name = 'LineMessageMappingError';

  /**
   * @param code - Stable reason code.
   * @param field - Path of the offending value inside the activity.
   * @param message - Human-readable explanation, naming what LINE expects.
   */
  constructor(
    readonly code: LineMessageMappingErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
