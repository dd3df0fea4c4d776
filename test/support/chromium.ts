import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a headless Chromium that makes no connection of its own beyond the pages it is sent to. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The system Chromium (Debian's `chromium` package), or `CHROMIUM_PATH`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Launches the system Chromium. Fails with a clear message when it is not installed: the browser
 * tests are part of the suite, not optional.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's 'chromium' package or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
