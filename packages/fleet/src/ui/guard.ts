import type { IncomingMessage } from 'node:http';

import { sameSecret, servedHosts } from '../http/hosts.js';

/** The cookie a browser keeps the token in after its first `?token=` visit. */
export const TOKEN_COOKIE = 'fleet_ui_token';

/** Why a request is turned away: the status and a sentence for the body. */
export interface Refusal {
  readonly status: 403 | 401 | 405;
  readonly message: string;
}

/** The `Host` values the dashboard answers to: the host it listens on (or every loopback name) and its port. */
export function allowedHosts(host: string, port: number): Set<string> {
  return new Set(servedHosts(host, port));
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Whether to answer a request: only GET and HEAD (the dashboard is read-only); only a `Host` it listens as (no
 * DNS rebinding); an `Origin`, when sent, of the dashboard itself; and the token, when there is one, from the
 * `Authorization: Bearer` header, the cookie, or `?token=` (the caller then sets the cookie).
 */
export function checkRequest(
  request: IncomingMessage,
  url: URL,
  hosts: ReadonlySet<string>,
  token: string | undefined,
): Refusal | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, message: 'The dashboard is read-only: only GET and HEAD are answered.' };
  }
  if (!hosts.has(request.headers.host ?? '')) {
    return { status: 403, message: `Host '${request.headers.host ?? ''}' is not this dashboard.` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) {
    return { status: 403, message: `Origin '${origin}' may not read this dashboard.` };
  }
  if (token === undefined) return null;
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const given = bearer ?? cookieToken(request.headers.cookie) ?? url.searchParams.get('token') ?? '';
  return sameSecret(given, token)
    ? null
    : { status: 401, message: 'This dashboard needs its token: open the address `fleet ui` printed.' };
}
