/**
 * Coherent event sequences for property tests of the store and projections: one project, strictly
 * increasing timestamps, unique event ids, pilots registered before they act, entities created before they
 * change, and each entity's lifecycle following core's transition tables. Stories (a sortie's life, a
 * conversation, a reservation...) are interleaved at random, each keeping its own order. One kind of story,
 * `mischief` (only with the option of that name), breaks a rule on purpose (a completed sortie started again, a pilot that never registered, a
 * reference to nothing, a double release or deregistration): the store refuses its last event.
 */
import fc from 'fast-check';

import type { FleetEventInput } from '../../src/index.js';
import { arbitraryCallsign, arbitraryPath, arbitraryTimestamp } from './fields.js';

/** An event without its envelope; the sequence builder adds id, project key and timestamp. */
type Body = FleetEventInput extends infer E
  ? E extends unknown
    ? Omit<E, 'id' | 'project_key' | 'timestamp'>
    : never
  : never;

const outcome = <T extends string>(...values: T[]) => fc.constantFrom(...values);

const sortieSpec = fc.record({
  pilot: fc.nat(),
  resumer: fc.nat(),
  progress: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }),
  blocked: fc.boolean(),
  outcome: outcome('completed', 'failed', 'open'),
  workOrders: fc.array(outcome('completed', 'failed', 'open'), { maxLength: 2 }),
});
type SortieSpec = typeof sortieSpec extends fc.Arbitrary<infer S> ? S : never;

