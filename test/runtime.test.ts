import assert from 'node:assert/strict';

describe('runtime', () => {
  it('runs on Node 24 LTS (the npm scripts use the project’s own node)', () => {
    assert.equal(process.versions.node.split('.')[0], '24', `running on Node ${process.versions.node}`);
  });
});
