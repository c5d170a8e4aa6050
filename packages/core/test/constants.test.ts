import { describe, expect, test } from 'bun:test';

import {
  IMPORTANCE,
  MISSION_STATUS,
  MISSION_TRANSITIONS,
  PILOT_STATUS,
  PILOT_TRANSITIONS,
  RESERVATION_MODE,
  SORTIE_STATUS,
  SORTIE_TRANSITIONS,
  TTL,
  WORK_ORDER_STATUS,
  WORK_ORDER_TRANSITIONS,
  canTransition,
  FleetError,
  InvalidTransitionError,
  type Transitions,
} from '../src/index.js';

const TABLES: [string, Record<string, string>, Transitions<string>][] = [
  ['sortie', SORTIE_STATUS, SORTIE_TRANSITIONS],
  ['mission', MISSION_STATUS, MISSION_TRANSITIONS],
  ['work order', WORK_ORDER_STATUS, WORK_ORDER_TRANSITIONS],
  ['pilot', PILOT_STATUS, PILOT_TRANSITIONS],
];

describe('status transitions', () => {
  test.each(TABLES)('%s: every status has a row and every target is a status', (_name, statuses, table) => {
    const values = Object.values(statuses).sort();
    expect(Object.keys(table).sort()).toEqual(values);
    for (const targets of Object.values(table)) {
      for (const target of targets) expect(values).toContain(target);
    }
  });

  test.each(TABLES)('%s: no status follows itself', (_name, _statuses, table) => {
    for (const [from, targets] of Object.entries(table)) expect(targets).not.toContain(from);
  });

  test('final states have no way out', () => {
    expect(SORTIE_TRANSITIONS.completed).toEqual([]);
    expect(SORTIE_TRANSITIONS.failed).toEqual([]);
    expect(MISSION_TRANSITIONS.cancelled).toEqual([]);
  });

  test('InvalidTransitionError names the entity, its status, the attempted one and the allowed ones', () => {
    const final = new InvalidTransitionError('sortie', 'sortie-1', 'completed', 'in_progress', []);
    expect(final).toBeInstanceOf(FleetError);
    expect(final.code).toBe('INVALID_TRANSITION');
    expect(final.message).toBe(
      'sortie sortie-1 is completed and cannot become in_progress: completed is final.',
    );
    const open = new InvalidTransitionError('mission', 'mission-1', 'pending', 'completed', [
      'in_progress',
      'cancelled',
    ]);
    expect(open.message).toBe(
      'mission mission-1 is pending and cannot become completed: from pending it may become in_progress, cancelled.',
    );
    expect(open.details).toEqual({
      entity: 'mission',
      id: 'mission-1',
      from: 'pending',
      to: 'completed',
      allowed: ['in_progress', 'cancelled'],
    });
  });

  test('canTransition reads the table', () => {
    expect(canTransition(SORTIE_TRANSITIONS, 'pending', 'in_progress')).toBe(true);
    expect(canTransition(SORTIE_TRANSITIONS, 'blocked', 'in_progress')).toBe(true);
    expect(canTransition(SORTIE_TRANSITIONS, 'completed', 'in_progress')).toBe(false);
    expect(canTransition(MISSION_TRANSITIONS, 'pending', 'completed')).toBe(false);
    expect(canTransition(PILOT_TRANSITIONS, 'deregistered', 'active')).toBe(true);
  });
});

describe('constants', () => {
  test('TTL defaults lie within the accepted bounds', () => {
    for (const ttl of [TTL.PILOT, TTL.RESERVATION, TTL.LOCK]) {
      expect(ttl).toBeGreaterThanOrEqual(TTL.MIN);
      expect(ttl).toBeLessThanOrEqual(TTL.MAX);
    }
  });

  test('value sets', () => {
    expect(Object.values(IMPORTANCE)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(Object.values(RESERVATION_MODE)).toEqual(['exclusive', 'shared']);
  });
});
