import assert from 'node:assert/strict';
import { EventStreamSlots, type ClosableStream } from '../../src/http/eventStreamSlots';

function stream(): ClosableStream & { closedBecause: string | undefined } {
  const s = {
    closedBecause: undefined as string | undefined,
    close(reason: string) {
      s.closedBecause = reason;
    },
  };
  return s;
}

describe('EventStreamSlots', () => {
  it("closes an owner's oldest stream past their share, and counts the new one", () => {
    const slots = new EventStreamSlots({ perOwner: 2, max: 10 });
    const [a, b, c] = [stream(), stream(), stream()];
    assert.deepEqual(slots.admit('u1', a), { admitted: true, superseded: 0 });
    assert.deepEqual(slots.admit('u1', b), { admitted: true, superseded: 0 });
    assert.deepEqual(slots.admit('u1', c), { admitted: true, superseded: 1 });
    assert.equal(a.closedBecause, 'superseded');
    assert.equal(b.closedBecause, undefined);
    assert.equal(slots.countOf('u1'), 2);
    assert.equal(slots.size, 2);
  });

  it('refuses past the maximum until a stream is released', () => {
    const slots = new EventStreamSlots({ perOwner: 5, max: 2 });
    const first = stream();
    slots.admit('u1', first);
    slots.admit('u2', stream());
    assert.deepEqual(slots.admit('u3', stream()), { admitted: false });
    slots.release('u1', first);
    slots.release('u1', first);
    assert.equal(slots.size, 1);
    assert.equal(slots.admit('u3', stream()).admitted, true);
  });
});
