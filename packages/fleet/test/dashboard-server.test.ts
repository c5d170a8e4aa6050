/**
 * The dashboard's server without a browser: what it refuses (other hosts and origins, writes, a missing token),
 * its options and errors, the live stream's resume point, and `fleet ui` itself (in process, and opening the
 * page with $BROWSER as a real process).
 */
import { readFileSync, writeFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { createEvent } from '@fleettools/events';
import { projectionStatements } from '@fleettools/events/internal';

import { runCli } from '../src/cli/index.js';
import { openFleet, type Fleet } from '../src/fleet.js';
import {
  DashboardListenError,
  DashboardOptionsError,
  DashboardTokenRequiredError,
} from '../src/ui/errors.js';
import { startDashboard, type Dashboard } from '../src/ui/server.js';
import { failureOf } from './support/failure.js';
import { fleetInProcess, tempDir } from './support/run.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test send another Host). */
function send(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The first `count` events of the live stream after `headers`' resume point, as `id` lines. */
async function streamIds(
  port: number,
  headers: Record<string, string>,
  query: string,
  count: number,
): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/live${query}`, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
          if (ids.length >= count) {
            req.destroy();
            resolve(ids.slice(0, count));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const base = tempDir('fleet-ui-server-');
const root = join(base.dir, 'project');
let project: Fleet;
let dashboard: Dashboard;

beforeAll(async () => {
  mkdirSync(root);
  expect((await fleetInProcess(root, ['init'])).code).toBe(0);
  project = await openFleet({ cwd: root });
  const pilot = await project.register({ callsign: 'viper-1', heartbeatMs: 0 });
  for (let i = 0; i < 5; i += 1) await pilot.heartbeat(`beat ${i}`);
  dashboard = await startDashboard(project);
});

afterAll(async () => {
  await dashboard.close();
  await project.close();
  base.remove();
});

describe('what the server refuses', () => {
  test('another Host (DNS rebinding), another Origin, and anything but GET and HEAD', async () => {
    const port = dashboard.port;
    expect((await send(port, '/', { host: 'evil.example' })).status).toBe(403);
    expect((await send(port, '/', { host: `localhost:${port}` })).status).toBe(200);
    expect((await send(port, '/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await send(port, '/', { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    const post = await send(port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.body).toContain('read-only');
    const head = await send(port, '/files', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  test('pages and assets: security headers, 404s, a fragment is only <main>', async () => {
    const port = dashboard.port;
    const page = await send(port, '/');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toStartWith('<!doctype html>');
    const fragment = await send(port, '/', { 'x-fleet-fragment': 'main' });
    expect(fragment.body).toStartWith('<h1>Pilots</h1>');
    expect((await send(port, '/assets/dashboard.js')).headers['content-type']).toContain('javascript');
    expect((await send(port, '/assets/dashboard.css')).body).toContain('prefers-color-scheme: dark');
    const missing = await send(port, '/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Nothing is at /nowhere.');
    expect((await send(port, '/threads/thread-none')).body).toContain('There is no thread thread-none.');
    expect((await send(port, '/files?page=zero')).status).toBe(200);
    expect((await send(port, '/log?since=yesterday')).body).toContain(
      'Filter since: expected an ISO 8601 date-time with a zone, got &#39;yesterday&#39;.',
    );
    await project.pilot('viper-1').reservations.reserve(['docs/long.md'], { ttlMs: 7_200_000 });
    expect((await send(port, '/files')).body).toMatch(/1 h 59 m left|2 h 00 m left/);
    const failed = await send(port, '/threads/%E0%A4%A');
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('The dashboard failed');
  });

  test('with a token: refused without it; ?token= sets a cookie; the cookie and a Bearer header are accepted', async () => {
    const token = 'a-secret-of-24-characters';
    const guarded = await startDashboard(project, { token });
    try {
      const port = guarded.port;
      expect(guarded.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
      expect((await send(port, '/')).status).toBe(401);
      expect((await send(port, '/', { cookie: 'fleet_ui_token=wrong-secret-of-24-chars' })).status).toBe(401);
      const first = await send(port, `/log?token=${token}&type=pilot_active`);
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/log?type=pilot_active');
      expect(String(first.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
      expect((await send(port, '/', { cookie: `other=1; fleet_ui_token=${token}` })).status).toBe(200);
      expect((await send(port, '/', { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('a big project stays usable', () => {
  test('500 pilots, 10,000 reserved paths and 101 pending sorties: every page is bounded', async () => {
    const big = join(base.dir, 'big');
    mkdirSync(big);
    expect((await fleetInProcess(big, ['init'])).code).toBe(0);
    const bigFleet = await openFleet({ cwd: big });
    const project_key = bigFleet.projectKey;
    const events = [
      ...Array.from({ length: 500 }, (_, n) =>
        createEvent('pilot_registered', { project_key, callsign: `pilot-${n}` }),
      ),
      ...Array.from({ length: 100 }, (_, r) =>
        createEvent('file_reserved', {
          project_key,
          reservation_id: `rsv-big${r}`,
          callsign: `pilot-${r % 99}`,
          paths: Array.from({ length: 100 }, (_, n) => `src/mod-${r}/file-${n}.ts`),
          ttl_ms: 3_600_000,
        }),
      ),
      ...Array.from({ length: 101 }, (_, n) =>
        createEvent('sortie_created', { project_key, sortie_id: `sortie-big${n}`, title: `Sortie ${n}` }),
      ),
    ];
    // The read models as the store's projections write them (what bench/lib/seeder.ts does): through the store,
    // each reservation's overlap check against every held path would make seeding take minutes.
    await bigFleet.db.$client.transaction('write', async (tx) => {
      for (const statement of events.flatMap((event) => projectionStatements(event))) await tx.run(statement);
    });
    const bigDashboard = await startDashboard(bigFleet);
    try {
      const port = bigDashboard.port;
      const pilots = await send(port, '/');
      expect(pilots.body.match(/data-pilot="/g)).toHaveLength(500);
      expect(pilots.body).toContain('+194 more');
      const files = await send(port, '/files');
      expect(files.body).toContain('page 1 of 34 (10000 paths)');
      expect(files.body.match(/class="leaf"/g)).toHaveLength(300);
      const last = await send(port, '/files?page=34');
      expect(last.body).toContain('← previous');
      expect(last.body.match(/class="leaf"/g)).toHaveLength(100);
      const board = await send(port, '/board');
      expect(board.body).toContain('… and 1 more');
      expect(board.body).toContain('Sortie 100');
      for (const reply of [pilots, files, last, board]) expect(reply.body.length).toBeLessThan(1_000_000);
    } finally {
      await bigDashboard.close();
      await bigFleet.close();
    }
  }, 30_000);
});

describe('options and errors', () => {
  test('beyond loopback needs a token; bad options and a taken port are typed errors', async () => {
    const exposed = await failureOf(startDashboard(project, { host: '0.0.0.0' }));
    expect(exposed).toBeInstanceOf(DashboardTokenRequiredError);
    expect((exposed as DashboardTokenRequiredError).hint?.command).toContain('--token');
    const bad = await failureOf(startDashboard(project, { port: 70_000 }));
    expect(bad).toBeInstanceOf(DashboardOptionsError);
    expect((bad as DashboardOptionsError).message).toContain('port');
    const taken = await failureOf(startDashboard(project, { port: dashboard.port }));
    expect(taken).toBeInstanceOf(DashboardListenError);
    expect((taken as DashboardListenError).code).toBe('UI_LISTEN');
    const ipv6 = await startDashboard(project, { host: '::1' });
    expect(ipv6.url).toBe(`http://[::1]:${ipv6.port}/`);
    await ipv6.close();
  });
});

