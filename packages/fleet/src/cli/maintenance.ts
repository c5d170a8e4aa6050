import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { MIGRATIONS_TABLE, type FleetDB } from '@fleettools/db';
import { replayEvents } from '@fleettools/events';
import { sql } from 'drizzle-orm';
import { z } from 'zod';

import { databaseFile } from '../project/find-root.js';
import { validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';
import { CliFailure, EXIT } from './io.js';
import { walReaders } from '../doctor/wal-readers.js';
import { copyDatabase, verifyReplay, type VerifyResult } from '../verify/verify-replay.js';

/** How many differing rows `--verify` prints per table and side. */
const SHOWN_ROWS = 3;

/** The verdict lines of a verification. */
function verdictLines({ events, rows, differences }: VerifyResult): string[] {
  if (differences.length === 0) {
    return [
      `replay --verify: PASS: ${events} events replayed; ${rows} rebuilt rows equal the live projections`,
    ];
  }
  return [
    `replay --verify: FAIL: ${events} events replayed; rebuilt rows differ from the live ones in ${differences.map((d) => d.table).join(', ')}`,
    ...differences.flatMap(({ table, onlyInLive, onlyInRebuilt }) => [
      `  ${table}: ${onlyInLive.length} live rows not rebuilt, ${onlyInRebuilt.length} rebuilt rows not live`,
      ...onlyInLive.slice(0, SHOWN_ROWS).map((row) => `    live:    ${row}`),
      ...onlyInRebuilt.slice(0, SHOWN_ROWS).map((row) => `    rebuilt: ${row}`),
    ]),
  ];
}

/** `fleet replay [--verify]`. */
export const replayCommand: Command = {
  usage: 'fleet replay [--verify]',
  summary: 'rebuild the projections from the log; --verify only compares, changing nothing',
  about:
    'Rebuilds every projection of the project from its event log, in one transaction. With --verify nothing\n' +
    'is changed: a copy of the database (VACUUM INTO) is replayed and compared with its live projections;\n' +
    'exit 1 and the differing tables when they differ.',
  options: { verify: { type: 'boolean', help: 'compare only; change nothing' } },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const { verify } = validateOptions(z.object({ verify: z.boolean().optional() }), ctx.args.values);
    const fleet = await ctx.fleet();
    if (verify !== true) {
      const result = await replayEvents(fleet.db, { projectKey: fleet.projectKey });
      ctx.out({ events: result.events, duration_ms: result.durationMs }, [
        `replayed ${result.events} events in ${result.durationMs.toFixed(0)} ms`,
      ]);
      return EXIT.OK;
    }
    const result = await verifyReplay(fleet.db, fleet.projectKey);
    ctx.out({ pass: result.differences.length === 0, ...result }, verdictLines(result));
    return result.differences.length === 0 ? EXIT.OK : EXIT.FAILURE;
  },
};

/** A WAL file larger than this is worth a word (64 MiB). */
const LARGE_WAL_BYTES = 64 * 1024 * 1024;

