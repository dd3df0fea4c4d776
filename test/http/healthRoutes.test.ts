import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ApiRouter } from '../../src/http/api/apiRouter';
import { registerHealthRoutes } from '../../src/http/healthRoutes';
import type { RequestAuthorizer } from '../../src/http/requestAuthorization';
import { createLogger } from '../../src/logger';

/** The health routes are public: nothing is ever authorized. */
const apiOn = (server: restify.Server): ApiRouter => new ApiRouter(server, { authorizer: {} as RequestAuthorizer, logger: createLogger('silent') });

describe('/readyz', () => {
  it('answers 503 while a check hangs, naming it, instead of waiting for it', async function () {
    this.timeout(10_000);
    const server = restify.createServer();
    let release: (() => void) | undefined;
    const hanging = new Promise<boolean>((resolve) => {
      release = () => resolve(true);
    });
    registerHealthRoutes(apiOn(server), [{ name: 'store', check: () => hanging }, { name: 'lineAccounts', check: async () => true }], 100);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { status: 'not ready', checks: { store: false, lineAccounts: true } });
      release?.();
      const ready = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      assert.equal(ready.status, 200, 'ready once the check answers');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('/readyz with an informational check', () => {
  it('reports a failing informational check (no LINE channel yet) but stays ready', async () => {
    const server = restify.createServer();
    let storeUp = true;
    registerHealthRoutes(apiOn(server), [
      { name: 'store', check: async () => storeUp },
      { name: 'lineAccounts', check: async () => false, informational: true },
    ]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
      const ready = await fetch(url);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: true, lineAccounts: false } });
      storeUp = false;
      const down = await fetch(url);
      assert.equal(down.status, 503, 'a real dependency still decides');
      assert.deepEqual(await down.json(), { status: 'not ready', checks: { store: false, lineAccounts: false } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
