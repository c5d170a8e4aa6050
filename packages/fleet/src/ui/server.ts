import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { Fleet } from '../fleet.js';
import { loadAssets } from './assets.js';
import { DashboardListenError } from './errors.js';
import { allowedHosts, checkRequest, TOKEN_COOKIE } from './guard.js';
import { escapeHtml } from './html.js';
import { streamEvents, streamStart } from './live.js';
import { resolveDashboardOptions, type DashboardOptions } from './options.js';
import { renderPath } from './routes.js';
import { layout } from './views/layout.js';

/** A running dashboard: where it listens, and how to stop it. */
export interface Dashboard {
  /** The address to open (with `?token=` when there is a token). */
  readonly url: string;
  /** The port it listens on (the one picked when asked for 0). */
  readonly port: number;
  /** Ends every live stream and stops listening. */
  close(): Promise<void>;
}

/** The request header with which the page's script asks for a view's `<main>` only. */
export const FRAGMENT_HEADER = 'x-fleet-fragment';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  head = false,
): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
  response.end(head ? undefined : body);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => {
      reject(new DashboardListenError(host, port, error.message));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * Serves the project's dashboard over node:http (under Bun and under Node): server-rendered views of the read
 * models and the log, their stylesheet and script, and `/live`, the log as Server-Sent Events. Read-only; on
 * loopback unless `host` (then with `token`). Stops with `close()`.
 *
 * @throws {DashboardOptionsError} / {DashboardTokenRequiredError} bad options (nothing listens).
 * @throws {DashboardListenError} the port is taken or the host is not this machine's.
 * @example
 * const fleet = await openFleet();
 * const dashboard = await startDashboard(fleet, { port: 4700 });
 * console.log(dashboard.url); // http://127.0.0.1:4700/
 */
export async function startDashboard(fleet: Fleet, options: DashboardOptions = {}): Promise<Dashboard> {
  const resolved = resolveDashboardOptions(options);
  const assets = loadAssets();
  const stop = new AbortController();
  const streams = new Set<Promise<void>>();
  let hosts = new Set<string>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    const refusal = checkRequest(request, url, hosts, resolved.token);
    if (refusal !== null) {
      send(response, refusal.status, 'text/plain; charset=utf-8', refusal.message);
      return;
    }
    const head = request.method === 'HEAD';
    if (resolved.token !== undefined && url.searchParams.has('token')) {
      url.searchParams.delete('token');
      response.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(resolved.token)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      response.end();
      return;
    }
    const asset = assets.get(url.pathname);
    if (asset !== undefined) {
      send(response, 200, asset.type, asset.body, head);
      return;
    }
    if (url.pathname === '/live') {
      const stream = streamEvents(
        response,
        fleet,
        await streamStart(request, url, fleet),
        resolved.liveIntervalMs,
        stop.signal,
      );
      streams.add(stream);
      request.on('close', () => response.end());
      await stream.finally(() => streams.delete(stream));
      return;
    }
    const nowMs = Date.now();
    const sequence = await fleet.store.getLatestSequence(fleet.projectKey);
    const { status, page } = await renderPath(fleet, url, nowMs);
    const fragment = request.headers[FRAGMENT_HEADER] === 'main';
    const body = fragment ? page.main.text : layout(page, { root: fleet.root, sequence, nowMs }).text;
    send(response, status, 'text/html; charset=utf-8', body, head);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) response.end();
      else
        send(
          response,
          500,
          'text/html; charset=utf-8',
          `<h1>The dashboard failed</h1><p>${escapeHtml(message)}</p>`,
        );
    });
  });
  const port = await listen(server, resolved.port, resolved.host);
  hosts = allowedHosts(resolved.host, port);
  const shownHost = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const token = resolved.token === undefined ? '' : `?token=${encodeURIComponent(resolved.token)}`;
  return {
    url: `http://${shownHost}:${port}/${token}`,
    port,
    close: async () => {
      stop.abort();
      await Promise.allSettled([...streams]);
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
