import { isIP } from 'node:net';

/**
 * Whether `host` names this machine: `localhost`, an address in 127.0.0.0/8, or `::1` (brackets allowed).
 *
 * @example isLoopbackHost('127.0.0.1') // true; isLoopbackHost('10.0.0.5') // false
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Whether `url` is an http(s) address on this machine; `false` for anything unparsable.
 *
 * @example isLoopbackUrl('http://localhost:56512') // true
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}
