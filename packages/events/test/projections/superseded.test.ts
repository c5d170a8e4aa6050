/**
 * Superseded overwrites: which statements a replay may leave out, and that leaving them out changes nothing
 * in the tables (the property over random sequences is live_projections_equal_replayed_projections).
 */
import { describe, expect, test } from 'bun:test';

import { createEvent, replayEvents, type FleetEvent, type ProjectionStatement } from '../../src/index.js';
import { projectionStatements, withoutSupersededWrites } from '../../src/internal.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';
import { PILOTS, PROJECT, T, registeredFleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

const PROGRESS = 'UPDATE sorties SET progress = ?3 WHERE project_key = ?1 AND sortie_id = ?2';
const BLOCK = 'UPDATE sorties SET status = ?3 WHERE project_key = ?1 AND sortie_id = ?2';
const SEEN = 'UPDATE pilots SET last_seen_at = ?3 WHERE project_key = ?1 AND callsign = ?2';

/** A statement on `table`; an overwrite of `row` when one is given. The progress it carries tells them apart. */
function statement(
  sql: string,
  table: ProjectionStatement['table'],
  value: number,
  row?: string,
): ProjectionStatement {
  return { table, sql, args: [PROJECT, 'x', value], ...(row === undefined ? {} : { overwrites: row }) };
}

const progress = (row: string, value: number) => statement(PROGRESS, 'sorties', value, row);
const values = (statements: readonly ProjectionStatement[]) => statements.map((s) => s.args[2]);

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('withoutSupersededWrites', () => {
    test('keeps the last overwrite of each row, in order', () => {
      const kept = withoutSupersededWrites([
        progress('a', 1),
        progress('b', 2),
        progress('a', 3),
        progress('b', 4),
        progress('a', 5),
      ]);
      expect(values(kept)).toEqual([4, 5]);
      expect(withoutSupersededWrites([])).toEqual([]);
    });

    test('a statement of the table that names no row keeps every overwrite before it', () => {
      const barrier = statement(BLOCK, 'sorties', 0);
      expect(values(withoutSupersededWrites([progress('a', 1), barrier, progress('a', 2)]))).toEqual([
        1, 0, 2,
      ]);
      // Statements that never overwrite are always kept, whatever their table.
      expect(withoutSupersededWrites([barrier, barrier])).toEqual([barrier, barrier]);
    });

    test('another overwrite of the same row in between keeps the earlier one', () => {
      const compacted = statement(
        'UPDATE sorties SET updated_at = ?3 WHERE project_key = ?1 AND sortie_id = ?2',
        'sorties',
        9,
        'a',
      );
      expect(values(withoutSupersededWrites([progress('a', 1), compacted, progress('a', 2)]))).toEqual([
        1, 9, 2,
      ]);
    });

    test('statements of other tables change nothing: no projection statement reads another table', () => {
      const otherTable = statement(BLOCK.replace('sorties', 'missions'), 'missions', 7);
      const seen = statement(SEEN, 'pilots', 8, 'a');
      expect(values(withoutSupersededWrites([progress('a', 1), otherTable, seen, progress('a', 2)]))).toEqual(
        [7, 8, 2],
      );
    });

    test('a replay that leaves the superseded overwrites out builds the tables live appends built', async () => {
      const { db, store, append } = await registeredFleet(PILOTS);
      await append('pilot_registered', { callsign: 'viper-1' }, T(0));
      await append('sortie_created', { sortie_id: 'sortie-1', title: 'Build' }, T(1));
      await append('sortie_started', { sortie_id: 'sortie-1', callsign: 'viper-1' }, T(2));
      await append(
        'file_reserved',
        { reservation_id: 'rsv-1', callsign: 'viper-1', paths: ['a.ts', 'b.ts'] },
        T(3),
      );
      for (let minute = 4; minute < 40; minute += 4) {
        await append('pilot_active', { callsign: 'viper-1' }, T(minute));
        await append(
          'sortie_progress',
          { sortie_id: 'sortie-1', callsign: 'viper-1', progress: minute },
          T(minute + 1),
        );
        await append(
          'file_renewed',
          { reservation_id: 'rsv-1', callsign: 'viper-1', ttl_ms: 3_600_000 + minute },
          T(minute + 2),
        );
        await append('cursor_moved', { consumer: 'indexer', position: minute }, T(minute + 3));
        if (minute === 20)
          await append(
            'sortie_blocked',
            { sortie_id: 'sortie-1', callsign: 'viper-1', reason: 'review' },
            T(21),
          );
        if (minute === 24)
          await append('sortie_resumed', { sortie_id: 'sortie-1', callsign: 'viper-1' }, T(25));
      }
      const live = await projectionSnapshot(db, PROJECT);

      const events = await store.query({ project_key: PROJECT });
      const all = events.flatMap((event) => projectionStatements(event));
      const kept = withoutSupersededWrites(all);
      // Heartbeats, renewals and cursor moves: the last of each; progress: the last before the block and
      // the resume (each keeps what came before it), and the last after.
      expect(kept.filter((s) => s.table === 'pilots').map((s) => s.args.at(-1))).toEqual([
        ...PILOTS.map(() => T(-1)),
        T(0),
        T(36),
      ]);
      expect(kept.filter((s) => s.table === 'cursors').map((s) => s.args[2])).toEqual([36]);
      expect(kept.filter((s) => s.table === 'reservations')).toHaveLength(2);
      expect(kept.filter((s) => s.sql.includes('progress = ?3')).map((s) => s.args[2])).toEqual([20, 24, 36]);

      await replayEvents(db, { projectKey: PROJECT });
      expect(await projectionSnapshot(db, PROJECT)).toEqual(live);
    });

    test('one event type overwrites the same way whatever its values: rows are named by key', () => {
      const beat = (callsign: string, minute: number): FleetEvent =>
        createEvent('pilot_active', { project_key: PROJECT, callsign, timestamp: T(minute) });
      const [first] = projectionStatements(beat('viper-1', 1));
      const [again] = projectionStatements(beat('viper-1', 2));
      const [other] = projectionStatements(beat('viper-2', 2));
      expect(first?.overwrites).toBe(again?.overwrites);
      expect(first?.overwrites).not.toBe(other?.overwrites);
    });
  });
});
