import assert from 'node:assert/strict';
import { ClientAddressResolver } from '../../src/http/clientAddress';

describe('ClientAddressResolver', () => {
  it('takes the socket’s peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolver = new ClientAddressResolver({ kind: 'none' });
    assert.equal(resolver.resolve('203.0.113.7', '198.51.100.1'), '203.0.113.7');
    assert.equal(resolver.resolve('::ffff:203.0.113.7', undefined), '203.0.113.7', 'IPv4-mapped IPv6 as IPv4');
    assert.equal(resolver.resolve(undefined, '198.51.100.1'), 'unknown');
  });

  it('reads X-Forwarded-For from the right past trusted proxies, to the first untrusted hop', () => {
    const resolver = new ClientAddressResolver({ kind: 'addresses', ranges: ['10.0.0.0/8', '127.0.0.1/32'] });
    assert.equal(resolver.resolve('10.0.0.2', '1.2.3.4, 203.0.113.7'), '203.0.113.7', 'entries left of the client are the client’s own');
    assert.equal(resolver.resolve('10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.9'), '203.0.113.7', 'a second trusted proxy is skipped');
    assert.equal(resolver.resolve('10.0.0.2', '10.0.0.8, 10.0.0.9'), '10.0.0.8', 'only proxies: the leftmost');
    assert.equal(resolver.resolve('10.0.0.2', undefined), '10.0.0.2', 'no header: the proxy itself');
    assert.equal(resolver.resolve('10.0.0.2', '203.0.113.7, not-an-address'), '10.0.0.2', 'garbage from the proxy: the proxy');
    assert.equal(resolver.resolve('::ffff:127.0.0.1', '203.0.113.7:51234'), '203.0.113.7', 'a port is dropped');
    assert.equal(resolver.resolve('127.0.0.1', '[2001:DB8::1]:443'), '2001:db8::1');
  });

  it('believes nothing a client that is not a trusted proxy sends', () => {
    const resolver = new ClientAddressResolver({ kind: 'addresses', ranges: ['10.0.0.0/8'] });
    assert.equal(resolver.resolve('203.0.113.7', '10.0.0.5'), '203.0.113.7');
  });

  it('trusts a number of hops whatever their addresses', () => {
    const one = new ClientAddressResolver({ kind: 'hops', hops: 1 });
    assert.equal(one.resolve('172.16.0.1', '1.2.3.4, 203.0.113.7'), '203.0.113.7');
    const two = new ClientAddressResolver({ kind: 'hops', hops: 2 });
    assert.equal(two.resolve('172.16.0.1', '1.2.3.4, 203.0.113.7, 172.16.0.9'), '203.0.113.7');
    assert.equal(two.resolve('172.16.0.1', '203.0.113.7'), '203.0.113.7', 'fewer hops than trusted: the leftmost');
  });

  it('matches IPv6 ranges', () => {
    const resolver = new ClientAddressResolver({ kind: 'addresses', ranges: ['::1/128', 'fd00::/8'] });
    assert.equal(resolver.resolve('::1', '2001:db8::7'), '2001:db8::7');
    assert.equal(resolver.resolve('fd12::3', '2001:db8::7'), '2001:db8::7');
    assert.equal(resolver.resolve('2001:db8::9', '2001:db8::7'), '2001:db8::9');
  });
});
