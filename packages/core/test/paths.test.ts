import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import {
  MAX_PATH_LENGTH,
  PathValidationError,
  normalizeProjectPath,
  validateFileName,
  validateProjectRoot,
} from '../src/index.js';

describe('normalizeProjectPath: accepted inputs', () => {
  test.each([
    ['src/index.ts', 'src/index.ts'],
    ['./src//app/../index.ts', 'src/index.ts'],
    ['src/', 'src/'],
    ['src//parser//', 'src/parser/'],
    ['src\\parser\\', 'src/parser/'],
    ['src/a/../', 'src/'],
    ['src/cafe\u0301.ts', 'src/caf\u00e9.ts'],
    ['src/{a,b}{c,d}{e,f}{g,h}{i,j}.ts', 'src/{a,b}{c,d}{e,f}{g,h}{i,j}.ts'],
    ['src\\win\\file.ts', 'src/win/file.ts'],
    ['src/**/*.ts', 'src/**/*.ts'],
    ['docs/{a,b}.md', 'docs/{a,b}.md'],
    ['a/b/../../c', 'c'],
    ['  spaced name.ts', '  spaced name.ts'],
    ['ünïcödé/ファイル.ts', 'ünïcödé/ファイル.ts'],
    ['...', '...'],
    ['..foo/bar', '..foo/bar'],
  ])('%j becomes %j', (input, expected) => {
    expect(normalizeProjectPath(input)).toBe(expected);
  });

  test('an absolute path inside the given project root becomes relative', () => {
    expect(normalizeProjectPath('/repo/src/a.ts', { projectRoot: '/repo' })).toBe('src/a.ts');
    expect(normalizeProjectPath('/repo/./src/../lib/b.ts', { projectRoot: '/repo/' })).toBe('lib/b.ts');
  });
});

// Hostile inputs: each must be refused with a PathValidationError naming the input.
const HOSTILE: [string, unknown][] = [
  ['parent escape', '../etc/passwd'],
  ['deep parent escape', 'a/../../b'],
  ['many parents', '../../../../../../../../etc/shadow'],
  ['parent only', '..'],
  ['dot only', '.'],
  ['dot slash', './'],
  ['slashes only', '///'],
  ['windows parent escape', '..\\..\\windows\\system32'],
  ['mixed separator escape', 'src/..\\..\\x'],
  ['absolute unix path', '/etc/passwd'],
  ['absolute windows path', 'C:\\Windows\\system.ini'],
  ['absolute windows forward path', 'D:/data/x'],
  ['UNC path', '\\\\server\\share\\x'],
  ['empty string', ''],
  ['blank string', '   '],
  ['NUL byte', 'src/a\u0000.ts'],
  ['NUL at end', 'a.ts\u0000'],
  ['newline', 'src/a\n.ts'],
  ['carriage return', 'a\r'],
  ['tab', 'a\tb'],
  ['escape character', 'a\u001b[31m'],
  ['DEL character', 'a\u007f'],
  ['over-long path', 'a/'.repeat(MAX_PATH_LENGTH)],
  ['over-long segment', 'x'.repeat(256)],
  ['number', 42],
  ['null', null],
  ['undefined', undefined],
  ['object', { path: 'a' }],
  ['array', ['a']],
  ['boolean', true],
  ['escape then return', 'src/../../src/a.ts'],
  ['encoded nothing but dots', './.././'],
  ['33 brace alternatives', `src/{${Array.from({ length: 33 }, (_, i) => `f${i}`).join(',')}}.ts`],
  ['20 brace groups (2^20 alternatives)', `src/${'{a,b}'.repeat(20)}.ts`],
  ['33 wildcards', `src/${'*a'.repeat(33)}`],
];

describe('normalizeProjectPath: hostile inputs', () => {
  test.each(HOSTILE)('%s is refused', (_name, input) => {
    expect(() => normalizeProjectPath(input)).toThrow(PathValidationError);
  });

  test('absolute paths outside the project root are refused', () => {
    expect(() => normalizeProjectPath('/other/a.ts', { projectRoot: '/repo' })).toThrow(
      /outside the project root/,
    );
    expect(() => normalizeProjectPath('/repository/a.ts', { projectRoot: '/repo' })).toThrow(
      PathValidationError,
    );
    expect(() => normalizeProjectPath('/repo/../etc/passwd', { projectRoot: '/repo' })).toThrow(
      PathValidationError,
    );
    expect(() => normalizeProjectPath('/repo', { projectRoot: '/repo' })).toThrow(/project root itself/);
    expect(() => normalizeProjectPath('/repo/a', { projectRoot: 'relative/root' })).toThrow(/absolute paths/);
  });

  test('the error has a stable code, the input and a one-sentence reason', () => {
    try {
      normalizeProjectPath('../secret');
      throw new Error('unreachable');
    } catch (error) {
      const e = error as PathValidationError;
      expect(e).toBeInstanceOf(PathValidationError);
      expect(e.code).toBe('PATH_INVALID');
      expect(e.details).toEqual({ input: '../secret', reason: 'it escapes the project root' });
      expect(e.message).toBe('Invalid path "../secret": it escapes the project root.');
      expect(e.toJSON()).toMatchObject({ name: 'PathValidationError', code: 'PATH_INVALID' });
    }
  });

  test('a huge input is cut in the message', () => {
    const huge = 'x'.repeat(5_000_000);
    expect(() => normalizeProjectPath(huge)).toThrow(PathValidationError);
    try {
      normalizeProjectPath(huge);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });
});

describe('validateProjectRoot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-core-'));
  const file = join(dir, 'file.txt');
  writeFileSync(file, 'x');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('an existing directory is returned absolute', () => {
    expect(validateProjectRoot(dir)).toBe(dir);
    expect(validateProjectRoot(`${dir}/./`)).toBe(dir);
  });

  test.each([
    ['missing', () => join(dir, 'missing'), /does not exist/],
    ['a file', () => file, /not a directory/],
    ['empty', () => '', /empty/],
    ['NUL', () => `${dir}\u0000`, /control character/],
  ])('%s is refused', (_name, input, message) => {
    expect(() => validateProjectRoot(input())).toThrow(message);
  });
});

describe('validateFileName', () => {
  test.each(['fleet.db', 'test-1.sqlite', '.hidden.db'])('file name #%# is valid', (name) => {
    expect(validateFileName(name)).toBe(name);
  });

  test.each(['', '.', '..', 'a/b.db', '..\\x.db', '/abs.db', 'a\u0000.db', 'x'.repeat(256), 3])(
    'file name #%# is refused',
    (name) => {
      expect(() => validateFileName(name)).toThrow(PathValidationError);
    },
  );
});
