// Renders the dashboard's PNG app icons (home screen, app switcher) from its SVGs with the system Chromium:
// `node scripts/renderAppIcons.mjs` after changing dashboard/public/favicon.svg or app-icon.svg. The PNGs are
// committed, so neither the build nor the server needs a browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const publicDir = path.resolve(import.meta.dirname, '..', 'dashboard', 'public');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const icons = [
  // "any": the rounded favicon on a transparent background.
  { source: 'favicon.svg', size: 192, file: 'icon-192.png' },
  { source: 'favicon.svg', size: 512, file: 'icon-512.png' },
  // "maskable": full bleed, the bubble inside the safe zone, for launchers that cut their own shape.
  { source: 'app-icon.svg', size: 512, file: 'icon-maskable-512.png' },
];

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const svg = readFileSync(path.join(publicDir, icon.source), 'utf8').replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
    await page.screenshot({ path: path.join(publicDir, icon.file), omitBackground: true });
    await page.close();
    console.log(`${icon.file}: ${icon.size}×${icon.size} from ${icon.source}`);
  }
} finally {
  await browser.close();
}
