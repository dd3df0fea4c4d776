import assert from 'node:assert/strict';
import { Closers } from '../../src/composition/closers';

describe('Closers (the app shutdown order)', () => {
  it('closes in the reverse order of adding, waiting for each', async () => {
    const closed: string[] = [];
    const closers = new Closers();
    for (const name of ['storage', 'line', 'http']) {
      closers.add({ name, close: async () => { await new Promise((resolve) => setImmediate(resolve)); closed.push(name); } });
    }
    assert.deepEqual(closers.order, ['http', 'line', 'storage']);
    await closers.closeAll();
    assert.deepEqual(closed, ['http', 'line', 'storage']);
  });

  it('still closes the rest when one fails, then throws the first failure', async () => {
    const closed: string[] = [];
    const closers = new Closers();
    closers.add({ name: 'storage', close: () => { closed.push('storage'); } });
    closers.add({ name: 'line', close: () => { throw new Error('line failed'); } });
    closers.add({ name: 'http', close: async () => { throw new Error('http failed'); } });
    await assert.rejects(closers.closeAll(), /http failed/);
    assert.deepEqual(closed, ['storage']);
  });

  it('closes each part once, even when asked twice', async () => {
    let count = 0;
    const closers = new Closers();
    closers.add({ name: 'storage', close: () => { count += 1; } });
    await closers.closeAll();
    await closers.closeAll();
    assert.equal(count, 1);
  });
});
