import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { FleetError } from '@fleettools/core';

import type { Fleet } from '../fleet.js';
import { createFleetMcpServer } from './server.js';
import type { ToolProfile } from './tool.js';

/** The hosts that are this machine: served without a token. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** `fleet mcp --http` would listen beyond this machine with no bearer token. */
export class HttpTokenRequiredError extends FleetError {
  declare readonly code: 'MCP_TOKEN_REQUIRED';

  constructor(host: string) {
    super('MCP_TOKEN_REQUIRED', `Serving MCP on host '${host}' (not loopback) needs a bearer token.`, {
      host,
    });
    this.withHint({
      action: 'pass --token SECRET (clients send Authorization: Bearer SECRET), or serve on 127.0.0.1',
    });
  }
}

/** Options of {@link serveHttp}. */
export interface HttpOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Required when `host` is not loopback: clients send `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly profile: ToolProfile;
}

/** A running `fleet mcp --http`. */
export interface HttpServing {
  /** Where clients connect: `http://HOST:PORT/mcp`. */
  readonly url: string;
  /** Stops listening and ends every session (what their pilots held is released). */
  readonly close: () => Promise<void>;
}

/** Ends a request with a status and a JSON error. */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
}

/** True when `given` is the token (compared in constant time). */
function tokenMatches(given: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Serves MCP over Streamable HTTP at `/mcp`; each HTTP session is one pilot (ended, and its holdings released,
 * when the client deletes it). Host and Origin headers must name the served host (DNS-rebinding protection).
 *
 * @throws {HttpTokenRequiredError} `host` is not loopback and no token is given.
 */
export async function serveHttp(fleet: Fleet, options: HttpOptions): Promise<HttpServing> {
  const { host, token } = options;
  if (!LOOPBACK_HOSTS.includes(host) && token === undefined) throw new HttpTokenRequiredError(host);
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const ends: Promise<void>[] = [];
  let port = options.port;
  const hostNames = (): string[] => {
    const names = LOOPBACK_HOSTS.includes(host) ? LOOPBACK_HOSTS : [host];
    return names.map((name) => `${name.includes(':') ? `[${name}]` : name}:${port}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await route(req, res);
    } catch (error) {
      if (!res.headersSent) refuse(res, 500, error instanceof Error ? error.message : String(error));
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') {
      refuse(res, 404, 'not found: use /mcp');
      return;
    }
    if (!hostNames().includes(req.headers.host ?? '')) {
      refuse(res, 403, 'Host header not allowed');
      return;
    }
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !hostNames().some((name) => origin === `http://${name}` || origin === `https://${name}`)
    ) {
      refuse(res, 403, `Origin not allowed: ${origin}`);
      return;
    }
    if (token !== undefined && !tokenMatches(req.headers.authorization, token)) {
      refuse(res, 401, 'missing or wrong bearer token');
      return;
    }
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    if (known !== undefined) return known.handleRequest(req, res);
    if (id !== undefined) {
      refuse(res, 404, 'unknown MCP session');
      return;
    }
    const { server, session } = createFleetMcpServer(fleet, { profile: options.profile });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      ends.push(session.end('mcp http session ended'));
    };
    await server.connect(transport);
    return transport.handleRequest(req, res);
  };

  const http: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => http.listen(options.port, host, resolve));
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://${hostNames()[0] ?? host}/mcp`,
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      await Promise.all(ends);
      await new Promise<void>((resolve) =>
        http.close(() => {
          resolve();
        }),
      );
    },
  };
}
