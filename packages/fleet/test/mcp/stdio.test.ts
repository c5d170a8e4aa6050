import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import { initProject, openFleet, verifyReplay } from '../../src/index.js';
import { FLEET_SOURCE, tempDir } from '../support/run.js';
import { callOf, structured, toolError, type Call } from './client.js';

const base = tempDir();
afterAll(base.remove);

/** A new project's root. */
async function project(name: string): Promise<string> {
  const root = join(base.dir, name);
  mkdirSync(root);
  await initProject({ cwd: root });
  return root;
}

/** A real SDK client talking to a real `fleet mcp` process over stdio. */
async function spawnServer(
  root: string,
  env: Record<string, string> = {},
): Promise<{ readonly client: Client; readonly call: Call; readonly transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: 'bun',
    args: [FLEET_SOURCE, 'mcp'],
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, call: callOf(client), transport };
}

describe('fleet mcp over stdio (real processes, real SDK client)', () => {
  test('two processes race to reserve one file: one is granted, the other is refused with holder and expiry, then retries after release', async () => {
    const root = await project('race');
    const [a, b] = await Promise.all([spawnServer(root), spawnServer(root)]);
    structured(await a.call('register', { callsign: 'alpha' }));
    structured(await b.call('register', { callsign: 'bravo' }));
    const results = await Promise.all([a, b].map((s) => s.call('reserve', { paths: ['src/parser.ts'] })));
    const [first, second] = results;
    if (first === undefined || second === undefined) throw new Error('expected two results');
    expect(results.filter((r) => r.isError !== true)).toHaveLength(1);
    const [winner, loser] = first.isError === true ? [b, a] : [a, b];
    const [grant, refusal] = first.isError === true ? [second, first] : [first, second];
    const refused = toolError(refusal);
    const held = structured(grant).reservation as { callsign: string; expires_at: string };
    expect(refused.code).toBe('RESERVATION_CONFLICT');
    expect(refused.hint?.['holder']).toBe(held.callsign);
    expect(refused.hint?.['expires_at']).toBe(held.expires_at);
    structured(await winner.call('release', {}));
    structured(await loser.call('reserve', { paths: ['src/parser.ts'] }));
    await Promise.all([a.client.close(), b.client.close()]);
  }, 30_000);

  test('closing the session releases what the pilot held and deregisters it (FLEET_CALLSIGN binds it at start)', async () => {
    const root = await project('close');
    const server = await spawnServer(root, { FLEET_CALLSIGN: 'viper-1' });
    expect(structured(await server.call('whoami')).callsign).toBe('viper-1');
    structured(await server.call('reserve', { paths: ['a.ts', 'b/**'] }));
    await server.client.close();
    const fleet = await openFleet({ cwd: root });
    for (let i = 0; i < 100 && (await fleet.status()).reservations.length > 0; i++) await Bun.sleep(50);
    const status = await fleet.status();
    expect(status.reservations).toEqual([]);
    expect(status.pilots.find((p) => p.callsign === 'viper-1')?.status).toBe('deregistered');
    await fleet.close();
  }, 30_000);

  test('kill -9 mid-calls loses nothing acknowledged; what it held lapses by TTL; the database replays intact', async () => {
    const root = await project('kill');
    const server = await spawnServer(root, { FLEET_CALLSIGN: 'viper-1' });
    const held = structured(await server.call('reserve', { paths: ['k.ts'], ttl_seconds: 120 }))
      .reservation as {
      expires_at: string;
    };
    const acknowledged: string[] = [];
    const calls = Array.from({ length: 40 }, async (_, i) => {
      const result = await server
        .call('send', { to: ['viper-1'], subject: `m${i}`, body: 'b', idempotency_key: `k${i}` })
        .catch(() => undefined);
      if (result !== undefined && result.isError !== true)
        acknowledged.push(structured(result).message_id as string);
    });
    while (acknowledged.length < 5) await Bun.sleep(5);
    const pid = server.transport.pid;
    if (pid === null) throw new Error('no server process');
    process.kill(pid, 'SIGKILL');
    await Promise.all(calls);
    const fleet = await openFleet({ cwd: root });
    const inbox = (await fleet.pilot('viper-1').messages.inbox({ limit: 1000 })).map((m) => m.message_id);
    for (const id of acknowledged) expect(inbox).toContain(id);
    const [reservation] = (await fleet.status()).reservations;
    expect(reservation?.expires_at).toBe(held.expires_at);
    expect(Date.parse(held.expires_at) - Date.now()).toBeLessThanOrEqual(120_000);
    expect((await verifyReplay(fleet.db, fleet.projectKey)).differences).toEqual([]);
    await fleet.close();
  }, 30_000);

  test('a subscription to fleet://inbox is told when another process sends the pilot a message (its latency is a bench row)', async () => {
    const root = await project('subscribe');
    const server = await spawnServer(root, { FLEET_CALLSIGN: 'viper-1' });
    const updates: string[] = [];
    server.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    await server.client.subscribeResource({ uri: 'fleet://inbox' });
    const fleet = await openFleet({ cwd: root });
    const lead = await fleet.register({ callsign: 'lead' });
    for (let i = 0; i < 5; i++) {
      const seen = updates.length;
      await lead.messages.send({ to: ['viper-1'], subject: `s${i}`, body: 'b' });
      const sentAt = performance.now(); // stored: from here the server can see it
      while (updates.length === seen && performance.now() - sentAt < 5_000) await Bun.sleep(2);
      expect(updates.at(-1)).toBe('fleet://inbox');
    }
    const read = await server.client.readResource({ uri: 'fleet://inbox' });
    const [contents] = read.contents;
    expect(
      contents !== undefined && 'text' in contents ? (JSON.parse(contents.text) as unknown[]).length : 0,
    ).toBe(5);
    await server.client.unsubscribeResource({ uri: 'fleet://inbox' });
    await server.client.close();
    await fleet.close();
  }, 30_000);
});
