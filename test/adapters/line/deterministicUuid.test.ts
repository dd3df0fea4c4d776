import assert from 'node:assert/strict';
import { deterministicUuid } from '../../../adapters/line/deterministicUuid';

describe('deterministicUuid', () => {
  it('is a well-formed UUID, stable for a name and distinct across names', () => {
    const first = deterministicUuid('default|01HZXJ4M0Y6B3V2W7Q9R8T5S1K|0');
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(deterministicUuid('default|01HZXJ4M0Y6B3V2W7Q9R8T5S1K|0'), first);
    assert.notEqual(deterministicUuid('default|01HZXJ4M0Y6B3V2W7Q9R8T5S1K|5'), first);
  });
});
