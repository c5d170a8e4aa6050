import type { Database, SQLQueryBindings, Statement } from 'bun:sqlite';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SqlStatement } from '@fleettools/db';
import { MIGRATIONS_FOLDER } from '@fleettools/db';
import {
  createEvent,
  getActivePilots,
  getActiveReservations,
  getHolders,
  getInbox,
  streamIdOf,
  type FleetEvent,
} from '@fleettools/events';
import { appendEventStatement, projectionStatements } from '@fleettools/events/internal';

import { PROJECT } from '../lib/events.js';
import { closeProject, openProjectAt, type FleetProject } from '../lib/fleet.js';
import { openSqlite } from '../lib/floor.js';
import { measureOp, measureOpWith } from '../lib/measure.js';
import type { Measured, Recorder } from '../lib/scenario.js';
import {
  SCALE_HELD_PATH,
  SCALE_HOLDER,
  SCALE_READER,
  scaleEvent,
  scalePrologue,
} from '../lib/scale-workload.js';
import { DirectSeeder } from '../lib/seeder.js';

/**
 * The scale mode: the realistic mix seeded to each size of `config.scale.sizes` (through the direct path:
 * the store's own rows and projection statements, 50,000 events per transaction), then every hot-path
 * operation timed on it, beside a `bun:sqlite` floor running the same SQL on a copy of the same file.
 * Seeded files are kept between runs (see {@link seedDir}) and copied before each measure.
 */

/** The operations of the growth table, in order (`scale.<op>.<size>` are the scenario ids). */
export const SCALE_OPS = [
  'append',
  'append-message',
  'grant',
  'refusal',
  'holders',
  'active',
  'inbox',
  'pilots',
  'query-100',
  'latest',
  'count',
] as const;

/** One operation of {@link SCALE_OPS}. */
export type ScaleOp = (typeof SCALE_OPS)[number];

/** What each operation is, in words. */
export const SCALE_OP_NAMES: Readonly<Record<ScaleOp, string>> = {
  append: 'append heartbeat (rules: a registered pilot)',
  'append-message': 'append message to 2 pilots (rules)',
  grant: 'reservation granted',
  refusal: 'reservation refused (conflict logged)',
  holders: 'getHolders of a path',
  active: 'getActiveReservations of a path',
  inbox: 'getInbox (100 newest)',
  pilots: 'getActivePilots',
  'query-100': 'query 100 newest events',
  latest: 'getLatest',
  count: 'count (whole project)',
};

/** The id of one operation at one size. */
export function scaleId(op: ScaleOp, size: number): string {
  return `scale.${op}.${String(size)}`;
}

/** A seeded file older than this is seeded again (its reservations and pilots live a week). */
const MAX_SEED_AGE_MS = 5 * 24 * 3600 * 1000;

/** The version of the mix: bump it when `scale-workload.ts` changes, so older seeded files are not reused. */
const WORKLOAD_VERSION = 1;

/**
 * Where seeded files are kept between runs: `$FLEET_BENCH_SCALE_DIR`, else `fleettools-bench-scale` in the
 * system's temporary directory. Files are named by size, mix version and a hash of the shipped migrations.
 */
function seedDir(): string {
  return process.env['FLEET_BENCH_SCALE_DIR'] ?? join(tmpdir(), 'fleettools-bench-scale');
}

function schemaHash(): string {
  return createHash('sha256')
    .update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')))
    .digest('hex')
    .slice(0, 12);
}

/** What a seeded file's side file records. */
interface SeedInfo {
  readonly seededAtMs: number;
  readonly events: number;
  readonly seedSeconds: number;
}

