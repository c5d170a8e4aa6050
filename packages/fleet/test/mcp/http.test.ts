import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { runCli } from '../../src/cli/index.js';
import { initProject, openFleet } from '../../src/index.js';
import { HttpTokenRequiredError, serveHttp } from '../../src/mcp/http.js';
import { failureOf } from '../support/failure.js';
import { tempDir } from '../support/run.js';
import { callOf, structured } from './client.js';

const base = tempDir();
afterAll(base.remove);

/** A new project and its fleet. */
async function project(name: string) {
  const root = join(base.dir, name);
  mkdirSync(root);
  await initProject({ cwd: root });
  return { root, fleet: await openFleet({ cwd: root }) };
}

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
};

/** A raw POST of the initialize request to `url` with extra headers. */
function post(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(INIT),
  });
}

describe('fleet mcp --http (Streamable HTTP, real SDK client)', () => {
  test('one tool round trip; deleting the session releases what its pilot held', async () => {
    const { fleet } = await project('roundtrip');
    const serving = await serveHttp(fleet, { host: '127.0.0.1', port: 0, profile: 'core' });
    expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const transport = new StreamableHTTPClientTransport(new URL(serving.url));
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    const call = callOf(client);
    structured(await call('register', { callsign: 'web-1' }));
    structured(await call('reserve', { paths: ['w.ts'] }));
    expect((await fleet.status()).reservations).toHaveLength(1);
    await transport.terminateSession();
    for (let i = 0; i < 100 && (await fleet.status()).reservations.length > 0; i++) await Bun.sleep(20);
    expect((await fleet.status()).reservations).toEqual([]);
    await client.close();
    await serving.close();
    await fleet.close();
  });

  test('a foreign Origin or Host, a wrong path, an unknown session and a missing token are refused', async () => {
    const { fleet } = await project('refused');
    const serving = await serveHttp(fleet, { host: '127.0.0.1', port: 0, profile: 'core' });
    const { host } = new URL(serving.url);
    expect((await post(serving.url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(serving.url, { host: 'evil.example' })).status).toBe(403);
    expect((await post(serving.url, { origin: `http://${host}` })).status).toBe(200);
    expect((await post(serving.url.replace('/mcp', '/other'), {})).status).toBe(404);
    expect((await post(serving.url, { 'mcp-session-id': 'nope' })).status).toBe(404);
    await serving.close();
    const guarded = await serveHttp(fleet, {
      host: '127.0.0.1',
      port: 0,
      profile: 'core',
      token: 'a'.repeat(20),
    });
    expect((await post(guarded.url, {})).status).toBe(401);
    expect((await post(guarded.url, { authorization: `Bearer ${'b'.repeat(20)}` })).status).toBe(401);
    expect((await post(guarded.url, { authorization: `Bearer ${'a'.repeat(20)}` })).status).toBe(200);
    await guarded.close();
    const error = await failureOf(serveHttp(fleet, { host: '0.0.0.0', port: 0, profile: 'core' }));
    expect(error).toBeInstanceOf(HttpTokenRequiredError);
    await fleet.close();
  });

  test('fleet mcp --http off loopback without a token exits 1 with MCP_TOKEN_REQUIRED', async () => {
    const { root } = await project('cli');
    const err: string[] = [];
    const code = await runCli(['mcp', '--http', '--host', '0.0.0.0'], {
      stdout: () => undefined,
      stderr: (line) => err.push(line),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      cwd: root,
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('MCP_TOKEN_REQUIRED');
  });

  test('fleet mcp --http serves until stopped; fleet mcp --as binds a stdio session until stopped, then releases', async () => {
    const { root, fleet } = await project('cli-serve');
    const err: string[] = [];
    const controller = new AbortController();
    const io = {
      stdout: () => undefined,
      stderr: (line: string) => err.push(line),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      cwd: root,
      signal: controller.signal,
    };
    const running = runCli(['mcp', '--http', '--port', '0', '--tools', 'all'], io);
    while (err.length === 0) await Bun.sleep(10);
    const url = /serving (\S+)/.exec(err[0] ?? '')?.[1] ?? '';
    const client = new Client({ name: 'cli-http', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('sortie');
    await client.close();
    controller.abort();
    expect(await running).toBe(0);
    const stdio = new AbortController();
    const bound = runCli(['mcp', '--as', 'cli-1'], { ...io, signal: stdio.signal });
    while (!(await fleet.status()).pilots.some((p) => p.callsign === 'cli-1')) await Bun.sleep(10);
    stdio.abort();
    expect(await bound).toBe(0);
    expect((await fleet.status()).pilots.find((p) => p.callsign === 'cli-1')?.status).toBe('deregistered');
    await fleet.close();
  });
});
