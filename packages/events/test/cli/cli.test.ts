import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb } from '@fleettools/db';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { EventStore, createEvent, takeSnapshot } from '../../src/index.js';
import { formatEventLine } from '../../src/cli/format.js';
import { relativeTime } from '../../src/cli/table.js';
import { cli, tempProject } from './support.js';

const json = (value: unknown): string => JSON.stringify(value);

describe('fleet: commands and help', () => {
  const project = tempProject();
  afterAll(project.remove);

  test('no command prints the usage on stderr (exit 2); --help and help <command> print help', async () => {
    const none = await cli(project.dir, []);
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toContain('Usage: fleet <command>');
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await cli(project.dir, argv);
      expect(run.code).toBe(0);
      expect(run.out.join('\n')).toContain('Commands:');
    }
    expect((await cli(project.dir, ['help', 'log'])).out.join('\n')).toContain('Usage: fleet log');
    expect((await cli(project.dir, ['help', 'nope'])).out.join('\n')).toContain('Commands:');
  });

  test.each(['status', 'log', 'append', 'replay'])('fleet %s --help', async (command) => {
    const run = await cli(project.dir, [command, '--help']);
    expect(run.code).toBe(0);
    expect(run.out[0]).toStartWith(`Usage: fleet ${command}`);
    expect(run.err).toEqual([]);
  });

  test('an unknown command is one line and exit 2', async () => {
    const run = await cli(project.dir, ['stauts']);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      "fleet: unknown command 'stauts' (commands: status, log, append, replay; see fleet --help)",
    ]);
  });

  test.each([
    [['status', '--bogus'], "fleet status: Unknown option '--bogus' (see fleet status --help)"],
    [['status', 'extra'], 'fleet status:'],
    [
      ['log', '--limit', '0'],
      "fleet log: --limit: expected an integer from 1 to 100000, got '0' (see fleet log --help)",
    ],
    [['log', '--limit', 'ten'], '--limit: expected an integer'],
    [['log', '--since', 'yesterday'], "--since: expected an ISO 8601 date-time with a zone, got 'yesterday'"],
    [['log', '--type', 'pilot_flew'], "--type: unknown event type 'pilot_flew'"],
    [['log', '--stream', 'nostream'], '--stream: expected <kind>:<value>'],
    [['log', '--consumer', 'me'], '--consumer: only with --follow'],
    [['log', '--follow', '--interval', '5'], '--interval: expected an integer from 20 to 60000'],
    [['status', '--project', ''], '--project: expected a directory'],
    [['append', '--type', 'nope', '--json', '{}'], "--type: unknown event type 'nope'"],
  ] as const)('usage errors: %p', async (argv, message) => {
    const run = await cli(project.dir, argv);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(message);
  });

  test('reading commands refuse a directory without a database, creating nothing', async () => {
    for (const command of ['status', 'log', 'replay']) {
      const run = await cli(project.dir, [command]);
      expect(run.code).toBe(1);
      expect(run.err[0]).toStartWith(`fleet ${command}: NO_FLEET_DB: no FleetTools database at `);
    }
  });

  test('a missing project directory is one line, exit 1', async () => {
    const run = await cli(project.dir, [
      'append',
      '--project',
      'no/such/dir',
      '--json',
      '{}',
      '--type',
      'pilot_active',
    ]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toStartWith('fleet append: PATH_INVALID: ');
  });

  test('a file that is not a database is a DB_OPEN_FAILED line', async () => {
    const broken = tempProject();
    try {
      mkdirSync(join(broken.dir, '.fleet'));
      writeFileSync(join(broken.dir, '.fleet', 'fleet.db'), 'not a database, just text '.repeat(100));
      const run = await cli(broken.dir, ['status']);
      expect(run.code).toBe(1);
      expect(run.err[0]).toStartWith('fleet status: DB_OPEN_FAILED: ');
    } finally {
      broken.remove();
    }
  });
});

