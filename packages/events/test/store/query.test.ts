import { beforeAll, describe, expect, test } from 'bun:test';

import {
  EventStore,
  OptionsValidationError,
  createEvent,
  type FleetEvent,
  type QueryEventsOptions,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { openTestDb, onTarget, TARGETS } from '../support/target.js';

const PROJECT = '/test/project';
const minute = (m: number) => new Date(Date.UTC(2025, 0, 9, 14, m)).toISOString();

let store: EventStore;
let stored: FleetEvent[];

beforeAll(async () => {
  store = EventStore.fromDb(openTestDb());
  stored = await store.appendMany(
    [
      createEvent('pilot_registered', { project_key: PROJECT, callsign: 'viper-1', timestamp: minute(0) }),
      createEvent('pilot_registered', { project_key: PROJECT, callsign: 'viper-2', timestamp: minute(1) }),
      createEvent('pilot_active', { project_key: PROJECT, callsign: 'viper-1', timestamp: minute(2) }),
      createEvent('sortie_created', {
        project_key: PROJECT,
        sortie_id: 'sortie-a',
        title: 'A',
        timestamp: minute(3),
      }),
      createEvent('pilot_active', { project_key: PROJECT, callsign: 'viper-1', timestamp: minute(4) }),
    ],
    PROJECT,
  );
  await store.append(
    createEvent('pilot_registered', { project_key: '/other', callsign: 'viper-1' }),
    '/other',
  );
});

const sequences = (events: FleetEvent[]) => events.map((e) => e.sequence);

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('EventStore.query', () => {
    test('all of a project, oldest first, typed and flat', async () => {
      const events = await store.query({ project_key: PROJECT });
      expect(sequences(events)).toEqual([1, 2, 3, 4, 5]);
      expect(events).toEqual(stored);
      const [first] = events;
      if (first?.type !== 'pilot_registered') throw new Error('expected pilot_registered first');
      expect<string>(first.callsign).toBe('viper-1');
    });

    test.each<[string, Omit<QueryEventsOptions, 'project_key'>, number[]]>([
      ['types', { types: ['pilot_active'] }, [3, 5]],
      ['several types', { types: ['pilot_active', 'sortie_created'] }, [3, 4, 5]],
      ['stream', { stream_id: 'pilot:viper-1' }, [1, 3, 5]],
      ['since (inclusive)', { since: minute(2) }, [3, 4, 5]],
      ['until (exclusive)', { until: minute(2) }, [1, 2]],
      ['time range in another zone', { since: '2025-01-09T15:01:00+01:00', until: minute(4) }, [2, 3, 4]],
      ['after_sequence', { after_sequence: 3 }, [4, 5]],
      ['limit', { limit: 2 }, [1, 2]],
      ['newest first', { order: 'desc', limit: 2 }, [5, 4]],
      ['paging', { after_sequence: 2, limit: 2 }, [3, 4]],
      ['stream and type', { stream_id: 'pilot:viper-1', types: ['pilot_registered'] }, [1]],
    ])('filter: %s', async (_, filters, expected) => {
      expect(sequences(await store.query({ project_key: PROJECT, ...filters }))).toEqual(expected);
    });

    test('an unknown project has no events', async () => {
      expect(await store.query({ project_key: '/nobody' })).toEqual([]);
    });

    test.each([
      ['limit 0', { limit: 0 }, 'limit'],
      ['unknown type', { types: ['no_such_type'] }, 'types.0'],
      ['empty types', { types: [] }, 'types'],
      ['bad since', { since: 'yesterday' }, 'since'],
      ['unknown option', { projectKey: PROJECT }, ''],
      ['fractional after_sequence', { after_sequence: 1.5 }, 'after_sequence'],
      ['bad order', { order: 'sideways' }, 'order'],
    ])('invalid options (%s): OptionsValidationError naming the path', async (_, options, path) => {
      const error = await failureOf(store.query({ project_key: PROJECT, ...options } as never));
      expect(error).toBeInstanceOf(OptionsValidationError);
      expect(error).toMatchObject({ code: 'OPTIONS_INVALID', details: { operation: 'query' } });
      const { issues } = (error as OptionsValidationError).details as { issues: { path: string }[] };
      expect(issues.map((i) => i.path)).toContain(path);
    });
  });

  describe('latest, count and stream versions', () => {
    test('getLatest and getLatestSequence', async () => {
      expect(await store.getLatest(PROJECT)).toEqual(stored[4] ?? null);
      expect(await store.getLatestSequence(PROJECT)).toBe(5);
      expect(await store.getLatest('/nobody')).toBeNull();
      expect(await store.getLatestSequence('/nobody')).toBe(0);
    });

    test('count with the same filters as query', async () => {
      expect(await store.count(PROJECT)).toBe(5);
      expect(await store.count(PROJECT, { types: ['pilot_registered'] })).toBe(2);
      expect(await store.count(PROJECT, { stream_id: 'pilot:viper-1', after_sequence: 1 })).toBe(2);
      expect(await store.count(PROJECT, { since: minute(1), until: minute(4) })).toBe(3);
      expect(await store.count('/other')).toBe(1);
      const error = await failureOf(store.count(PROJECT, { limit: 1 } as never));
      expect(error).toMatchObject({ code: 'OPTIONS_INVALID', details: { operation: 'count' } });
    });

    test('getStreamVersion', async () => {
      expect(await store.getStreamVersion(PROJECT, 'pilot:viper-1')).toBe(3);
      expect(await store.getStreamVersion(PROJECT, 'sortie:sortie-a')).toBe(1);
      expect(await store.getStreamVersion(PROJECT, 'sortie:none')).toBe(0);
    });

    test('a project key that is not one is refused before any read', async () => {
      expect(await failureOf(store.getLatestSequence(''))).toMatchObject({ code: 'ID_INVALID' });
    });
  });
});