/** One check of `fleet doctor`. */
interface Check {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * The WAL's size, and the processes holding a read transaction on it now (Linux: their read-mark locks), which
 * keep a checkpoint from resetting it while they hold on.
 */
function walCheck(file: string): Check {
  const wal = `${file}-wal`;
  const walBytes = existsSync(wal) ? statSync(wal).size : 0;
  const readers = walReaders(file);
  const named = readers.map((r) => `pid ${String(r.pid)}${r.command === '' ? '' : ` (${r.command})`}`);
  const large = walBytes > LARGE_WAL_BYTES;
  const holding = readers.length === 0 ? '' : `; in a read transaction now: ${named.join(', ')}`;
  const action = large
    ? `: a long reader keeps it from checkpointing; ${readers.length === 0 ? 'stop idle readers' : 'end the read transactions of the processes named'}`
    : '';
  return { check: 'wal', ok: !large, detail: `write-ahead log ${String(walBytes)} bytes${holding}${action}` };
}

/** Free pages worth a word: more than this many bytes (64 MiB) and more than half the file. */
const LARGE_FREE_BYTES = 64 * 1024 * 1024;

/**
 * Reclaimable space: the pages free inside the file (left by compaction's deletes), which new rows reuse
 * first. In a file created with `auto_vacuum=INCREMENTAL` (every new project's) compaction gives them back to
 * the disk; an older file keeps them until a VACUUM.
 */
function spaceCheck(db: FleetDB): Check {
  const pragma = (name: 'page_size' | 'page_count' | 'freelist_count' | 'auto_vacuum'): number =>
    Number(Object.values(db.all<Record<string, unknown>>(sql.raw(`PRAGMA ${name}`))[0] ?? {})[0] ?? 0);
  const pageSize = pragma('page_size');
  const free = pragma('freelist_count') * pageSize;
  const file = pragma('page_count') * pageSize;
  const incremental = pragma('auto_vacuum') === INCREMENTAL_VACUUM;
  const large = free > LARGE_FREE_BYTES && free * 2 > file;
  const mode = incremental
    ? 'compaction gives freed pages back to the disk (auto_vacuum incremental)'
    : 'new rows reuse them; this file was created before incremental vacuum, so only a VACUUM gives them back';
  return {
    check: 'space',
    ok: !large,
    detail:
      `${String(free)} of ${String(file)} bytes reclaimable (free pages inside the file); ${mode}` +
      (large
        ? '; to give them back, stop the fleet, write a compacted copy with fleet backup FILE and put it in place of .fleet/fleet.db'
        : ''),
  };
}

/** `PRAGMA auto_vacuum`'s value for INCREMENTAL. */
const INCREMENTAL_VACUUM = 2;

/** `fleet doctor`: integrity, schema version, WAL size, reclaimable space, stale pilots, a verify. */
export const doctorCommand: Command = {
  usage: 'fleet doctor',
  summary: 'check the database: integrity, schema, WAL size, reclaimable space, stale pilots, replay',
  about: 'Runs every check, says in words what is wrong and what to do, and exits 1 when anything is.',
  options: {},
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const fleet = await ctx.fleet();
    const checks: Check[] = [];
    const integrity = fleet.db.all<{ integrity_check: string }>(sql`PRAGMA integrity_check`);
    const integrityText = integrity.map((row) => row.integrity_check).join('; ');
    checks.push({
      check: 'integrity',
      ok: integrityText === 'ok',
      detail: `SQLite integrity check: ${integrityText}${integrityText === 'ok' ? '' : '; restore from a backup'}`,
    });
    const [applied] = fleet.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${sql.identifier(MIGRATIONS_TABLE)}`,
    );
    checks.push({
      check: 'schema',
      ok: true,
      detail: `${applied?.n ?? 0} migrations applied (up to date: opening migrates)`,
    });
    checks.push(walCheck(databaseFile(fleet.root)));
    checks.push(spaceCheck(fleet.db));
    const stale = (await fleet.status(ctx.now())).pilots.filter((p) => p.status === 'stale');
    checks.push({
      check: 'pilots',
      ok: stale.length === 0,
      detail:
        stale.length === 0
          ? 'no stale pilots'
          : `stale pilots (silent past their TTL): ${stale.map((p) => p.callsign).join(', ')}; they should deregister, or a coordinator reclaims what they hold`,
    });
    const verified = await verifyReplay(fleet.db, fleet.projectKey);
    checks.push({
      check: 'replay',
      ok: verified.differences.length === 0,
      detail: verdictLines(verified).join('\n'),
    });
    const ok = checks.every((c) => c.ok);
    ctx.out({ ok, checks }, [
      ...checks.map((c) => `${c.ok ? 'ok     ' : 'PROBLEM'}  ${c.check.padEnd(9)}  ${c.detail}`),
      ok ? 'all checks passed' : 'problems found',
    ]);
    return ok ? EXIT.OK : EXIT.FAILURE;
  },
};

/** `fleet backup FILE`: a consistent copy of the database. */
export const backupCommand: Command = {
  usage: 'fleet backup FILE',
  summary: 'write a consistent copy of the database to FILE',
  about: 'Copies the database with VACUUM INTO while others keep working; FILE must not exist.',
  options: {},
  positionals: { min: 1, max: 1, name: 'FILE' },
  run: async (ctx) => {
    const file = resolve(ctx.io.cwd, ctx.args.positionals[0] ?? '');
    if (existsSync(file)) {
      throw new CliFailure('BACKUP_EXISTS', `${file} already exists; nothing was written.`).withHint({
        action: 'choose a new file name',
      });
    }
    const fleet = await ctx.fleet();
    copyDatabase(fleet.db, file);
    ctx.out({ file, bytes: statSync(file).size }, [`backed up to ${file} (${statSync(file).size} bytes)`]);
    return undefined;
  },
};