describe('fleet append', () => {
  const project = tempProject();
  afterAll(project.remove);

  test('appends an event from --json and prints it stored, with its sequence', async () => {
    const run = await cli(project.dir, [
      'append',
      '--type',
      'pilot_registered',
      '--json',
      json({ callsign: 'viper-1' }),
    ]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const stored = JSON.parse(run.out[0] ?? '{}') as Record<string, unknown>;
    expect(stored).toMatchObject({
      type: 'pilot_registered',
      callsign: 'viper-1',
      sequence: 1,
      project_key: project.dir,
    });
  });

  test('reads the JSON from standard input, type included', async () => {
    const run = await cli(project.dir, ['append'], {
      stdin: json({ type: 'pilot_active', callsign: 'viper-1' }),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0] ?? '{}')).toMatchObject({ type: 'pilot_active', sequence: 2 });
  });

  test.each([
    [[], undefined, "no event given: pass --json '{...}'"],
    [[], 'not json', 'the event is not valid JSON'],
    [[], '[1,2]', 'the event must be one JSON object'],
    [[], '{"callsign":"viper-1"}', 'no event type'],
    [['--type', 'pilot_active'], '{"type":"pilot_registered"}', 'disagrees with'],
  ] as const)('refuses bad input %p %p', async (argv, stdin, message) => {
    const run = await cli(project.dir, ['append', ...argv], stdin === undefined ? {} : { stdin });
    expect(run.code).toBe(2);
    expect(run.err[0]).toContain(message);
  });

  test('an invalid event prints every validation issue and writes nothing', async () => {
    const run = await cli(project.dir, [
      'append',
      '--type',
      'sortie_created',
      '--json',
      json({ sortie_id: 'not-a-sortie', title: '', colour: 'red' }),
    ]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toStartWith('fleet append: EVENT_INVALID: Invalid sortie_created event');
    expect(run.err.slice(1).join('\n')).toContain('  - sortie_id: ');
    expect(run.err.slice(1).join('\n')).toContain('  - title: ');
    const log = await cli(project.dir, ['log', '--json']);
    expect(log.out).toHaveLength(2);
  });

  test('an event of another project is refused', async () => {
    const run = await cli(project.dir, [
      'append',
      '--type',
      'pilot_active',
      '--json',
      json({ project_key: '/elsewhere', callsign: 'viper-1' }),
    ]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toStartWith('fleet append: PROJECT_MISMATCH: ');
  });

  test('a failure reading standard input is reported as an unexpected error', async () => {
    const run = await cli(project.dir, ['append'], { stdin: new Error('stdin closed') });
    expect(run.code).toBe(1);
    expect(run.err).toEqual(['fleet append: unexpected error: stdin closed']);
  });

  test('a store refusal (a reservation conflict) is its code and message, exit 1', async () => {
    const reserve = (callsign: string, id: string) =>
      cli(project.dir, [
        'append',
        '--type',
        'file_reserved',
        '--json',
        json({ reservation_id: id, callsign, paths: ['src/a.ts'] }),
      ]);
    expect((await reserve('viper-1', 'rsv-first')).code).toBe(0);
    const second = await reserve('viper-2', 'rsv-second');
    expect(second.code).toBe(1);
    expect(second.err[0]).toStartWith('fleet append: RESERVATION_CONFLICT: ');
  });
});

describe('fleet status', () => {
  const project = tempProject();
  // Taken when the events are written (not when the file is collected): "last seen now" must hold however
  // long the tests before these took.
  let now = new Date();
  beforeAll(async () => {
    now = new Date();
    const db = createFleetDb({ projectPath: project.dir });
    const store = EventStore.fromDb(db);
    const p = project.dir;
    await store.appendMany(
      [
        createEvent('pilot_registered', {
          project_key: p,
          callsign: 'viper-1',
          program: 'opencode',
          model: 'sonnet',
          task_description: 'parser',
        }),
        createEvent('pilot_registered', {
          project_key: p,
          callsign: 'viper-2',
          ttl_ms: 1000,
          timestamp: new Date(now.getTime() - 3_600_000).toISOString(),
        }),
        createEvent('pilot_registered', { project_key: p, callsign: 'viper-3' }),
        createEvent('pilot_deregistered', { project_key: p, callsign: 'viper-3' }),
        createEvent('file_reserved', {
          project_key: p,
          reservation_id: 'rsv-1',
          callsign: 'viper-1',
          paths: ['src/parser.ts'],
        }),
        createEvent('mission_created', { project_key: p, mission_id: 'mission-1', title: 'Ship' }),
        ...Array.from({ length: 52 }, (_, i) =>
          createEvent('sortie_created', {
            project_key: p,
            sortie_id: `sortie-${String(i).padStart(3, '0')}`,
            mission_id: 'mission-1',
            title: `Part ${i}`,
          }),
        ),
        createEvent('sortie_started', { project_key: p, sortie_id: 'sortie-051', callsign: 'viper-1' }),
      ],
      p,
    );
    await closeFleetDb(db);
  });
  afterAll(project.remove);

  test('prints pilots, reservations, sorties by state and the latest sequence as aligned tables', async () => {
    const run = await cli(project.dir, ['status'], { now });
    expect(run.code).toBe(0);
    const text = run.out.join('\n');
    expect(text).toContain('latest sequence  59');
    expect(text).toContain('PILOTS (3)');
    expect(run.out).toContain('callsign  status        last seen  program   model   task');
    expect(run.out).toContain('viper-1   active        now        opencode  sonnet  parser');
    expect(run.out).toContain('viper-2   stale         1h 0m ago  -         -       -');
    expect(run.out).toContain('viper-3   deregistered  now        -         -       -');
    expect(text).toContain('ACTIVE RESERVATIONS (1)');
    expect(run.out).toContain('src/parser.ts  viper-1   exclusive  in 1h 0m  rsv-1');
    expect(text).toContain('SORTIES BY STATE (52)');
    expect(run.out).toContain('pending      51');
    expect(run.out).toContain('in_progress  1');
    expect(run.out).toContain('sortie-051  in_progress  viper-1      0%        Part 51');
    expect(text).toContain('… and 2 older sorties');
  });

  test('--json prints one object', async () => {
    const run = await cli(project.dir, ['status', '--json', '--project', project.dir], { now });
    expect(run.code).toBe(0);
    const status = JSON.parse(run.out[0] ?? '{}') as {
      latest_sequence: number;
      pilots: { callsign: string; status: string }[];
      sorties: { counts: Record<string, number> };
    };
    expect(status.latest_sequence).toBe(59);
    expect(status.pilots.map((p) => [p.callsign, p.status])).toEqual([
      ['viper-1', 'active'],
      ['viper-2', 'stale'],
      ['viper-3', 'deregistered'],
    ]);
    expect(status.sorties.counts).toEqual({
      pending: 51,
      in_progress: 1,
      blocked: 0,
      completed: 0,
      failed: 0,
    });
  });

  test('an empty project shows (none) under every table', async () => {
    const run = await cli(project.dir, ['status', '--project-key', '/other/project'], { now });
    expect(run.out.filter((line) => line === '(none)')).toHaveLength(3);
    expect(run.out).toContain('latest sequence  0');
  });
});

describe('fleet log', () => {
  const project = tempProject();
  const p = project.dir;
  beforeAll(async () => {
    const db = createFleetDb({ projectPath: p });
    const store = EventStore.fromDb(db);
    await store.appendMany(
      [
        createEvent('pilot_registered', {
          project_key: p,
          callsign: 'viper-1',
          timestamp: '2025-01-09T14:00:00.000Z',
        }),
        createEvent('sortie_created', {
          project_key: p,
          sortie_id: 'sortie-1',
          title: 'T',
          timestamp: '2025-01-09T14:01:00.000Z',
        }),
        createEvent('sortie_started', {
          project_key: p,
          sortie_id: 'sortie-1',
          callsign: 'viper-1',
          timestamp: '2025-01-09T14:02:00.000Z',
        }),
        createEvent('mission_completed', {
          project_key: p,
          mission_id: 'mission-1',
          summary: 'x'.repeat(80),
          timestamp: '2025-01-09T14:03:00.000Z',
          metadata: { actor: 'lead' },
        }),
      ],
      p,
    );
    await closeFleetDb(db);
  });
  afterAll(project.remove);

  test('prints every event, one readable line each', async () => {
    const run = await cli(p, ['log']);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(4);
    expect(run.out[0]).toBe('#1      2025-01-09T14:00:00.000Z  pilot_registered      viper-1');
    expect(run.out[2]).toBe(
      '#3      2025-01-09T14:02:00.000Z  sortie_started        viper-1       sortie_id=sortie-1',
    );
    expect(run.out[3]).toContain(`lead          mission_id=mission-1 summary=${'x'.repeat(59)}…`);
  });

  test('filters by type, stream, since, and keeps the newest N with --limit', async () => {
    const lines = async (...argv: string[]) => (await cli(p, ['log', ...argv])).out.map((l) => l.slice(0, 3));
    expect(await lines('--type', 'sortie_created', '--type', 'sortie_started')).toEqual(['#2 ', '#3 ']);
    expect(await lines('--stream', 'pilot:viper-1')).toEqual(['#1 ']);
    expect(await lines('--since', '2025-01-09T15:02:00+01:00')).toEqual(['#3 ', '#4 ']);
    expect(await lines('--limit', '2')).toEqual(['#3 ', '#4 ']);
  });

  test('--json prints the stored events as JSON lines', async () => {
    const run = await cli(p, ['log', '--json', '--limit', '1']);
    expect(JSON.parse(run.out[0] ?? '{}')).toMatchObject({ type: 'mission_completed', sequence: 4 });
  });

  test('--follow prints new events until stopped', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const following = cli(p, ['log', '--follow', '--interval', '20', '--limit', '1'], {
      signal: controller.signal,
      out,
    });
    await until(() => out.length === 1);
    await cli(p, ['append', '--type', 'pilot_registered', '--json', json({ callsign: 'viper-2' })]);
    await until(() => out.length === 2);
    controller.abort();
    expect((await following).code).toBe(0);
    expect(out[1]).toContain('pilot_registered      viper-2');
  });

  test('--follow --consumer resumes after the last event it handled, through a durable cursor', async () => {
    const follow = async (wanted: number) => {
      const controller = new AbortController();
      const out: string[] = [];
      const running = cli(
        p,
        [
          'log',
          '-f',
          '--interval',
          '20',
          '--consumer',
          'auditor',
          '--type',
          'pilot_registered',
          '--type',
          'cursor_moved',
        ],
        {
          signal: controller.signal,
          out,
        },
      );
      await until(() => out.length >= wanted);
      await Bun.sleep(100);
      controller.abort();
      expect((await running).code).toBe(0);
      return out;
    };
    expect((await follow(2)).map((l) => l.slice(0, 3))).toEqual(['#1 ', '#5 ']);
    await cli(p, ['append', '--type', 'pilot_registered', '--json', json({ callsign: 'viper-3' })]);
    const again = await follow(1);
    expect(again).toHaveLength(1);
    expect(again[0]).toContain('viper-3');
  });
});

describe('fleet replay', () => {
  const project = tempProject();
  const p = project.dir;
  beforeAll(async () => {
    await cli(p, ['append', '--type', 'pilot_registered', '--json', json({ callsign: 'viper-1' })]);
    await cli(p, [
      'append',
      '--type',
      'sortie_created',
      '--json',
      json({ sortie_id: 'sortie-1', title: 'T' }),
    ]);
  });
  afterAll(project.remove);

  test('rebuilds the projections', async () => {
    const run = await cli(p, ['replay']);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^replayed 2 events in \d+ ms$/);
  });

  test('--verify passes when the live projections equal the rebuilt ones', async () => {
    const run = await cli(p, ['replay', '--verify']);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([
      'replay --verify: PASS: 2 events replayed; 2 rebuilt rows equal the live projections',
    ]);
  });

  // Regression: --verify replayed from the newest snapshot, so it folded only the tail and always reported
  // the log as moving once a project had one.
  test('--verify rebuilds from the whole log, also when a snapshot exists', async () => {
    const db = createFleetDb({ projectPath: p });
    await takeSnapshot(db, { projectKey: p });
    await closeFleetDb(db);
    const run = await cli(p, ['replay', '--verify']);
    expect(run.code).toBe(0);
    expect(run.out[0]).toStartWith('replay --verify: PASS: 2 events replayed');
  });

  test('--verify fails, naming the table and rows, when a projection drifted', async () => {
    const db = createFleetDb({ projectPath: p });
    await db.$client.all({
      sql: "UPDATE sorties SET title = 'tampered' WHERE project_key = ?",
      args: [p],
    });
    await closeFleetDb(db);
    const run = await cli(p, ['replay', '--verify']);
    expect(run.code).toBe(1);
    expect(run.out[0]).toBe(
      'replay --verify: FAIL: 2 events replayed; 2 rebuilt rows differ from the live ones in sorties',
    );
    expect(run.out[1]).toBe('  sorties: 1 live rows not rebuilt, 1 rebuilt rows not live');
    expect(run.out[2]).toContain('live:    {');
    expect(run.out[2]).toContain('"title":"tampered"');
    expect(run.out[3]).toContain('rebuilt: {');
    // The rebuilt projections stay: a second check passes.
    expect((await cli(p, ['replay', '--verify'])).code).toBe(0);
  });

  test('--verify gives up with LOG_MOVING when other processes never stop appending', async () => {
    const writer = Bun.spawn(
      ['bun', fileURLToPath(new URL('./fixtures/append-loop.ts', import.meta.url)), p],
      {
        stdout: 'pipe',
        stderr: 'inherit',
      },
    );
    try {
      const reader = writer.stdout.getReader();
      await reader.read(); // 'started'
      // Each run makes five attempts; on a loaded machine the writer may miss them all, so try for a while.
      let run = await cli(p, ['replay', '--verify']);
      for (const deadline = Date.now() + 10_000; run.code === 0 && Date.now() < deadline;) {
        run = await cli(p, ['replay', '--verify']);
      }
      expect(run.code).toBe(1);
      expect(run.err).toEqual([
        'fleet replay: LOG_MOVING: the event log kept growing during 5 verification attempts; retry when writers pause',
      ]);
    } finally {
      writer.kill('SIGKILL');
      await writer.exited;
    }
  });
});

describe('formatting helpers', () => {
  test('relative times in seconds, minutes and hours, past and future', () => {
    const now = new Date('2025-01-09T14:00:00.000Z');
    expect(relativeTime('2025-01-09T13:59:55.000Z', now)).toBe('5s ago');
    expect(relativeTime('2025-01-09T14:02:05.000Z', now)).toBe('in 2m 5s');
    expect(relativeTime('2025-01-09T11:30:00.000Z', now)).toBe('2h 30m ago');
    expect(relativeTime('2025-01-09T14:00:00.300Z', now)).toBe('now');
  });

  test('an event without an actor shows -', () => {
    const event = createEvent('cursor_moved', {
      project_key: '/p',
      consumer: 'c',
      position: 3,
      timestamp: '2025-01-09T14:00:00.000Z',
    });
    expect(formatEventLine(event)).toBe(
      '#?      2025-01-09T14:00:00.000Z  cursor_moved          -             consumer=c position=3',
    );
  });
});

/** Waits until `condition` holds (polling every 10 ms, at most 5 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await Bun.sleep(10);
  }
}
