import { startApp } from './app';
import { ConfigError, loadConfig, loadEnvFileIfPresent } from './config';
import { createLogger } from './logger';

/** Entry point of `npm start`: reads the configuration, starts the server, stops cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    loadEnvFileIfPresent('.env');
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp({ config, logger });
  // Besides the JSON log: a line a person starting the server sees and can copy.
  const lines = [`line-omnichannel is running: ${config.publicUrl ?? app.url}/`];
  if (app.firstAdminSetup.code !== undefined && (await app.firstAdminSetup.isNeeded())) {
    lines.push(`Setup code for the first administrator: ${app.firstAdminSetup.code}  (enter it at ${config.publicUrl ?? app.url}/dashboard)`);
  }
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Running turns get a bounded time to finish; LINE redelivers what was not acknowledged.
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
