import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { fleet as realProcess, fleetInProcess, tempDir } from './support/run.js';

describe.each([
  ['as a real process', realProcess],
  ['in process (runCli)', fleetInProcess],
] as const)('fleet ready, claim, search, sortie depend|assign %s', (_how, fleet) => {
  const base = tempDir();
  const root = join(base.dir, 'project');
  const src = join(root, 'src');
  beforeAll(async () => {
    mkdirSync(src, { recursive: true });
    expect((await fleet(root, ['init'])).code).toBe(0);
  });
  afterAll(base.remove);

  /** Runs fleet as `callsign` in `src/` with `--json`; fails on a non-zero exit. */
  async function json<T>(callsign: string, args: string[]): Promise<T> {
    const run = await fleet(src, [...args, '--json'], { as: callsign });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.out) as T;
  }

  /** Runs fleet as `callsign` and expects a refusal (exit 1) with `code` on stderr. */
  async function refused(callsign: string, args: string[], code: string): Promise<void> {
    const run = await fleet(src, args, { as: callsign });
    expect(run.code).toBe(1);
    expect(run.err).toContain(code);
  }

  const ids = (sorties: readonly { sortie_id: string }[]) => sorties.map((s) => s.sortie_id);

  test('a mission worked through the queue, and search', async () => {
    for (const callsign of ['lead', 'viper-1', 'viper-2']) await json(callsign, ['register']);
    const { mission_id } = await json<{ mission_id: string }>('lead', ['mission', 'create', '--title', 'M']);
    const create = (title: string, ...extra: string[]) =>
      json<{ sortie_id: string }>('lead', [
        'sortie',
        'create',
        '--title',
        title,
        '--mission',
        mission_id,
        ...extra,
      ]);
    const a = (await create('A', '--file', 'a.ts')).sortie_id;
    const b = (await create('B', '--depends-on', a, '--priority', '0')).sortie_id;
    const c = (await create('C')).sortie_id;

    expect(ids(await json('lead', ['ready', '--mission', mission_id]))).toEqual([a, c]);
    expect((await fleet(src, ['ready', '--limit', '1'])).out).toBe(`${a}  P2  A\n`);
    const claim = await json<{ claimed: { sortie_id: string }; reservation: { paths: string[] } }>(
      'viper-1',
      ['claim', '--mission', mission_id, '--reserve', '--ttl', '10m'],
    );
    expect(claim.claimed.sortie_id).toBe(a);
    expect(claim.reservation.paths).toEqual(['src/a.ts']);
    await refused('viper-2', ['claim', '--sortie', b], 'NOT_READY');
    expect(await json('lead', ['sortie', 'assign', c, '--to', 'viper-2'])).toMatchObject({
      type: 'sortie_assigned',
      callsign: 'viper-2',
      assigned_by: 'lead',
    });
    expect((await fleet(src, ['ready'])).out).toBe('(nothing ready)\n');
    expect(await json('viper-1', ['claim'])).toBeNull();
    expect((await fleet(src, ['claim'], { as: 'viper-1' })).out).toBe('nothing ready\n');

    await json('viper-1', ['sortie', 'complete', a]);
    expect(await json('lead', ['sortie', 'depend', c, '--depends-on', b])).toMatchObject({
      type: 'sortie_dependency_added',
      depends_on: [b],
    });
    await refused('lead', ['sortie', 'depend', b, '--depends-on', c], 'DEPENDENCY_CYCLE');
    await refused('viper-2', ['claim', '--sortie', c], 'NOT_READY');
    expect((await fleet(src, ['claim'], { as: 'viper-2' })).out).toBe(`claimed ${b}\n`);

    await json('lead', [
      'send',
      '--to',
      'viper-1',
      '--subject',
      'parser',
      '--body',
      'the deadline is friday',
    ]);
    const hits = await json<{ subject: string; snippet: string }[]>('viper-1', ['search', 'deadline']);
    expect(hits).toMatchObject([{ subject: 'parser', snippet: 'the [deadline] is friday' }]);
    expect(await json('viper-2', ['search', 'deadline'])).toEqual([]);
    expect((await fleet(src, ['search', 'pars*', 'friday'], { as: 'lead' })).out).toContain('parser');
    expect((await fleet(src, ['search', 'nothing'], { as: 'lead' })).out).toBe('(no match)\n');
  }, 60_000);

  test.each([
    [['search']],
    [['claim', '--ttl', 'soon']],
    [['ready', '--limit', '0']],
    [['sortie', 'depend', 'sortie-x']],
    [['sortie', 'assign', 'sortie-x']],
    [['sortie', 'create', '--title', 't', '--priority', '9']],
  ])('bad input %p is a usage error (exit 2)', async (args) => {
    const run = await fleet(src, args, { as: 'lead' });
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
  });
});
