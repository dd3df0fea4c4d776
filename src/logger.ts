import pino, { type Logger } from 'pino';

/**
 * Creates the structured JSON logger. Secrets that could reach a log line through a request or
 * an error are redacted.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'line-omnichannel' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-line-signature"]', 'channelSecret', 'channelAccessToken', '*.channelSecret', '*.channelAccessToken'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
