import { BlockList, isIP } from 'node:net';
import type { Request } from 'restify';
import type { TrustProxy } from '../config';

/**
 * Finds the address of the client of a request: the socket's peer, unless that peer is a trusted reverse proxy; then
 * `X-Forwarded-For` is read from the right (each proxy appends the address it was reached from), skipping trusted
 * hops, and the first untrusted hop is the client. Entries left of it are whatever the client sent and are ignored,
 * so a client cannot choose its address by sending the header itself.
 *
 * @example
 * ```ts
 * const clientAddress = new ClientAddressResolver({ kind: 'addresses', ranges: ['10.0.0.0/8'] });
 * clientAddress.of(req); // '203.0.113.7' for a request from 10.0.0.2 with `X-Forwarded-For: 1.2.3.4, 203.0.113.7`
 * ```
 */
export class ClientAddressResolver {
  private readonly trusted: (address: string, hop: number) => boolean;

  constructor(trust: TrustProxy) {
    if (trust.kind === 'hops') {
      this.trusted = (_address, hop) => hop < trust.hops;
    } else if (trust.kind === 'addresses') {
      const list = new BlockList();
      for (const range of trust.ranges) {
        const [network = '', bits = ''] = range.split('/');
        list.addSubnet(network, Number(bits), isIP(network) === 6 ? 'ipv6' : 'ipv4');
      }
      this.trusted = (address) => list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    } else {
      this.trusted = () => false;
    }
  }

  /** The client's address for `req` (`unknown` when the socket has none, e.g. after it closed). */
  of(req: Request): string {
    const header = req.headers['x-forwarded-for'];
    return this.resolve(req.socket.remoteAddress, Array.isArray(header) ? header.join(',') : header);
  }

  /** The client's address given the socket's peer and the `X-Forwarded-For` header (absent when not sent). */
  resolve(socketAddress: string | undefined, forwardedFor: string | undefined): string {
    const peer = socketAddress === undefined ? undefined : plainAddress(socketAddress);
    if (peer === undefined) return 'unknown';
    const hops = (forwardedFor ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).reverse();
    let client = peer;
    for (let hop = 0; this.trusted(client, hop) && hop < hops.length; hop += 1) {
      const next = plainAddress(hops[hop] ?? '');
      // A trusted proxy wrote something that is not an address: the proxy itself is the last hop known.
      if (next === undefined) break;
      client = next;
    }
    return client;
  }
}

/**
 * An address as the limits key on it: IPv4-mapped IPv6 as IPv4, without a port, brackets or zone; `undefined` when it
 * is no IP address.
 */
function plainAddress(value: string): string | undefined {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1] ?? '';
  const family = isIP(address);
  if (family === 0) return undefined;
  return family === 6 ? address.toLowerCase() : address;
}
