import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { EVENT_TYPES, FleetEventSchema } from '@fleettools/events';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { COMMANDS } from '../src/cli/commands.js';
import { fleet as realProcess, fleetInProcess, tempDir } from './support/run.js';

describe.each([
  ['as a real process', realProcess],
  ['in process (runCli)', fleetInProcess],
] as const)('every fleet command %s', (_how, fleet) => {
  const base = tempDir();
  const root = join(base.dir, 'project');
  const src = join(root, 'src');
  beforeAll(async () => {
    mkdirSync(src, { recursive: true });
    expect((await fleet(root, ['init'])).code).toBe(0);
  });
  afterAll(base.remove);

  /** Runs fleet as `callsign` in `src/` and returns the parsed JSON output; fails on a non-zero exit. */
  async function json<T>(callsign: string, args: string[], stdin?: string): Promise<T> {
    const run = await fleet(src, [...args, '--json'], {
      as: callsign,
      ...(stdin === undefined ? {} : { stdin }),
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.out) as T;
  }

  test('help, version, and exit codes documented', async () => {
    const help = await fleet(root, ['--help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.out).toContain(`  ${name} `);
    expect(help.out).toContain('Exit codes: 0 done; 1 refused');
    for (const name of Object.keys(COMMANDS)) {
      const run = await fleet(root, [name, '--help']);
      expect(run.code).toBe(0);
      expect(run.out).toStartWith(`Usage: fleet ${name}`);
    }
    expect((await fleet(root, ['--version'])).out.trim()).toBe('0.1.0');
    expect((await fleet(root, [])).code).toBe(2);
  }, 60_000);

  test('pilots, messages, reservations, work, checkpoints and locks', async () => {
    await json('lead', ['register', '--program', 'bash', '--model', 'm', '--task', 'lead', '--ttl', '10m']);
    await json('viper-1', ['register']);
    expect(await json('viper-1', ['heartbeat', '--note', 'here'])).toMatchObject({ type: 'pilot_active' });
    expect(await json('viper-1', ['whoami'])).toMatchObject({ callsign: 'viper-1', status: 'active' });

    const sent = await json<{ message_id: string }>(
      'lead',
      ['send', '--to', 'viper-1', '--subject', 'go', '--body', '-'],
      'the body',
    );
    const inbox = await json<{ message_id: string; body: string }[]>('viper-1', ['inbox', '--unread']);
    expect(inbox).toMatchObject([{ message_id: sent.message_id, body: 'the body' }]);
    expect(await json('viper-1', ['read', sent.message_id])).toMatchObject({ subject: 'go' });
    expect(await json('viper-1', ['ack', sent.message_id])).toMatchObject({ type: 'message_acked' });
    expect(await json('viper-1', ['reply', sent.message_id, '--body', 'ok'])).toMatchObject({ to: ['lead'] });

    const held = await json<{ reservation_id: string; paths: string[] }>('viper-1', [
      'reserve',
      'a.ts',
      'b/**',
      '--ttl',
      '10m',
    ]);
    expect(held.paths).toEqual(['src/a.ts', 'src/b/**']);
    const refused = await fleet(src, ['reserve', 'b/c.ts', '--shared'], { as: 'lead' });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('RESERVATION_CONFLICT');
    expect(refused.err).toContain('hint: wait until');
    const refusedJson = await fleet(src, ['reserve', 'a.ts', '--json'], { as: 'lead' });
    expect(JSON.parse(refusedJson.err)).toMatchObject({
      error: { code: 'RESERVATION_CONFLICT', hint: { holder: 'viper-1', paths: ['src/a.ts'] } },
    });
    expect(await json('viper-1', ['holders', 'b/x/y.ts'])).toMatchObject([
      { reservation_id: held.reservation_id },
    ]);
    expect((await fleet(src, ['whoami'], { as: 'viper-1' })).out).toContain('holds src/a.ts, src/b/**');
    expect(await json('viper-1', ['renew', held.reservation_id, '--ttl', '20m'])).toMatchObject({
      ttl_ms: 1_200_000,
    });
    expect(await json('viper-1', ['release', 'a.ts'])).toMatchObject([
      { reservation_id: held.reservation_id },
    ]);
    const second = await json<{ reservation_id: string }>('viper-1', ['reserve', 'z.ts']);
    expect(await json('viper-1', ['release', second.reservation_id])).toHaveLength(1);
    await json('viper-1', ['reserve', 'y.ts']);
    expect(await json('viper-1', ['release', '--all'])).toHaveLength(1);

    const mission = await json<{ mission_id: string }>('lead', [
      'mission',
      'create',
      '--title',
      'M',
      '--description',
      'd',
    ]);
    await json('lead', ['mission', 'start', mission.mission_id]);
    const sortie = await json<{ sortie_id: string; files: string[] }>('lead', [
      'sortie',
      'create',
      '--title',
      'S',
      '--mission',
      mission.mission_id,
      '--file',
      'a.ts',
    ]);
    expect(sortie.files).toEqual(['src/a.ts']);
    const id = sortie.sortie_id;
    await json('viper-1', ['sortie', 'start', id]);
    await json('viper-1', ['sortie', 'progress', id, '--progress', '40', '--note', 'n']);
    await json('viper-1', ['sortie', 'block', id, '--reason', 'waiting']);
    await json('viper-1', ['sortie', 'resume', id]);
    const ckpt = await json<{ checkpoint_id: string }>('viper-1', [
      'checkpoint',
      'take',
      '--summary',
      'half',
      '--sortie',
      id,
      '--state',
      '{"step":1}',
      '--file',
      'a.ts',
    ]);
    expect(await json('viper-1', ['checkpoint', 'latest', '--sortie', id])).toMatchObject({
      state: { step: 1 },
      files_modified: ['src/a.ts'],
    });
    expect(await json('viper-1', ['checkpoint', 'restore', ckpt.checkpoint_id])).toMatchObject({
      summary: 'half',
    });
    await json('viper-1', ['sortie', 'complete', id, '--summary', 'done']);
    expect(await json('viper-1', ['sortie', 'show', id])).toMatchObject({
      status: 'completed',
      progress: 100,
    });
    expect(await json('viper-1', ['sortie', 'list', '--status', 'completed'])).toHaveLength(1);
    const failing = await json<{ sortie_id: string }>('lead', ['sortie', 'create', '--title', 'F']);
    await json('viper-1', ['sortie', 'start', failing.sortie_id]);
    await json('viper-1', ['sortie', 'fail', failing.sortie_id, '--reason', 'flaky']);
    await json('lead', ['mission', 'complete', mission.mission_id, '--summary', 'ok']);
    expect(await json('lead', ['mission', 'show', mission.mission_id])).toMatchObject({
      status: 'completed',
    });
    const other = await json<{ mission_id: string }>('lead', ['mission', 'create', '--title', 'X']);
    await json('lead', ['mission', 'cancel', other.mission_id, '--reason', 'no']);

    const lock = await json<{ lockId: string; fencingToken: number }>('viper-1', [
      'lock',
      'acquire',
      'deploy',
      '--ttl',
      '1m',
    ]);
    expect(lock.fencingToken).toBe(1);
    const held2 = await fleet(src, ['lock', 'acquire', 'deploy'], { as: 'lead' });
    expect(held2.code).toBe(1);
    expect(held2.err).toContain('LOCK_HELD');
    await json('viper-1', ['lock', 'release', 'deploy', '--lock-id', lock.lockId]);
    expect(await json('viper-1', ['deregister', '--reason', 'done'])).toMatchObject({
      type: 'pilot_deregistered',
    });

    const status = await json<{ pilots: { callsign: string; status: string }[] }>('lead', ['status']);
    expect(status.pilots.map((p) => [p.callsign, p.status])).toEqual([
      ['lead', 'active'],
      ['viper-1', 'deregistered'],
    ]);
    await json('lead', ['reserve', 'kept.ts', '--ttl', '2h']);
    const text = await fleet(src, ['status']);
    expect(text.out).toContain('PILOTS (2)');
    expect(text.out).toMatch(/rsv-\S+ +lead +exclusive +in (1h 59m|2h 0m) +src\/kept.ts/);
    const log = await fleet(src, ['log', '--type', 'file_conflict', '--until', '2999-01-01T00:00:00Z']);
    expect(log.out.trim().split('\n')).toHaveLength(2);
    expect((await fleet(src, ['log', '--limit', '1', '--json'])).out.trim().split('\n')).toHaveLength(1);
    expect(
      await json('lead', ['append', '--type', 'pilot_active', '--data', '{"callsign":"lead"}']),
    ).toMatchObject({ type: 'pilot_active' });
  }, 120_000);

  test('replay --verify changes nothing; doctor and backup', async () => {
    const verify = await fleet(src, ['replay', '--verify']);
    expect(verify.code).toBe(0);
    expect(verify.out).toStartWith('replay --verify: PASS');
    expect((await fleet(src, ['replay'])).out).toStartWith('replayed ');
    const doctor = await fleet(src, ['doctor', '--json']);
    expect(JSON.parse(doctor.out)).toMatchObject({ ok: true });
    const file = join(base.dir, 'backup.db');
    expect((await fleet(src, ['backup', file])).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const again = await fleet(src, ['backup', file]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('BACKUP_EXISTS');
  }, 60_000);

  test('types and schema cover the whole catalog', async () => {
    const types = await json<{ type: string; meaning: string }[]>('x', ['types']);
    expect(types.map((t) => t.type)).toEqual([...EVENT_TYPES]);
    expect(FleetEventSchema.options.map((o): string => o.shape.type.value)).toEqual(types.map((t) => t.type));
    for (const { type } of types) {
      const run = await fleet(root, ['schema', type, '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ type: 'object', properties: { type: { const: type } } });
    }
  }, 120_000);

  test.each([
    [['reserve', 'a.ts', '--ttl', '1m', '--ttl', '2m'], '--ttl given twice'],
    [['reserve', 'a.ts', '--exclusive', '--shared'], 'not both'],
    [['reserve', 'a.ts', '--ttl', 'soon'], 'expected a duration'],
    [['reserve', '../../outside.ts'], 'outside the project'],
    [['reserve'], 'missing PATH'],
    [['send', '--to', 'a', '--subject', 's'], 'no input'],
    [['send', '--subject', 's', '--body', 'b'], '--to'],
    [['release'], 'one of them'],
    [['sortie', 'fly'], 'expected one of'],
    [['sortie', 'start'], 'takes one id'],
    [['sortie', 'create'], '--title is required'],
    [['sortie', 'create', 'x', '--title', 't'], 'takes no id'],
    [['sortie', 'progress', 'sortie-x'], '--progress is required'],
    [['mission', 'cancel', 'mission-x'], '--reason is required'],
    [['checkpoint', 'take'], '--summary is required'],
    [['checkpoint', 'take', '--summary', 's', '--state', '[1]'], 'one JSON object'],
    [['checkpoint', 'take', '--summary', 's', '--state', '{'], 'not valid JSON'],
    [['checkpoint', 'fly'], 'expected take'],
    [['lock', 'release', 'deploy'], '--lock-id is required'],
    [['lock', 'fly', 'deploy'], 'expected acquire'],
    [['schema', 'nope'], "unknown event type 'nope'"],
    [['log', '--since', 'yesterday'], 'expected an ISO 8601'],
    [['log', '--limit', '0'], 'expected an integer from 1 to 100000'],
    [['log', '--consumer', 'me'], 'only with --follow'],
    [['append', '--data', 'not json'], 'not valid JSON'],
    [['append', '--data', '[1]'], 'one JSON object'],
    [['append', '--data', '{}'], 'no event type'],
    [['append', '--type', 'pilot_active', '--data', '{"type":"pilot_registered"}'], 'disagrees'],
    [['status', '--bogus'], "Unknown option '--bogus'"],
    [['status', 'extra'], "unexpected argument 'extra'"],
    [['whoami', '--as', 'bad name!'], '--as: Invalid callsign'],
    [['whoami'], 'no identity'],
  ] as const)(
    'bad input %p is a usage error (exit 2) and writes nothing',
    async (args, message) => {
      const before = await fleet(root, ['log', '--json']);
      const run = await fleet(
        src,
        [...args],
        (args as readonly string[]).includes('--as') || args[0] === 'whoami' ? {} : { as: 'lead' },
      );
      expect(run.err).toContain(message);
      expect(run.code).toBe(2);
      expect((await fleet(root, ['log', '--json'])).out).toBe(before.out);
    },
    30_000,
  );

  test('refusals by a rule exit 1 with the code', async () => {
    expect((await fleet(src, ['whoami'], { as: 'ghost' })).err).toContain('NOT_REGISTERED');
    const unknown = await fleet(src, ['reply', 'msg-nonexistent1', '--body', 'x'], { as: 'lead' });
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('NOT_FOUND');
    const invalid = await fleet(src, [
      'append',
      '--type',
      'sortie_created',
      '--data',
      '{"sortie_id":"bad","title":""}',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('EVENT_INVALID');
    expect((await fleet(root, ['fly'])).code).toBe(2);
  });
});
