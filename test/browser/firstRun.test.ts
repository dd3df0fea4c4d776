import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_AUTOMATED_MESSAGES } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { LIVE_MS, openPage, until, useDashboardBrowser } from '../support/dashboardBrowser';

const ARTIFACTS = path.resolve('test-artifacts');

/**
 * What a newcomer does after `npm install && npm start`, in the browser alone: create the administrator with the
 * setup code from the log, become an agent, chat as a LINE customer in the simulator, take the conversation and close
 * it. The server runs as `npm start` runs it: no LINE credentials (so the simulator is on), no admin configured.
 */
describe('first run, in the browser alone', function () {
  this.timeout(180_000);
  let app: RunningApp;
  const { browser, problems } = useDashboardBrowser(ARTIFACTS);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'line-omnichannel-first-run-'));

  before(async () => {
    app = await startApp({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'development', DATA_DIR: dataDir, HANDOFF_WRAP_UP_SECONDS: '600' }), logger: createLogger('silent') });
  });
  after(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the administrator, becomes an agent, serves a simulator customer and closes the conversation', async () => {
    const { context, page } = await openPage(browser(), problems);
    const customer = await context.newPage();
    try {
      // The administrator, from the setup code the server printed.
      await page.goto(`${app.url}/dashboard`);
      await page.getByRole('button', { name: 'Create the administrator' }).click();
      await page.getByLabel('Setup code').fill('WRONG-CODE0-00000-00000');
      await page.getByLabel('Username').fill('mai');
      await page.getByLabel('Your name (optional)').fill('Mai');
      await page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
      await page.getByLabel('Password again').fill('a-long-enough-password');
      await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'wrong setup code' }).waitFor();
      await page.getByLabel('Setup code').fill((app.firstAdminSetup.code ?? '').toLowerCase());
      await page.screenshot({ path: path.join(ARTIFACTS, 'first-run-setup.png') });
      await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      assert.equal(await app.firstAdminSetup.isNeeded(), false);

      // An agent profile for herself, in the fallback queue every language reaches.
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Agents' }).click();
      await page.getByRole('button', { name: 'Add agent profile' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add an agent profile' });
      await dialog.getByLabel('User').selectOption({ label: 'mai (admin)' });
      await dialog.getByRole('checkbox', { name: 'en', exact: true }).check();
      await dialog.getByRole('checkbox', { name: 'General' }).check();
      await dialog.getByRole('button', { name: 'Add profile' }).click();
      await page.getByRole('cell', { name: 'General' }).waitFor();
      // Her screen learns she now takes conversations at her next move.
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Queues' }).click();
      await page.getByRole('link', { name: 'Conversations' }).click();
      await page.getByRole('radio', { name: 'Available' }).check();

      // A LINE customer in the simulator asks for a person.
      await customer.goto(`${app.url}/simulator`);
      await customer.fill('#display-name', 'Ken');
      await customer.selectOption('#language', 'en');
      await customer.click('#profile-form button[type=submit]');
      // The greeting names whoever the simulator knows when the follow arrives: the profile must be saved first.
      await customer.locator('#status').getByText('Profile saved: Ken (en).').waitFor({ timeout: LIVE_MS });
      await customer.click('#follow');
      const log = customer.locator('#log');
      await log.getByText(EN_TEXTS.greeting('Ken')).waitFor({ timeout: LIVE_MS });
      await customer.locator('#quick-replies button', { hasText: EN_TEXTS.talkToPersonLabel }).click();

      // Offered live; taken; both ways; ended and closed.
      const offer = page.getByRole('article', { name: 'Offer: Ken' });
      await offer.waitFor();
      await offer.getByRole('button', { name: 'Accept' }).click();
      await log.getByText(DEFAULT_AUTOMATED_MESSAGES.en.agentAssigned.replace('{AgentName}', 'Mai')).waitFor({ timeout: LIVE_MS });
      await customer.fill('#message-text', 'My order has not arrived.');
      await customer.press('#message-text', 'Enter');
      const transcript = page.getByRole('list', { name: 'Conversation with Ken' });
      await transcript.getByText('My order has not arrived.').waitFor();
      await page.getByLabel('Message to Ken').fill('Sorry to hear that, Ken. Let me check.');
      await page.getByLabel('Message to Ken').press('Enter');
      await log.getByText('Sorry to hear that, Ken. Let me check.').waitFor({ timeout: LIVE_MS });
      await customer.screenshot({ path: path.join(ARTIFACTS, 'first-run-simulator.png') });
      await page.getByRole('button', { name: 'End', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'End conversation' }).click();
      await log.getByText(DEFAULT_AUTOMATED_MESSAGES.en.conversationEnded).waitFor({ timeout: LIVE_MS });
      await page.getByRole('button', { name: 'Close (wrap-up done)' }).click();
      await until('the conversation is closed', async () => (await app.handoff.overview()).conversations.length === 0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'first-run-dashboard.png') });
    } finally {
      await context.close();
    }
  });
});
