import { describe, expect, test } from 'bun:test';

import { FleetError, PathValidationError } from '../src/index.js';

describe('FleetError hint', () => {
  test('is absent until withHint attaches it, and then travels in toJSON', () => {
    const error = new PathValidationError('../x', 'leaves the project');
    expect(error.hint).toBeUndefined();
    expect('hint' in error.toJSON()).toBe(false);
    const same = error.withHint({ action: 'give a path inside the project', example: 'src/a.ts' });
    expect(same).toBe(error);
    expect(same).toBeInstanceOf(PathValidationError);
    expect(same.code).toBe('PATH_INVALID');
    expect(same.hint).toEqual({ action: 'give a path inside the project', example: 'src/a.ts' });
    expect(same.toJSON()).toMatchObject({
      code: 'PATH_INVALID',
      hint: { action: 'give a path inside the project' },
    });
  });

  test('a plain FleetError takes one too', () => {
    const error = new FleetError('X', 'x failed').withHint({ action: 'retry' });
    expect(error.toJSON().hint).toEqual({ action: 'retry' });
  });
});
