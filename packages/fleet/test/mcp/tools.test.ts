import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import { initProject, openFleet } from '../../src/index.js';
import { FLEET_TOOLS } from '../../src/mcp/catalog.js';
import { errorResult, FLEET_INSTRUCTIONS } from '../../src/mcp/server.js';
import { failureOf } from '../support/failure.js';
import { tempDir } from '../support/run.js';
import { connectInMemory, structured, toolError } from './client.js';

const base = tempDir();
afterAll(base.remove);

/** A new project and its fleet. */
async function project(name: string) {
  const root = join(base.dir, name);
  mkdirSync(root);
  await initProject({ cwd: root });
  return openFleet({ cwd: root });
}

describe('fleet mcp tools (real SDK client, in memory)', () => {
  test('tools/list: core is at most 12 KB with schemas, annotations and instructions; all adds the work verbs', async () => {
    const fleet = await project('list');
    const core = await connectInMemory(fleet, 'core');
    const { tools } = await core.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'register',
      'whoami',
      'send',
      'inbox',
      'read',
      'ack',
      'reserve',
      'renew',
      'release',
      'holders',
      'status',
    ]);
    expect(JSON.stringify({ tools }).length).toBeLessThanOrEqual(12 * 1024);
    const reserve = tools.find((t) => t.name === 'reserve');
    expect(reserve?.inputSchema.required).toEqual(['paths']);
    expect(reserve?.inputSchema.properties).toHaveProperty('idempotency_key');
    expect(reserve?.outputSchema?.properties).toHaveProperty('replayed');
    expect(tools.find((t) => t.name === 'status')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'release')?.annotations?.destructiveHint).toBe(true);
    expect(core.client.getInstructions()).toBe(FLEET_INSTRUCTIONS);
    const all = await connectInMemory(fleet, 'all');
    expect((await all.client.listTools()).tools.map((t) => t.name)).toEqual(FLEET_TOOLS.map((t) => t.name));
    await fleet.close();
  });

  test('an unknown tool, a call before register, malformed and huge arguments: isError with the code, nothing written', async () => {
    const fleet = await project('errors');
    const { call } = await connectInMemory(fleet, 'all');
    const before = await fleet.store.getLatestSequence(fleet.projectKey);
    const unknown = toolError(await call('teleport'));
    expect(unknown.code).toBe('TOOL_UNKNOWN');
    expect(unknown.hint?.['action']).toContain('register');
    const early = toolError(await call('inbox'));
    expect(early.code).toBe('NOT_REGISTERED');
    expect(early.hint?.['action']).toContain('register');
    for (const tool of FLEET_TOOLS) {
      const bad = toolError(await call(tool.name, { bogus: 1 }));
      expect(bad.code).toBe('TOOL_INPUT_INVALID');
      expect(bad.details['tool']).toBe(tool.name);
      expect(bad.details['issues']).toBeArray();
    }
    const typed = toolError(await call('reserve', { paths: 'src/a.ts', ttl_seconds: -1 }));
    expect((typed.details['issues'] as { path: string }[]).map((i) => i.path).sort()).toEqual([
      'paths',
      'ttl_seconds',
    ]);
    const huge = toolError(await call('send', { to: ['lead'], subject: 's', body: 'x'.repeat(2_000_000) }));
    expect(huge.code).toBe('TOOL_INPUT_INVALID');
    expect(huge.message).toContain('body');
    expect(await fleet.store.getLatestSequence(fleet.projectKey)).toBe(before);
    expect(toolError(errorResult(new Error('boom')))).toEqual({
      name: 'Error',
      code: 'UNEXPECTED',
      message: 'boom',
    } as never);
    expect(toolError(errorResult('text')).message).toBe('text');
    await fleet.close();
  });

  test('the protocol: register, send, inbox, read, ack, reserve, holders, renew, release, status, whoami', async () => {
    const fleet = await project('protocol');
    const { call } = await connectInMemory(fleet);
    expect(structured(await call('whoami')).callsign).toBeNull();
    expect(
      structured(await call('register', { callsign: 'viper-1', program: 'test', task: 't' })).callsign,
    ).toBe('viper-1');
    expect(toolError(await call('register', { callsign: 'other' })).code).toBe('SESSION_BOUND');
    structured(await call('register', { callsign: 'viper-1', model: 'm' }));
    const sent = structured(
      await call('send', { to: ['viper-1'], subject: 'hi', body: 'b', ack_required: true }),
    );
    const inbox = structured(await call('inbox', { unread_only: true })).messages as { message_id: string }[];
    expect(inbox.map((m) => m.message_id)).toEqual([sent.message_id as string]);
    expect(
      (structured(await call('read', { message_id: sent.message_id })).message as { body: string }).body,
    ).toBe('b');
    expect(structured(await call('inbox', { unread_only: true })).messages).toEqual([]);
    structured(await call('ack', { message_id: sent.message_id }));
    expect(toolError(await call('read', { message_id: 'msg-nonexistent' })).code).toBe('NOT_FOUND');
    const held = structured(await call('reserve', { paths: ['src/a.ts'], reason: 'edit' })).reservation as {
      reservation_id: string;
    };
    const holders = structured(await call('holders', { path: 'src/**' })).holders as { callsign: string }[];
    expect(holders.map((h) => h.callsign)).toEqual(['viper-1']);
    structured(await call('renew', { reservation_id: held.reservation_id, ttl_seconds: 60 }));
    expect(structured(await call('release', { reservation_id: held.reservation_id })).released).toEqual([
      held.reservation_id,
    ]);
    structured(await call('reserve', { paths: ['b.ts'], exclusive: false }));
    expect(structured(await call('release', { paths: ['b.ts'] })).released).toHaveLength(1);
    structured(await call('reserve', { paths: ['c.ts'], ttl_seconds: 1 }));
    await Bun.sleep(450); // renewed every ttl/3 while the session lives
    expect(await fleet.store.count(fleet.projectKey, { types: ['file_renewed'] })).toBeGreaterThan(1);
    expect(structured(await call('whoami')).reservations).toHaveLength(1);
    expect(structured(await call('release')).released).toHaveLength(1);
    const status = structured(await call('status'));
    expect(status.pilots).toEqual([expect.objectContaining({ callsign: 'viper-1', status: 'active' })]);
    expect(status.reservations).toEqual([]);
    await fleet.close();
  });

  test('a retried call with the same idempotency key never acts twice', async () => {
    const fleet = await project('retry');
    const { call } = await connectInMemory(fleet);
    structured(await call('register', { callsign: 'viper-1' }));
    const args = { to: ['viper-1'], subject: 's', body: 'once', idempotency_key: 'k-1' };
    const [a, b] = await Promise.all([call('send', args), call('send', args)]);
    const c = structured(await call('send', args));
    const ids = new Set([structured(a).message_id, structured(b).message_id, c.message_id]);
    expect(ids.size).toBe(1);
    expect(c.replayed).toBe(true);
    expect(structured(await call('inbox')).messages).toHaveLength(1);
    const held = structured(await call('reserve', { paths: ['x.ts'], idempotency_key: 'r-1' }));
    const again = structured(await call('reserve', { paths: ['x.ts'], idempotency_key: 'r-1' }));
    expect(again.reservation).toEqual(held.reservation);
    expect(again.replayed).toBe(true);
    expect(structured(await call('send', { ...args, idempotency_key: 'k-2' })).replayed).toBe(false);
    await fleet.close();
  });

  test('a refusal names the holder and the expiry; ending the holder session releases and deregisters', async () => {
    const fleet = await project('refusal');
    const one = await connectInMemory(fleet);
    const two = await connectInMemory(fleet);
    structured(await one.call('register', { callsign: 'one' }));
    structured(await two.call('register', { callsign: 'two' }));
    const held = structured(await one.call('reserve', { paths: ['src/a.ts'] })).reservation as {
      expires_at: string;
    };
    const refused = toolError(await two.call('reserve', { paths: ['src/**'] }));
    expect(refused.code).toBe('RESERVATION_CONFLICT');
    expect(refused.hint?.['holder']).toBe('one');
    expect(refused.hint?.['expires_at']).toBe(held.expires_at);
    await one.session.end();
    await one.session.end();
    structured(await two.call('reserve', { paths: ['src/**'] }));
    const pilots = (await fleet.status()).pilots;
    expect(pilots.find((p) => p.callsign === 'one')?.status).toBe('deregistered');
    await fleet.close();
  });

  test('the work verbs: mission, sortie, checkpoint, lock, reply', async () => {
    const fleet = await project('work');
    const { call } = await connectInMemory(fleet, 'all');
    structured(await call('register', { callsign: 'lead' }));
    expect(toolError(await call('sortie', { action: 'start' })).details['issues']).toEqual([
      { path: 'sortie_id', message: "required by action 'start'" },
    ]);
    const mission = structured(await call('mission', { action: 'create', title: 'm', description: 'd' }));
    const missionId = (await fleet.store.getLatest(fleet.projectKey)) as { mission_id: string } | null;
    expect(mission.event).toEqual(expect.objectContaining({ type: 'mission_created' }));
    const mission_id = missionId?.mission_id;
    for (const action of ['start', 'complete'] as const)
      structured(await call('mission', { action, mission_id }));
    structured(await call('mission', { action: 'create', title: 'n' }));
    const other = ((await fleet.store.getLatest(fleet.projectKey)) as { mission_id: string } | null)
      ?.mission_id;
    structured(await call('mission', { action: 'cancel', mission_id: other, reason: 'r' }));
    structured(
      await call('sortie', { action: 'create', title: 's', mission_id, description: 'd', files: ['a.ts'] }),
    );
    const sortie_id = ((await fleet.store.getLatest(fleet.projectKey)) as { sortie_id: string } | null)
      ?.sortie_id;
    structured(await call('sortie', { action: 'start', sortie_id }));
    structured(await call('sortie', { action: 'progress', sortie_id, progress: 50, note: 'half' }));
    structured(await call('sortie', { action: 'block', sortie_id, reason: 'wait' }));
    structured(await call('sortie', { action: 'resume', sortie_id }));
    structured(await call('sortie', { action: 'complete', sortie_id, summary: 'done' }));
    structured(await call('sortie', { action: 'create', title: 't' }));
    const failing = ((await fleet.store.getLatest(fleet.projectKey)) as { sortie_id: string } | null)
      ?.sortie_id;
    structured(await call('sortie', { action: 'start', sortie_id: failing }));
    structured(await call('sortie', { action: 'fail', sortie_id: failing, reason: 'broke' }));
    structured(
      await call('checkpoint', {
        action: 'take',
        summary: 'cp',
        state: { step: 2 },
        sortie_id,
        mission_id,
        files: ['a.ts'],
      }),
    );
    const latest = structured(await call('checkpoint', { action: 'latest', sortie_id })).checkpoint as {
      checkpoint_id: string;
      state: unknown;
    };
    expect(latest.state).toEqual({ step: 2 });
    expect(structured(await call('checkpoint', { action: 'latest' })).checkpoint).toEqual(latest);
    expect(
      structured(await call('checkpoint', { action: 'restore', checkpoint_id: latest.checkpoint_id }))
        .checkpoint,
    ).toEqual(latest);
    const lock = structured(await call('lock', { action: 'acquire', resource: 'deploy', ttl_seconds: 30 }));
    expect(lock.fencing_token).toBeGreaterThan(0);
    expect(
      structured(
        await call('lock', { action: 'release', resource: 'deploy', lock_id: lock.lock_id, reason: 'r' }),
      ).lock_id,
    ).toBe(lock.lock_id);
    structured(await call('lock', { action: 'acquire', resource: 'other' }));
    const sent = structured(await call('send', { to: ['lead'], subject: 'q', body: 'q' }));
    const reply = structured(await call('reply', { message_id: sent.message_id, body: 'a', subject: 'A' }));
    expect(reply.message_id).not.toBe(sent.message_id);
    await fleet.close();
  });

  test('resources: inbox, status, reservations and the per-item templates; updates for subscribed URIs only', async () => {
    const fleet = await project('resources');
    const { client, call } = await connectInMemory(fleet);
    const text = async (uri: string): Promise<unknown> => {
      const [contents] = (await client.readResource({ uri })).contents;
      return contents !== undefined && 'text' in contents ? JSON.parse(contents.text) : undefined;
    };
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual([
      'fleet://inbox',
      'fleet://status',
      'fleet://reservations',
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'fleet://messages/{message_id}',
      'fleet://reservations/{reservation_id}',
    ]);
    expect(String(await failureOf(client.readResource({ uri: 'fleet://inbox' })))).toContain(
      'this session has none yet',
    );
    structured(await call('register', { callsign: 'viper-1' }));
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    await client.subscribeResource({ uri: 'fleet://inbox' });
    await client.subscribeResource({ uri: 'fleet://reservations' });
    const sent = structured(await call('send', { to: ['viper-1'], subject: 's', body: 'b' }));
    structured(await call('read', { message_id: sent.message_id }));
    const held = (
      structured(await call('reserve', { paths: ['a.ts'] })).reservation as { reservation_id: string }
    ).reservation_id;
    for (let i = 0; i < 100 && !updated.includes('fleet://reservations'); i++) await Bun.sleep(10);
    expect(updated).toContain('fleet://inbox');
    expect(updated).toContain('fleet://reservations');
    expect(updated).not.toContain('fleet://status');
    expect(((await text('fleet://inbox')) as unknown[]).length).toBe(1);
    expect(((await text(`fleet://messages/${String(sent.message_id)}`)) as { body: string }).body).toBe('b');
    expect(((await text(`fleet://reservations/${held}`)) as { paths: string[] }).paths).toEqual(['a.ts']);
    expect(String(await failureOf(client.readResource({ uri: 'fleet://reservations/rsv-none' })))).toContain(
      'rsv-none',
    );
    expect(((await text('fleet://reservations')) as unknown[]).length).toBe(1);
    expect(((await text('fleet://status')) as { pilots: unknown[] }).pilots).toHaveLength(1);
    await client.unsubscribeResource({ uri: 'fleet://inbox' });
    await client.unsubscribeResource({ uri: 'fleet://reservations' });
    await client.subscribeResource({ uri: 'fleet://status' });
    await fleet.close(); // the watcher's reads now fail: reported on stderr, retried, nothing thrown
    await Bun.sleep(80);
    await client.close();
  });
});
