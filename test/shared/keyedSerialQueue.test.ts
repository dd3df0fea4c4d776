import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedSerialQueue } from '../../shared/keyedSerialQueue';

describe('KeyedSerialQueue', () => {
  it('runs the tasks of one key in order, even when earlier ones are slower', async () => {
    const queue = new KeyedSerialQueue();
    const order: number[] = [];
    const delays = [30, 1, 15, 0];
    await Promise.all(delays.map((delay, index) => queue.run('a', async () => { await sleep(delay); order.push(index); })));
    assert.deepEqual(order, [0, 1, 2, 3]);
  });

  it('runs different keys concurrently', async () => {
    const queue = new KeyedSerialQueue();
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const blocked = queue.run('a', async () => { started.push('a'); await gate; });
    await queue.run('b', async () => { started.push('b'); });
    assert.deepEqual(started, ['a', 'b'], 'b ran while a was still blocked');
    release();
    await blocked;
  });

  it('keeps going after a failing task and reports idleness', async () => {
    const queue = new KeyedSerialQueue();
    const failing = queue.run('a', async () => { throw new Error('boom'); });
    const after = queue.run('a', async () => 42);
    await assert.rejects(failing, /boom/);
    assert.equal(await after, 42);
    await queue.onIdle();
    assert.equal(queue.size, 0);
  });

  it('runs at most maxConcurrent tasks at once, keeping each key in order', async () => {
    const queue = new KeyedSerialQueue(2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const tasks = ['a1', 'b1', 'c1', 'a2', 'b2', 'c2'].map((name) =>
      queue.run(name[0] ?? '', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        order.push(name);
        running -= 1;
      }),
    );
    await Promise.all(tasks);
    assert.equal(peak, 2);
    for (const key of ['a', 'b', 'c']) assert.deepEqual(order.filter((name) => name.startsWith(key)), [`${key}1`, `${key}2`]);
  });

  it('follows a changed limit: a lower one lets running tasks finish first, a higher one starts waiting tasks at once', async () => {
    const queue = new KeyedSerialQueue(4);
    let running = 0;
    const peaks: number[] = [];
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 8 }, (_, index) =>
      queue.run(`k${index}`, async () => {
        running += 1;
        peaks.push(running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
      }),
    );
    await sleep(5);
    assert.equal(running, 4);
    queue.setLimit(1);
    // Four run and four wait: finishing three of them starts nothing, the fourth hands its slot on.
    for (let released = 0; released < 3; released += 1) gates.shift()!();
    await sleep(5);
    assert.equal(running, 1);
    assert.equal(queue.active, 1);
    queue.setLimit(3);
    await sleep(5);
    assert.equal(running, 3, 'raising the limit starts waiting tasks without waiting for one to finish');
    assert.equal(queue.limit, 3);
    while (gates.length > 0 || running > 0) {
      gates.shift()?.();
      await sleep(1);
    }
    await Promise.all(tasks);
    assert.equal(Math.max(...peaks.slice(4)), 3);
    assert.equal(queue.active, 0);
    assert.throws(() => queue.setLimit(0), RangeError);
  });
});