/** The seeded file of `size` events (seeding it when missing or stale), and how it was seeded. */
async function seededFile(
  recorder: Recorder,
  size: number,
): Promise<{ file: string; info: SeedInfo; reused: boolean }> {
  const dir = join(seedDir(), `v${String(WORKLOAD_VERSION)}-${schemaHash()}-${String(size)}`);
  const file = join(dir, '.fleet', 'fleet.db');
  const infoFile = join(dir, 'seed.json');
  if (existsSync(infoFile) && existsSync(file)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as SeedInfo;
    if (Date.now() - info.seededAtMs < MAX_SEED_AGE_MS) return { file, info, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const project = await openProjectAt(dir);
  try {
    const startMs = Date.now() - size - 1000;
    const seeder = new DirectSeeder(project.db, { projections: true });
    await seeder.write(scalePrologue(new Date(startMs - 1).toISOString()));
    await seeder.seed(0, size, (i) => scaleEvent(i, startMs));
  } finally {
    await closeProject(project);
  }
  const info: SeedInfo = {
    seededAtMs: Date.now(),
    events: size,
    seedSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(infoFile, `${JSON.stringify(info)}\n`);
  recorder.log(`    seeded ${size.toLocaleString('en-US')} events in ${info.seedSeconds.toFixed(1)} s`);
  return { file, info, reused: false };
}

/** A copy of a seeded file as a project of its own (`<dir>/.fleet/fleet.db`). */
function projectCopy(recorder: Recorder, file: string, prefix: string): string {
  const dir = recorder.dir(prefix);
  mkdirSync(join(dir, '.fleet'));
  copyFileSync(file, join(dir, '.fleet', 'fleet.db'));
  return dir;
}

/** The floor of an append: the store's insert and projection statements, one `BEGIN IMMEDIATE`, prepared once. */
class FloorWriter {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Runs `reads` then writes `event` with its projections, in one immediate transaction. */
  write(event: FleetEvent, reads: readonly SqlStatement[] = []): void {
    const statements = [
      ...reads,
      appendEventStatement(event, streamIdOf(event)),
      ...projectionStatements(event),
    ];
    this.#db.run('BEGIN IMMEDIATE');
    try {
      for (const { sql, args } of statements) this.prepared(sql).all(...(args as SQLQueryBindings[]));
      this.#db.run('COMMIT');
    } catch (error) {
      this.#db.run('ROLLBACK');
      throw error;
    }
  }

  /** `sql` prepared once. */
  prepared(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** The decision read of a reservation (a copy of the rule's first read, for the floor). */
const DECISION_SQL = `SELECT path FROM reservations WHERE project_key = ?1 AND released_at IS NULL AND expires_at > ?2
  AND callsign <> ?3 AND mode IN ('exclusive', 'shared')`;

const ACTIVE_SQL = `SELECT * FROM reservations WHERE project_key = ? AND released_at IS NULL AND expires_at > ?`;

const EVENT_COLUMNS =
  'id, type, project_key, timestamp, sequence, stream_version, data, metadata, schema_version';

/** Every operation at one size: FleetTools' call and its floor (same SQL, on the floor's copy). */
async function measureSize(
  recorder: Recorder,
  size: number,
  fleet: FleetProject,
  floor: FloorWriter,
): Promise<void> {
  const budget = recorder.config.scale.budget;
  const now = () => new Date().toISOString();
  let n = 0;
  const fresh = () => {
    n += 1;
    return n;
  };
  const heartbeat = () => createEvent('pilot_active', { project_key: PROJECT, callsign: 'pilot-3' });
  const message = () =>
    createEvent('message_sent', {
      project_key: PROJECT,
      message_id: `msg-m${String(fresh())}`,
      from: 'pilot-4',
      to: [SCALE_READER, 'pilot-5'],
      subject: 'Status',
      body: 'Measured message.',
      thread_id: 'thread-7',
    });
  // Grants: a fresh path each time; the previous grant is released before the next call, untimed.
  let held: { reservation_id: string; callsign: string } | undefined;
  const grant = async (): Promise<FleetEvent> => {
    if (held !== undefined) {
      await fleet.store.append(createEvent('file_released', { project_key: PROJECT, ...held }), PROJECT);
    }
    const id = fresh();
    held = { reservation_id: `rsv-g${String(id)}`, callsign: 'pilot-6' };
    return createEvent('file_reserved', {
      project_key: PROJECT,
      ...held,
      paths: [`src/grant/f${String(id)}.ts`],
    });
  };
  const refused = () =>
    createEvent('file_reserved', {
      project_key: PROJECT,
      reservation_id: `rsv-x${String(fresh())}`,
      callsign: 'pilot-7',
      paths: [SCALE_HELD_PATH],
    });
  const refusalOf = async (event: FleetEvent): Promise<void> => {
    const outcome = await fleet.store.append(event, PROJECT).then(
      () => 'granted',
      (error: unknown) => (error as { code?: string }).code,
    );
    if (outcome !== 'RESERVATION_CONFLICT') throw new Error(`refusal measure: got ${String(outcome)}`);
  };
  const sqlRead = (sql: string, args: () => SQLQueryBindings[]) => () => floor.prepared(sql).all(...args());
  /** A read through FleetTools beside the same SQL through the floor. */
  const timedRead = async (
    read: () => Promise<unknown>,
    sql: string,
    args: () => SQLQueryBindings[],
  ): Promise<Measured> => ({
    fleet: await measureOp(read, budget),
    floors: { sqlite: await measureOp(sqlRead(sql, args), budget) },
  });

  const ops: Record<ScaleOp, () => Promise<Measured>> = {
    append: async () => ({
      fleet: await measureOpWith(heartbeat, (e) => fleet.store.append(e, PROJECT), budget),
      floors: {
        sqlite: await measureOpWith(
          heartbeat,
          (e) => {
            floor.write(e);
          },
          budget,
        ),
      },
    }),
    'append-message': async () => ({
      fleet: await measureOpWith(message, (e) => fleet.store.append(e, PROJECT), budget),
      floors: {
        sqlite: await measureOpWith(
          message,
          (e) => {
            floor.write(e);
          },
          budget,
        ),
      },
    }),
    grant: async () => {
      const figure = await measureOpWith(grant, (e) => fleet.store.append(e, PROJECT), budget);
      held = undefined;
      let floorHeld: string | undefined;
      const floorGrant = () => {
        if (floorHeld !== undefined) {
          floor.write(
            createEvent('file_released', {
              project_key: PROJECT,
              reservation_id: floorHeld,
              callsign: 'pilot-6',
            }),
          );
        }
        floorHeld = `rsv-f${String(fresh())}`;
        return createEvent('file_reserved', {
          project_key: PROJECT,
          reservation_id: floorHeld,
          callsign: 'pilot-6',
          paths: [`src/floor/f${String(n)}.ts`],
        });
      };
      const decision = (): SqlStatement => ({ sql: DECISION_SQL, args: [PROJECT, now(), 'pilot-6'] });
      return {
        fleet: figure,
        floors: {
          sqlite: await measureOpWith(
            floorGrant,
            (e) => {
              floor.write(e, [decision()]);
            },
            budget,
          ),
        },
      };
    },
    refusal: async () => ({
      fleet: await measureOpWith(refused, refusalOf, budget),
      floors: {
        sqlite: await measureOp(
          sqlRead(DECISION_SQL, () => [PROJECT, now(), 'pilot-7']),
          budget,
        ),
      },
    }),
    holders: () =>
      timedRead(
        () => getHolders(fleet.db, PROJECT, SCALE_HELD_PATH),
        ACTIVE_SQL,
        () => [PROJECT, now()],
      ),
    active: () =>
      timedRead(
        () => getActiveReservations(fleet.db, PROJECT, { path: SCALE_HELD_PATH }),
        `${ACTIVE_SQL} AND path = ? ORDER BY path, reservation_id`,
        () => [PROJECT, now(), SCALE_HELD_PATH],
      ),
    inbox: () =>
      timedRead(
        () => getInbox(fleet.db, PROJECT, SCALE_READER),
        `SELECT m.*, r.read_at, r.acked_at FROM message_recipients r
           JOIN messages m ON m.project_key = r.project_key AND m.message_id = r.message_id
         WHERE r.project_key = ? AND r.callsign = ? ORDER BY r.sent_at DESC, r.message_id DESC LIMIT 100`,
        () => [PROJECT, SCALE_READER],
      ),
    pilots: () =>
      timedRead(
        () => getActivePilots(fleet.db, PROJECT),
        "SELECT * FROM pilots WHERE project_key = ? AND status = 'active' ORDER BY callsign",
        () => [PROJECT],
      ),
    'query-100': () =>
      timedRead(
        () => fleet.store.query({ project_key: PROJECT, order: 'desc', limit: 100 }),
        `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? ORDER BY sequence DESC LIMIT 100`,
        () => [PROJECT],
      ),
    latest: () =>
      timedRead(
        () => fleet.store.getLatest(PROJECT),
        `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? ORDER BY sequence DESC LIMIT 1`,
        () => [PROJECT],
      ),
    count: async () => ({
      ...(await timedRead(
        () => fleet.store.count(PROJECT),
        'SELECT COUNT(*) AS n FROM events WHERE project_key = ?',
        () => [PROJECT],
      )),
      // The last operation of a size carries the process's RSS after them all.
      extra: { rssMiB: process.memoryUsage().rss / 2 ** 20 },
    }),
  };
  for (const op of SCALE_OPS) {
    await recorder.run(
      scaleId(op, size),
      'scale',
      `${SCALE_OP_NAMES[op]} @ ${size.toLocaleString('en-US')}`,
      ops[op],
    );
  }
}

/** Active reservations of the per-active-reservation measure, fewest and most. */
const ACTIVE_FEW = 1000;
const ACTIVE_MANY = 10_000;

/**
 * What a reservation decision costs per active reservation: a grant timed beside `ACTIVE_FEW` and beside
 * `ACTIVE_MANY` active reservations of other pilots (seeded directly: exact paths and globs, none overlapping
 * the request), and the difference of the p50s divided by the difference of the counts.
 */
async function measurePerActive(recorder: Recorder): Promise<void> {
  await recorder.run(
    'scale.per-active',
    'scale',
    'reservation decision, µs per active reservation',
    async () => {
      const p50s: number[] = [];
      let last: Measured | undefined;
      for (const active of [ACTIVE_FEW, ACTIVE_MANY]) {
        const project = await openProjectAt(recorder.dir(`active-${String(active)}`));
        try {
          const seeder = new DirectSeeder(project.db, { projections: true });
          await seeder.write(scalePrologue(new Date().toISOString()));
          await seeder.seed(0, active, (i) =>
            createEvent('file_reserved', {
              project_key: PROJECT,
              reservation_id: `rsv-a${String(i)}`,
              callsign: `pilot-${String(i % 20)}`,
              paths: [i % 3 === 0 ? `lib/g${String(i)}/**` : `src/m${String(i % 97)}/f${String(i)}.ts`],
              ttl_ms: 3_600_000,
            }),
          );
          let n = 0;
          let held: string | undefined;
          const grant = async (): Promise<FleetEvent> => {
            if (held !== undefined) {
              await project.store.append(
                createEvent('file_released', {
                  project_key: PROJECT,
                  reservation_id: held,
                  callsign: SCALE_HOLDER,
                }),
                PROJECT,
              );
            }
            n += 1;
            held = `rsv-q${String(n)}`;
            return createEvent('file_reserved', {
              project_key: PROJECT,
              reservation_id: held,
              callsign: SCALE_HOLDER,
              paths: [`docs/q${String(n)}.md`],
            });
          };
          const figure = await measureOpWith(
            grant,
            (e) => project.store.append(e, PROJECT),
            recorder.config.scale.budget,
          );
          p50s.push(figure.p50Us);
          last = { fleet: figure };
        } finally {
          await closeProject(project);
        }
      }
      const [few = Number.NaN, many = Number.NaN] = p50s;
      if (last === undefined) throw new Error('no decision measured');
      return {
        ...last,
        extra: {
          [`grant p50 µs, ${String(ACTIVE_FEW)} active`]: few,
          [`grant p50 µs, ${String(ACTIVE_MANY)} active`]: many,
          'µs per active reservation': (many - few) / (ACTIVE_MANY - ACTIVE_FEW),
        },
      };
    },
  );
}

/** The scale group: each configured size seeded (or reused), measured, and the RSS after it recorded. */
export async function runScale(recorder: Recorder): Promise<void> {
  for (const size of recorder.config.scale.sizes) {
    const { file, info, reused } = await seededFile(recorder, size);
    recorder.log(
      `  scale ${size.toLocaleString('en-US')} events: ${reused ? 'reusing' : 'seeded'} ${file} (seeding took ${info.seedSeconds.toFixed(1)} s)`,
    );
    const fleet = await openProjectAt(projectCopy(recorder, file, `scale-${String(size)}`));
    const floorDb = openSqlite(
      join(projectCopy(recorder, file, `scale-floor-${String(size)}`), '.fleet', 'fleet.db'),
    );
    try {
      // The holder of the path the refusals ask for, in both copies.
      const held = createEvent('file_reserved', {
        project_key: PROJECT,
        reservation_id: 'rsv-held',
        callsign: SCALE_HOLDER,
        paths: [SCALE_HELD_PATH],
      });
      await fleet.store.append(held, PROJECT);
      const floor = new FloorWriter(floorDb);
      floor.write(held);
      await measureSize(recorder, size, fleet, floor);
    } finally {
      floorDb.close();
      await closeProject(fleet);
    }
  }
  if (recorder.config.scale.sizes.length > 0) await measurePerActive(recorder);
}
