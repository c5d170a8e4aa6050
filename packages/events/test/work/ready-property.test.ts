import { describe, expect, test } from 'bun:test';

import fc from 'fast-check';

import { DEFAULT_PRIORITY } from '../../src/internal.js';
import { listReadySorties, replayEvents, type FleetEvent } from '../../src/index.js';
import { PROJECT, T, registeredFleet } from '../projections/support.js';
import { onTarget, TARGETS } from '../support/target.js';

const PILOTS = ['viper-1', 'viper-2', 'viper-3'];

/** One step of a random run: claim (by a pilot), complete a claimed sortie, assign one, or add a dependency. */
const step = fc.record({
  kind: fc.constantFrom('claim', 'complete', 'assign', 'depend'),
  a: fc.nat(),
  b: fc.nat(),
});

/** A random acyclic graph (each sortie may wait for earlier ones), priorities, and steps. */
const run = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    sorties: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          depends_on: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), {
            maxLength: i === 0 ? 0 : 3,
          }),
          priority: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        }),
      ),
    ),
    steps: fc.array(step, { maxLength: 20 }),
  }),
);

interface Folded {
  status: string;
  assigned: string | null;
  deps: Set<string>;
  priority: number;
  created: string;
}

/** The ready sorties computed directly from the log, without the projections: the property's oracle. */
function readyFromLog(events: readonly FleetEvent[]): string[] {
  const sorties = new Map<string, Folded>();
  for (const e of events) {
    const s = 'sortie_id' in e && typeof e.sortie_id === 'string' ? sorties.get(e.sortie_id) : undefined;
    if (e.type === 'sortie_created') {
      sorties.set(e.sortie_id, {
        status: 'pending',
        assigned: null,
        deps: new Set(e.depends_on ?? []),
        priority: e.priority ?? DEFAULT_PRIORITY,
        created: e.timestamp,
      });
    } else if (s !== undefined) {
      if (e.type === 'sortie_dependency_added') for (const d of e.depends_on) s.deps.add(d);
      if (e.type === 'sortie_claimed') Object.assign(s, { status: 'in_progress', assigned: e.callsign });
      if (e.type === 'sortie_assigned') s.assigned = e.callsign;
      if (e.type === 'sortie_completed') s.status = 'completed';
      if (e.type === 'sortie_reclaimed') Object.assign(s, { status: 'pending', assigned: null });
    }
  }
  return [...sorties.entries()]
    .filter(
      ([, s]) =>
        s.status === 'pending' &&
        s.assigned === null &&
        [...s.deps].every((d) => sorties.get(d)?.status === 'completed'),
    )
    .sort(
      ([ia, a], [ib, b]) =>
        a.priority - b.priority || a.created.localeCompare(b.created) || ia.localeCompare(ib),
    )
    .map(([id]) => id);
}

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  // Invariant: for random dependency graphs, priorities and orders of claims, assignments, completions and
  // added dependencies, the ready list (the projection's) equals the oracle computed from the log, live and
  // after a replay; and every claim took the first sortie the oracle said was ready.
  test('ready_set_equals_the_log_live_and_replayed', async () => {
    await fc.assert(
      fc.asyncProperty(run, async ({ sorties, steps }) => {
        const { db, store, append } = await registeredFleet(PILOTS);
        const id = (i: number) => `sortie-${String(i % sorties.length)}`;
        let minute = 0;
        for (const [i, sortie] of sorties.entries()) {
          minute += 1;
          await append(
            'sortie_created',
            {
              sortie_id: id(i),
              title: `S${String(i)}`,
              ...(sortie.depends_on.length === 0 ? {} : { depends_on: sortie.depends_on.map(id) }),
              ...(sortie.priority === undefined ? {} : { priority: sortie.priority }),
            },
            T(minute),
          );
        }
        const log = () => store.query({ project_key: PROJECT });
        for (const { kind, a, b } of steps) {
          minute += 1;
          const pilot = PILOTS[a % PILOTS.length] ?? 'viper-1';
          if (kind === 'claim') {
            const expected = readyFromLog(await log())[0] ?? null;
            const claim = await store.claim({ projectKey: PROJECT, callsign: pilot });
            expect(claim === null ? null : String(claim.claimed.sortie_id)).toBe(expected);
          } else if (kind === 'complete') {
            const claimed = (await log()).filter((e) => e.type === 'sortie_claimed');
            const pick = claimed[b % Math.max(1, claimed.length)];
            const done = new Set(
              (await log()).flatMap((e) => (e.type === 'sortie_completed' ? [e.sortie_id] : [])),
            );
            if (pick !== undefined && !done.has(pick.sortie_id)) {
              await append(
                'sortie_completed',
                { sortie_id: pick.sortie_id, callsign: pick.callsign },
                T(minute),
              );
            }
          } else if (kind === 'assign') {
            const ready = readyFromLog(await log());
            const pick = ready[b % Math.max(1, ready.length)];
            if (pick !== undefined)
              await append('sortie_assigned', { sortie_id: pick, callsign: pilot }, T(minute));
          } else {
            const [x, y] = [a % sorties.length, b % sorties.length];
            const [low, high] = [Math.min(x, y), Math.max(x, y)];
            if (low < high) {
              await append(
                'sortie_dependency_added',
                { sortie_id: id(high), depends_on: [id(low)] },
                T(minute),
              );
            }
          }
          expect((await listReadySorties(db, PROJECT)).map((s) => s.sortie_id)).toEqual(
            readyFromLog(await log()),
          );
        }
        const live = (await listReadySorties(db, PROJECT)).map((s) => s.sortie_id);
        await replayEvents(db, { projectKey: PROJECT, useSnapshot: false });
        expect((await listReadySorties(db, PROJECT)).map((s) => s.sortie_id)).toEqual(live);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
