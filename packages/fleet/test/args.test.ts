import { describe, expect, test } from 'bun:test';
import { z } from 'zod';

import {
  durationOption,
  eventTypeOption,
  helpText,
  integerOption,
  isoOption,
  parseCommandArgs,
  validateOptions,
} from '../src/cli/args.js';
import { CliUsageError } from '../src/cli/io.js';

describe('command-line arguments', () => {
  test('options, repeatable options and positionals; a flag given twice is refused', () => {
    const table = {
      to: { type: 'string', multiple: true, help: 'x' },
      ttl: { type: 'string', help: 'y' },
    } as const;
    expect(parseCommandArgs(['a', '--to', 'x', '--to', 'y', '--json'], table)).toEqual({
      values: { to: ['x', 'y'], json: true },
      positionals: ['a'],
    });
    expect(() => parseCommandArgs(['--ttl', '1', '--ttl', '2'], table)).toThrow('--ttl given twice');
    expect(() => parseCommandArgs(['--json', '--json'], table)).toThrow('--json given twice');
    expect(() => parseCommandArgs(['--nope'], table)).toThrow(CliUsageError);
  });

  test('values are validated with Zod, naming the option', () => {
    expect(validateOptions(z.object({ n: integerOption(1, 9) }), { n: '5' })).toEqual({ n: 5 });
    expect(() => validateOptions(z.object({ n: integerOption(1, 9) }), { n: '10' })).toThrow(
      "--n: expected an integer from 1 to 9, got '10'",
    );
    expect(() => validateOptions(z.string(), 1)).toThrow('expected string');
    expect(['500ms', '90s', '10m', '2h', '1d', '7'].map((d) => durationOption.parse(d))).toEqual([
      500, 90_000, 600_000, 7_200_000, 86_400_000, 7_000,
    ]);
    expect(durationOption.safeParse('10 minutes').success).toBe(false);
    expect(isoOption.safeParse('2025-01-09T14:30:00Z').success).toBe(true);
    expect(eventTypeOption.safeParse('pilot_active').success).toBe(true);
    expect(eventTypeOption.safeParse('pilot_flew').error?.issues[0]?.message).toContain('fleet types');
    expect(isoOption.safeParse('yesterday').error?.issues[0]?.message).toContain('ISO 8601');
  });

  test('help lists the command options and the global ones', () => {
    const text = helpText('fleet x', 'does x', { f: { type: 'boolean', short: 'f', help: 'follow' } });
    expect(text).toContain('Usage: fleet x');
    expect(text).toContain('-f, --f');
    expect(text).toContain('--as CALLSIGN');
  });
});
