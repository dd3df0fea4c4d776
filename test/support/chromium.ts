import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** Names a system Chromium (or Chrome) goes by on `PATH`. */
const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Where the browser tests' Chromium comes from. */
export interface ChromiumChoice {
  readonly executablePath: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/** A system Chromium found on `PATH` (Debian's `chromium` package, Chrome), or `undefined`. */
export function systemChromium(searchPath = process.env.PATH ?? ''): string | undefined {
  for (const directory of searchPath.split(path.delimiter).filter((entry) => entry !== '')) {
    for (const name of SYSTEM_BROWSERS) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The Chromium to test with: `CHROMIUM_PATH` when set, else a system Chromium on `PATH`, else the one the
 * `@sparticuz/chromium` devDependency ships inside its npm tarball (unpacked into the temp directory on first use;
 * nothing is downloaded), so `npm test` runs on a machine with only the npm registry.
 */
export async function chooseChromium(): Promise<ChromiumChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return { executablePath: configured, source: 'CHROMIUM_PATH' };
  }
  const system = systemChromium();
  if (system !== undefined) return { executablePath: system, source: 'system' };
  const packaged = (await import('@sparticuz/chromium')).default;
  return { executablePath: await packaged.executablePath(), source: '@sparticuz/chromium' };
}

/**
 * Launches Chromium (see {@link chooseChromium}): the browser tests are part of the suite, not optional.
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath } = await chooseChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
