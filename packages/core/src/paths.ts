import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { PathValidationError } from './errors.js';
import { checkGlobComplexity } from './globs.js';

/** Longest accepted project-relative path, in characters. */
export const MAX_PATH_LENGTH = 1024;
/** Longest accepted segment (file or directory name) of a path. */
export const MAX_SEGMENT_LENGTH = 255;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/** Options of {@link normalizeProjectPath}. */
export interface NormalizeProjectPathOptions {
  /** The project's absolute root: an absolute input inside it is made relative; outside it, rejected. */
  readonly projectRoot?: string;
}

/**
 * Normalises a path (or glob) relative to a project root into the form FleetTools stores: Unicode NFC (so
 * `café` typed as `e` + U+0301 and as `é` is one path), forward slashes, no `.` or empty segments. A trailing
 * slash is kept once: it names a directory, which covers everything below it. Backslashes count as separators,
 * so Windows-style traversal is caught too. Glob characters (`* ? [ ] { }`) pass through unchanged, within the
 * bounds of `checkGlobComplexity`. Case is kept as given (the store cannot know the file system's rule;
 * overlaps are judged case-insensitively).
 *
 * Rejected with {@link PathValidationError}: non-strings, empty or blank strings, NUL and other control
 * characters, paths over {@link MAX_PATH_LENGTH} characters or with a segment over
 * {@link MAX_SEGMENT_LENGTH}, `..` segments that climb above the root, the root itself, absolute paths
 * (unless `projectRoot` is given and they lie inside it), and globs past the complexity bounds.
 *
 * @example
 * normalizeProjectPath('./src//app/../index.ts') // 'src/index.ts'
 * normalizeProjectPath('src/parser/') // 'src/parser/' (the directory and everything below it)
 * normalizeProjectPath('/repo/src/a.ts', { projectRoot: '/repo' }) // 'src/a.ts'
 * normalizeProjectPath('../etc/passwd') // throws PathValidationError
 */
export function normalizeProjectPath(input: unknown, options: NormalizeProjectPathOptions = {}): string {
  const text = checkText(input, MAX_PATH_LENGTH).normalize('NFC');
  let relative = text.replaceAll('\\', '/');
  if (relative.startsWith('/') || WINDOWS_DRIVE.test(text)) {
    relative = stripProjectRoot(input, relative, options.projectRoot);
  }
  const segments: string[] = [];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment.length > MAX_SEGMENT_LENGTH) {
      throw new PathValidationError(input, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
    }
    if (segment === '..') {
      if (segments.pop() === undefined) throw new PathValidationError(input, 'it escapes the project root');
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) throw new PathValidationError(input, 'it names the project root itself');
  const directory = /[\\/]$/.test(text) ? '/' : '';
  return checkGlobComplexity(segments.join('/') + directory);
}

/**
 * Checks a project root: a non-empty path without control characters that exists and is a directory.
 * Returns it absolute and resolved.
 *
 * @throws {PathValidationError} naming the input and what is wrong with it.
 */
export function validateProjectRoot(input: unknown): string {
  const text = checkText(input, 4096);
  const absolute = resolve(text);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new PathValidationError(input, 'it does not exist');
  }
  if (!isDirectory) throw new PathValidationError(input, 'it is not a directory');
  return absolute;
}

/**
 * Checks a plain file name (such as `fleet.db`): no separators, not `.` or `..`, no control characters,
 * at most {@link MAX_SEGMENT_LENGTH} characters.
 *
 * @throws {PathValidationError} naming the input.
 */
export function validateFileName(input: unknown): string {
  const text = checkText(input, MAX_SEGMENT_LENGTH);
  if (text.includes('/') || text.includes('\\')) {
    throw new PathValidationError(input, 'a file name may not contain a path separator');
  }
  if (text === '.' || text === '..') throw new PathValidationError(input, 'a file name may not be . or ..');
  return text;
}

function checkText(input: unknown, maxLength: number): string {
  if (typeof input !== 'string')
    throw new PathValidationError(input, `expected a string, got ${typeof input}`);
  if (input.trim() === '') throw new PathValidationError(input, 'it is empty');
  if (CONTROL_CHARACTERS.test(input)) {
    throw new PathValidationError(input, 'it contains a NUL or other control character');
  }
  if (input.length > maxLength) {
    throw new PathValidationError(input, `it is longer than ${maxLength} characters`);
  }
  return input;
}

function stripProjectRoot(input: unknown, absolute: string, projectRoot: string | undefined): string {
  if (projectRoot === undefined || !isAbsolute(projectRoot)) {
    throw new PathValidationError(
      input,
      'absolute paths are not allowed; give a path relative to the project',
    );
  }
  const root = resolve(projectRoot).replaceAll('\\', '/').replace(/\/+$/, '');
  const resolved = resolve(absolute).replaceAll('\\', '/');
  if (resolved !== root && !resolved.startsWith(`${root}/`)) {
    throw new PathValidationError(input, `it lies outside the project root ${root}`);
  }
  return resolved.slice(root.length);
}
