import { timingSafeEqual } from 'node:crypto';

/** The host names that mean this machine only: `fleet mcp --http` and `fleet ui` serve them without a token. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/**
 * The `Host` header values a server listening on `host:port` answers to: every loopback name when `host` is one,
 * else `host` alone; IPv6 addresses in brackets. Anything else is refused (DNS-rebinding protection).
 */
export function servedHosts(host: string, port: number): string[] {
  const names = LOOPBACK_HOSTS.includes(host) ? LOOPBACK_HOSTS : [host];
  return names.map((name) => `${name.includes(':') ? `[${name}]` : name}:${port}`);
}

/** True when `given` is `secret`, compared in constant time. */
export function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