describe('the live stream', () => {
  test('resumes after Last-Event-ID, else after ?after=, else after the latest event', async () => {
    const port = dashboard.port;
    expect(await streamIds(port, { 'last-event-id': '3' }, '?after=1', 2)).toEqual([4, 5]);
    expect(await streamIds(port, {}, '?after=1', 2)).toEqual([2, 3]);
    const latest = await project.store.getLatestSequence(project.projectKey);
    const next = streamIds(port, {}, '', 1);
    await Bun.sleep(300);
    await project.pilot('viper-1').heartbeat('after the stream opened');
    expect(await next).toEqual([latest + 1]);
  });
});

describe('fleet ui', () => {
  test('in process: prints where it listens (--json), says when it cannot open a browser, serves until the signal', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    let printed: (line: string) => void = () => undefined;
    const firstLine = new Promise<string>((resolve) => {
      printed = resolve;
    });
    const run = runCli(['ui', '--port', '0', '--json', '--open'], {
      stdout: (line) => {
        lines.push(line);
        printed(line);
      },
      stderr: (line) => lines.push(line),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      cwd: root,
      env: { BROWSER: join(base.dir, 'no-such-opener') },
      signal: stop.signal,
    });
    const { url } = JSON.parse(await firstLine) as { url: string };
    expect((await fetch(url)).status).toBe(200);
    for (let i = 0; i < 50 && lines.length < 2; i += 1) await Bun.sleep(20);
    stop.abort();
    expect(await run).toBe(0);
    expect(lines[1]).toBe(
      `fleet ui: could not start '${join(base.dir, 'no-such-opener')}' to open the page; open ${url} yourself`,
    );
  });

  test('bad options are usage errors; --host without --token is refused with a hint', async () => {
    expect((await fleetInProcess(root, ['ui', '--port', 'x'])).code).toBe(2);
    const exposed = await fleetInProcess(root, ['ui', '--host', '0.0.0.0']);
    expect(exposed.code).toBe(1);
    expect(exposed.err).toContain('UI_TOKEN_REQUIRED');
  });

  test('as a real process: --open starts $BROWSER with the address, Ctrl-C stops it', async () => {
    const opened = join(base.dir, 'opened.txt');
    const opener = join(base.dir, 'browser.sh');
    writeFileSync(opener, `#!/bin/sh\necho "$1" > '${opened}'\n`);
    chmodSync(opener, 0o755);
    const proc = Bun.spawn(['bun', join(import.meta.dir, '../src/bin.ts'), 'ui', '--open'], {
      cwd: root,
      env: { ...process.env, BROWSER: opener },
      stdout: 'pipe',
    });
    const reader = proc.stdout.getReader();
    const { value } = await reader.read();
    const line = new TextDecoder().decode(value);
    const url = /http:\S+/.exec(line)?.[0] ?? '';
    expect((await fetch(`${url}files`)).status).toBe(200);
    for (let i = 0; i < 50 && !existsSync(opened); i += 1) await Bun.sleep(50);
    expect(readFileSync(opened, 'utf8').trim()).toBe(url);
    proc.kill('SIGINT');
    expect(await proc.exited).toBe(0);
  });
});
