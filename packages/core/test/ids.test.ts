import { describe, expect, test } from 'bun:test';

import {
  CALLSIGN_PREFIX,
  FleetError,
  ID_PREFIXES,
  IdValidationError,
  generateCallsign,
  generateCheckpointId,
  generateDecisionId,
  generateEventId,
  generateId,
  generateLockId,
  generateMessageId,
  generateMissionId,
  generateReservationId,
  generateSortieId,
  generateThreadId,
  generateWorkOrderId,
  isCallsign,
  isId,
  isProjectKey,
  parseCallsign,
  parseId,
  parseProjectKey,
  type IdKind,
} from '../src/index.js';

const GENERATORS: Record<IdKind, () => string> = {
  event: generateEventId,
  sortie: generateSortieId,
  mission: generateMissionId,
  message: generateMessageId,
  thread: generateThreadId,
  workOrder: generateWorkOrderId,
  checkpoint: generateCheckpointId,
  reservation: generateReservationId,
  lock: generateLockId,
  decision: generateDecisionId,
};

describe('prefixed ids', () => {
  test.each(Object.entries(GENERATORS))('%s ids carry their prefix and parse back', (kind, generate) => {
    const id = generate();
    const prefix = ID_PREFIXES[kind as IdKind];
    expect(id).toMatch(new RegExp(`^${prefix}-[0-9a-z]{16}$`));
    expect<string>(parseId(kind as IdKind, id)).toBe(id);
    expect(isId(kind as IdKind, id)).toBe(true);
  });

  test('the spec examples are valid', () => {
    expect(generateSortieId()).toStartWith('sortie-');
    expect(generateMissionId()).toStartWith('mission-');
    expect<string>(parseId('sortie', 'sortie-abc123')).toBe('sortie-abc123');
    expect<string>(parseId('mission', 'mission-ghi789')).toBe('mission-ghi789');
  });

  test('10,000 generated ids are distinct', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => generateId('event')));
    expect(ids.size).toBe(10_000);
  });

  test.each([
    ['mission-abc', 'sortie'],
    ['sortie-', 'sortie'],
    ['sortie_abc', 'sortie'],
    ['sortie-abc def', 'sortie'],
    ['sortie-' + 'a'.repeat(65), 'sortie'],
    ['SORTIE-abc', 'sortie'],
    ['sortie-abc\n', 'sortie'],
    ['', 'event'],
  ] as const)('case #%# is not a %s id', (value, kind) => {
    expect(isId(kind, value)).toBe(false);
    expect(() => parseId(kind, value)).toThrow(IdValidationError);
  });

  test('a rejected id names kind and input, with a stable code', () => {
    try {
      parseId('workOrder', 42);
      throw new Error('unreachable');
    } catch (error) {
      expect(error).toBeInstanceOf(FleetError);
      const e = error as IdValidationError;
      expect(e.code).toBe('ID_INVALID');
      expect(e.details).toMatchObject({ kind: 'workOrder', input: 42 });
      expect(e.message).toContain("'wo-'");
    }
  });
});

describe('callsigns', () => {
  test('generated callsigns have the callsign prefix and are valid callsigns', () => {
    const callsign = generateCallsign();
    expect(callsign).toMatch(new RegExp(`^${CALLSIGN_PREFIX}-[0-9a-z]{16}$`));
    expect(isCallsign(callsign)).toBe(true);
  });

  test.each(['viper-1', 'Maverick', 'a', 'pilot.7_b', 'x'.repeat(64)])('callsign #%# is valid', (value) => {
    expect<string>(parseCallsign(value)).toBe(value);
  });

  test.each(['', '-viper', '.hidden', 'viper 1', 'viper/1', 'x'.repeat(65), 'é', null, 7])(
    'callsign #%# is refused',
    (value) => {
      expect(isCallsign(value)).toBe(false);
      expect(() => parseCallsign(value)).toThrow(IdValidationError);
    },
  );
});

describe('project keys', () => {
  test.each(['/test/project', 'C:\\work\\repo', 'my-project', 'x'.repeat(1024)])(
    'project key #%# is valid',
    (value) => {
      expect<string>(parseProjectKey(value)).toBe(value);
    },
  );

  test.each(['', 'a\u0000b', 'tab\there', 'x'.repeat(1025), undefined, {}])(
    'project key #%# is refused',
    (value) => {
      expect(isProjectKey(value)).toBe(false);
      expect(() => parseProjectKey(value)).toThrow(IdValidationError);
    },
  );
});
