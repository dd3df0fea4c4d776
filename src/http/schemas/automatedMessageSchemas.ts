import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../../dialogs/language/supportedLanguage';
import { AUTOMATED_MESSAGE_KEYS } from '../../../dialogs/texts/automatedMessages';

type MessageKey = (typeof AUTOMATED_MESSAGE_KEYS)[number];

/** Body of `PUT /api/admin/automated-messages/:workstreamId/:language`: the templates to override (others keep their default). */
export const automatedMessageOverridesSchema = z
  .strictObject(Object.fromEntries(AUTOMATED_MESSAGE_KEYS.map((key) => [key, z.string().min(1).max(5000).optional()])) as Record<MessageKey, z.ZodOptional<z.ZodString>>)
  .meta({ id: 'AutomatedMessageOverrides', description: 'Placeholders: {AgentName} {QueueName} {Position} {WaitDuration} {WaitTime}' });

/** Every automated message of a workstream in a language, defaults merged with overrides. */
export const automatedMessagesSchema = z.object(Object.fromEntries(AUTOMATED_MESSAGE_KEYS.map((key) => [key, z.string()])) as Record<MessageKey, z.ZodString>).meta({ id: 'AutomatedMessages' });

/** The path of the automated-message routes. */
export const automatedMessageTargetSchema = z.object({
  workstreamId: z.string(),
  language: z.enum(SUPPORTED_LANGUAGES, `must be one of ${SUPPORTED_LANGUAGES.join(', ')}`),
});

/** `PUT` and `DELETE`: the messages as they are now. */
export const automatedMessageSetSchema = z.object({ workstreamId: z.string(), language: z.enum(SUPPORTED_LANGUAGES), messages: automatedMessagesSchema });

/** `GET`: the messages, and which of them are overridden. */
export const automatedMessageReadingSchema = automatedMessageSetSchema.extend({ overridden: z.array(z.enum(AUTOMATED_MESSAGE_KEYS)) });