const coherentStories = [
  fc.record({ kind: fc.constant('sortie' as const), sortie: sortieSpec }),
  fc.record({
    kind: fc.constant('mission' as const),
    pilot: fc.nat(),
    outcome: outcome('completed', 'cancelled', 'open'),
    sorties: fc.array(sortieSpec, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant('conversation' as const),
    from: fc.nat(),
    to: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    messages: fc.integer({ min: 1, max: 3 }),
    read: fc.boolean(),
    ack: fc.boolean(),
    close: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('reservation' as const),
    pilot: fc.nat(),
    other: fc.nat(),
    paths: fc.array(arbitraryPath, { minLength: 1, maxLength: 3 }),
    renewals: fc.integer({ min: 0, max: 2 }),
    conflict: fc.boolean(),
    release: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('lock' as const), pilot: fc.nat(), release: fc.boolean() }),
  fc.record({
    kind: fc.constant('queue' as const),
    pilot: fc.nat(),
    other: fc.nat(),
    priority: fc.integer({ min: 0, max: 4 }),
    assign: fc.boolean(),
    finish: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('heartbeats' as const),
    pilot: fc.nat(),
    beats: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('checkpoint' as const),
    pilot: fc.nat(),
    other: fc.nat(),
    restore: fc.boolean(),
    compact: fc.boolean(),
    recover: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('coordination' as const),
    pilot: fc.nat(),
    spawn: fc.boolean(),
    cursor: fc.nat(),
  }),
] as const;

/** A story whose last event breaks one of the store's rules (see {@link StoryBuilder.mischief}). */
const mischiefStory = fc.record({
  kind: fc.constant('mischief' as const),
  pilot: fc.nat(),
  act: fc.constantFrom('restart', 'ghost', 'dangling', 'release-twice', 'deregister-twice'),
});

const storySpec = fc.oneof(...coherentStories, mischiefStory);
const coherentStorySpec = fc.oneof(...coherentStories);

type StorySpec = typeof storySpec extends fc.Arbitrary<infer S> ? S : never;

/** Builds the events of one story; `pick` maps a number to a registered pilot, `next` makes unique ids. */
class StoryBuilder {
  constructor(
    private readonly pilots: readonly string[],
    private readonly seed: string,
  ) {}

  private counter = 0;

  pick(index: number): string {
    return this.pilots[index % this.pilots.length] ?? 'viper-1';
  }

  next(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.seed}${this.counter}`;
  }

  sortie(spec: SortieSpec, missionId?: string): Body[] {
    const sortie_id = this.next('sortie');
    const callsign = this.pick(spec.pilot);
    const events: Body[] = [
      missionId === undefined
        ? { type: 'sortie_created', sortie_id, title: `Sortie ${sortie_id}` }
        : { type: 'sortie_created', sortie_id, title: `Sortie ${sortie_id}`, mission_id: missionId },
      { type: 'sortie_started', sortie_id, callsign },
    ];
    for (const progress of spec.progress)
      events.push({ type: 'sortie_progress', sortie_id, callsign, progress });
    for (const result of spec.workOrders) {
      const work_order_id = this.next('wo');
      events.push({ type: 'work_order_created', work_order_id, sortie_id, title: `Task ${work_order_id}` });
      events.push({ type: 'work_order_started', work_order_id, callsign });
      if (result === 'completed') events.push({ type: 'work_order_completed', work_order_id, callsign });
      if (result === 'failed')
        events.push({ type: 'work_order_failed', work_order_id, callsign, reason: 'broken' });
    }
    let owner = callsign;
    if (spec.blocked) {
      owner = this.pick(spec.resumer);
      events.push({ type: 'sortie_blocked', sortie_id, callsign, reason: 'waiting for review' });
      events.push({ type: 'sortie_resumed', sortie_id, callsign: owner });
    }
    if (spec.outcome === 'completed') events.push({ type: 'sortie_completed', sortie_id, callsign: owner });
    if (spec.outcome === 'failed')
      events.push({ type: 'sortie_failed', sortie_id, callsign: owner, reason: 'no way' });
    return events;
  }

  /** A story whose last event breaks one of the store's rules. */
  mischief(
    act: 'restart' | 'ghost' | 'dangling' | 'release-twice' | 'deregister-twice',
    callsign: string,
  ): Body[] {
    switch (act) {
      case 'restart': {
        const sortie_id = this.next('sortie');
        return [
          { type: 'sortie_created', sortie_id, title: `Sortie ${sortie_id}` },
          { type: 'sortie_started', sortie_id, callsign },
          { type: 'sortie_completed', sortie_id, callsign },
          { type: 'sortie_started', sortie_id, callsign },
        ];
      }
      case 'ghost':
        return [
          {
            type: 'file_reserved',
            reservation_id: this.next('rsv'),
            callsign: this.next('ghost'),
            paths: ['x.ts'],
          },
        ];
      case 'dangling':
        return [{ type: 'sortie_progress', sortie_id: this.next('sortie'), callsign, progress: 10 }];
      case 'release-twice': {
        const reservation_id = this.next('rsv');
        return [
          { type: 'file_reserved', reservation_id, callsign, paths: [`${reservation_id}.ts`] },
          { type: 'file_released', reservation_id, callsign },
          { type: 'file_released', reservation_id, callsign },
        ];
      }
      case 'deregister-twice': {
        const spawned = this.next('spawned');
        return [
          { type: 'pilot_spawned', callsign: spawned, spawned_by: callsign },
          { type: 'pilot_deregistered', callsign: spawned },
          { type: 'pilot_deregistered', callsign: spawned },
        ];
      }
    }
  }

  story(spec: StorySpec): Body[] {
    switch (spec.kind) {
      case 'sortie':
        return this.sortie(spec.sortie);
      case 'mission': {
        const mission_id = this.next('mission');
        const events: Body[] = [{ type: 'mission_created', mission_id, title: `Mission ${mission_id}` }];
        events.push({ type: 'mission_started', mission_id, callsign: this.pick(spec.pilot) });
        for (const sortie of spec.sorties) events.push(...this.sortie(sortie, mission_id));
        if (spec.outcome === 'completed') events.push({ type: 'mission_completed', mission_id });
        if (spec.outcome === 'cancelled')
          events.push({ type: 'mission_cancelled', mission_id, reason: 'dropped' });
        return events;
      }
      case 'conversation': {
        const thread_id = this.next('thread');
        const from = this.pick(spec.from);
        const to = [...new Set(spec.to.map((index) => this.pick(index)))];
        const events: Body[] = [{ type: 'thread_created', thread_id, subject: 'Sync', created_by: from }];
        for (let n = 0; n < spec.messages; n++) {
          const message_id = this.next('msg');
          events.push({
            type: 'message_sent',
            message_id,
            from,
            to,
            subject: 'Sync',
            body: `note ${n}`,
            thread_id,
          });
          for (const callsign of to) {
            if (spec.read) events.push({ type: 'message_read', message_id, callsign });
            if (spec.ack) events.push({ type: 'message_acked', message_id, callsign });
          }
        }
        if (spec.close) events.push({ type: 'thread_closed', thread_id, callsign: from });
        return events;
      }
      case 'reservation': {
        const reservation_id = this.next('rsv');
        const callsign = this.pick(spec.pilot);
        const events: Body[] = [{ type: 'file_reserved', reservation_id, callsign, paths: spec.paths }];
        if (spec.conflict) {
          events.push({
            type: 'file_conflict',
            reservation_id: this.next('rsv'),
            callsign: this.pick(spec.other),
            paths: spec.paths,
            conflicts: spec.paths.map((path) => ({
              reservation_id,
              callsign,
              path,
              expires_at: '2100-01-01T00:00:00.000Z',
            })),
            resolution: 'denied',
          });
        }
        for (let n = 1; n <= spec.renewals; n += 1) {
          events.push({ type: 'file_renewed', reservation_id, callsign, ttl_ms: n * 60_000 });
        }
        if (spec.release) events.push({ type: 'file_released', reservation_id, callsign });
        return events;
      }
      case 'queue': {
        // Dependent sorties and work orders: assigned, claimed, then completed (the next one claimed) or reclaimed.
        const [first, second, third] = [this.next('sortie'), this.next('sortie'), this.next('sortie')];
        const [wo1, wo2] = [this.next('wo'), this.next('wo')];
        const pilot = this.pick(spec.pilot);
        const other = this.pick(spec.other);
        const events: Body[] = [
          { type: 'sortie_created', sortie_id: first, title: 'First', priority: spec.priority },
          { type: 'sortie_created', sortie_id: second, title: 'Second', depends_on: [first] },
          { type: 'sortie_created', sortie_id: third, title: 'Third' },
          { type: 'sortie_dependency_added', sortie_id: third, depends_on: [first, second], callsign: other },
        ];
        if (spec.assign) {
          events.push({ type: 'sortie_assigned', sortie_id: first, callsign: pilot, assigned_by: other });
        }
        events.push(
          { type: 'sortie_claimed', sortie_id: first, callsign: pilot },
          { type: 'work_order_created', work_order_id: wo1, sortie_id: first, title: 'Step 1' },
          {
            type: 'work_order_created',
            work_order_id: wo2,
            sortie_id: first,
            title: 'Step 2',
            depends_on: [wo1],
          },
          { type: 'work_order_dependency_added', work_order_id: wo2, depends_on: [wo1], callsign: pilot },
          { type: 'work_order_started', work_order_id: wo1, callsign: pilot },
          { type: 'work_order_completed', work_order_id: wo1, callsign: pilot },
          { type: 'work_order_started', work_order_id: wo2, callsign: pilot },
        );
        if (spec.finish) {
          events.push(
            { type: 'sortie_completed', sortie_id: first, callsign: pilot },
            { type: 'sortie_claimed', sortie_id: second, callsign: other },
          );
        } else {
          events.push({ type: 'sortie_reclaimed', sortie_id: first, callsign: pilot, reason: 'stale' });
        }
        return events;
      }
      case 'heartbeats': {
        const callsign = this.pick(spec.pilot);
        return Array.from({ length: spec.beats }, (): Body => ({ type: 'pilot_active', callsign }));
      }
      case 'lock': {
        const lock_id = this.next('lock');
        const resource = `resource-${lock_id}`;
        const callsign = this.pick(spec.pilot);
        const events: Body[] = [{ type: 'lock_acquired', resource, lock_id, callsign }];
        if (spec.release) events.push({ type: 'lock_released', resource, lock_id, callsign });
        return events;
      }
      case 'checkpoint': {
        const checkpoint_id = this.next('ckpt');
        const callsign = this.pick(spec.pilot);
        const events: Body[] = [
          { type: 'checkpoint_created', checkpoint_id, callsign, summary: 'saved', state: { step: 1 } },
        ];
        if (spec.compact) events.push({ type: 'context_compacted', callsign, checkpoint_id });
        if (spec.restore) events.push({ type: 'checkpoint_restored', checkpoint_id, callsign });
        if (spec.recover) {
          events.push({
            type: 'fleet_recovered',
            callsign,
            recovered_by: this.pick(spec.other),
            checkpoint_id,
          });
        }
        return events;
      }
      case 'mischief':
        return this.mischief(spec.act, this.pick(spec.pilot));
      case 'coordination': {
        const callsign = this.pick(spec.pilot);
        const events: Body[] = [
          { type: 'coordinator_decision', decision_id: this.next('decision'), callsign, decision: 'go' },
          { type: 'cursor_moved', consumer: `consumer-${this.seed}`, position: spec.cursor },
        ];
        if (spec.spawn) {
          const child = this.next('spawned');
          events.push({ type: 'pilot_spawned', callsign: child, spawned_by: callsign });
          events.push({ type: 'pilot_registered', callsign: child });
        }
        return events;
      }
    }
  }
}

/** Merges stories into one list, each story keeping its order; `choices` decide which story goes next. */
function interleave(stories: Body[][], choices: readonly number[]): Body[] {
  const queues = stories.map((story) => [...story]);
  const merged: Body[] = [];
  let turn = 0;
  for (;;) {
    const open = queues.filter((queue) => queue.length > 0);
    if (open.length === 0) return merged;
    const queue = open[(choices[turn % Math.max(choices.length, 1)] ?? 0) % open.length];
    const head = queue?.shift();
    if (head !== undefined) merged.push(head);
    turn += 1;
  }
}

/** Options of {@link arbitraryEventSequence}. */
export interface EventSequenceOptions {
  /** The project every event belongs to (default `/test/project`). */
  readonly projectKey?: string;
  /** Most stories interleaved (default 6). */
  readonly maxStories?: number;
  /** Whether some stories break a rule on purpose, for the store to refuse (default false). */
  readonly mischief?: boolean;
}

/**
 * A coherent sequence of valid input events of one project (see the module comment): registrations first,
 * then interleaved stories, then some deregistrations. Cursor positions may repeat across consumers.
 */
export function arbitraryEventSequence(options: EventSequenceOptions = {}): fc.Arbitrary<FleetEventInput[]> {
  const projectKey = options.projectKey ?? '/test/project';
  return fc
    .record({
      pilots: fc.uniqueArray(arbitraryCallsign, { minLength: 1, maxLength: 4 }),
      deregister: fc.array(fc.boolean(), { maxLength: 4 }),
      stories: fc.array(options.mischief === true ? storySpec : coherentStorySpec, {
        maxLength: options.maxStories ?? 6,
      }),
      choices: fc.array(fc.nat(), { maxLength: 50 }),
      start: arbitraryTimestamp,
      gaps: fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 20 }),
      seed: fc.stringMatching(/^[a-z0-9]{6}$/),
    })
    .map(({ pilots, deregister, stories, choices, start, gaps, seed }) => {
      const builder = new StoryBuilder(pilots, seed);
      const bodies: Body[] = [
        ...pilots.map((callsign): Body => ({ type: 'pilot_registered', callsign })),
        ...interleave(
          stories.map((story) => builder.story(story)),
          choices,
        ),
        ...pilots
          .filter((_, index) => deregister[index] === true)
          .map((callsign): Body => ({ type: 'pilot_deregistered', callsign })),
      ];
      let time = Date.parse(start);
      return bodies.map((body, index): FleetEventInput => {
        time += gaps[index % gaps.length] ?? 1;
        const envelope = {
          id: `evt-${seed}${String(index).padStart(5, '0')}`,
          project_key: projectKey,
          timestamp: new Date(time).toISOString(),
        };
        return { ...envelope, ...body };
      });
    });
}
