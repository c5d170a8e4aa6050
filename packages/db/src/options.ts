import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { validateFileName, validateProjectRoot } from '@fleettools/core';

import { DatabaseOptionsError } from './errors.js';

/** Directory, under the project root, that holds the database. */
export const FLEET_DIR = '.fleet';
/** File name of the database inside {@link FLEET_DIR} when `filename` is not given. */
export const DEFAULT_DB_FILENAME = 'fleet.db';
/** How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`, in ms. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/** Largest accepted `busyTimeoutMs` (SQLite takes a 32-bit signed integer). */
export const MAX_BUSY_TIMEOUT_MS = 2_147_483_647;

/**
 * SQLite's `synchronous` level in WAL mode. `normal`: a process crash (kill -9) loses nothing acknowledged;
 * a power loss may drop the last commits but never corrupts the file. `full`: every acknowledged commit is
 * on disk before the call returns (2–4× slower per write, see BENCHMARKS.md).
 */
export type SynchronousMode = 'normal' | 'full';

/** Options of a project's local database file, `<projectPath>/.fleet/<filename>`. */
export interface LocalDbOptions {
  /** The project's root directory; it must exist and be a directory. */
  readonly projectPath: string;
  /** File name inside `<projectPath>/.fleet/` (a plain name, no separators); default `fleet.db`. */
  readonly filename?: string;
  /** Open an existing database read-only: nothing is created or migrated, and every write fails. */
  readonly readonly?: boolean;
  /** How long a statement waits for a lock held by another connection, in ms; default 5000. */
  readonly busyTimeoutMs?: number;
  /** Durability of commits; default `normal` (see {@link SynchronousMode}). */
  readonly synchronous?: SynchronousMode;
  /** Not allowed with `projectPath`. */
  readonly url?: never;
  /** Not allowed with `projectPath`. */
  readonly authToken?: never;
}

/** Options of a database served by a libSQL server (sqld, Turso) instead of a local file. */
export interface RemoteDbOptions {
  /** The server's URL: `libsql:`, `http:`, `https:`, `ws:` or `wss:`. */
  readonly url: string;
  /** The server's auth token, if it requires one. */
  readonly authToken?: string;
  /** Not allowed with `url`. */
  readonly projectPath?: never;
}

/** Options of `createFleetDb`: a project's local file, or a libSQL server. */
export type CreateDbOptions = LocalDbOptions | RemoteDbOptions;

/** Where a database lives and how to open it, after validation. */
export type DbTarget =
  | {
      readonly kind: 'file';
      readonly directory: string;
      readonly path: string;
      readonly url: string;
      readonly readonly: boolean;
      readonly busyTimeoutMs: number;
      readonly synchronous: SynchronousMode;
    }
  | { readonly kind: 'memory'; readonly url: ':memory:'; readonly busyTimeoutMs: number }
  | { readonly kind: 'remote'; readonly url: string; readonly authToken: string | undefined };

const LOCAL_KEYS = new Set(['projectPath', 'filename', 'readonly', 'busyTimeoutMs', 'synchronous']);
const REMOTE_KEYS = new Set(['url', 'authToken']);
const REMOTE_URL = /^(?:libsql|https?|wss?):\/\/[^\s/]/i;

/** The in-memory target: one fresh database per client. */
export const MEMORY_TARGET: Extract<DbTarget, { kind: 'memory' }> = {
  kind: 'memory',
  url: ':memory:',
  busyTimeoutMs: DEFAULT_BUSY_TIMEOUT_MS,
};

/**
 * Validates `createFleetDb`'s options and resolves where the database lives. Touches nothing on disk but
 * the checks of `projectPath` (it must exist and be a directory).
 *
 * @throws {DatabaseOptionsError} for a malformed option, {@link PathValidationError} for a bad path or name.
 */
export function resolveTarget(options: unknown): DbTarget {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DatabaseOptionsError('options', options, 'expected an object with projectPath or url');
  }
  const record = options as Readonly<Record<string, unknown>>;
  if (record['url'] !== undefined) return resolveRemote(record);
  if (record['projectPath'] === undefined) {
    throw new DatabaseOptionsError(
      'projectPath',
      undefined,
      'give projectPath (a local project) or url (a server)',
    );
  }
  return resolveLocal(record);
}

function resolveLocal(record: Readonly<Record<string, unknown>>): DbTarget {
  checkKeys(record, LOCAL_KEYS, 'a local database');
  const readonly = record['readonly'] ?? false;
  if (typeof readonly !== 'boolean')
    throw new DatabaseOptionsError('readonly', readonly, 'expected a boolean');
  const busyTimeoutMs = record['busyTimeoutMs'] ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (
    typeof busyTimeoutMs !== 'number' ||
    !Number.isInteger(busyTimeoutMs) ||
    busyTimeoutMs < 0 ||
    busyTimeoutMs > MAX_BUSY_TIMEOUT_MS
  ) {
    throw new DatabaseOptionsError(
      'busyTimeoutMs',
      busyTimeoutMs,
      `expected an integer from 0 to ${MAX_BUSY_TIMEOUT_MS}`,
    );
  }
  const synchronous = record['synchronous'] ?? 'normal';
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new DatabaseOptionsError('synchronous', synchronous, 'expected "normal" or "full"');
  }
  const root = validateProjectRoot(record['projectPath']);
  const filename = validateFileName(record['filename'] ?? DEFAULT_DB_FILENAME);
  const directory = join(root, FLEET_DIR);
  const path = join(directory, filename);
  return {
    kind: 'file',
    directory,
    path,
    url: pathToFileURL(path).href,
    readonly,
    busyTimeoutMs,
    synchronous,
  };
}

function resolveRemote(record: Readonly<Record<string, unknown>>): DbTarget {
  checkKeys(record, REMOTE_KEYS, 'a server (url)');
  const url = record['url'];
  if (typeof url !== 'string' || !REMOTE_URL.test(url)) {
    throw new DatabaseOptionsError('url', url, 'expected a libsql:, http(s): or ws(s): URL with a host');
  }
  const authToken = record['authToken'];
  if (authToken !== undefined && (typeof authToken !== 'string' || authToken === '')) {
    throw new DatabaseOptionsError('authToken', '<redacted>', 'expected a non-empty string');
  }
  return { kind: 'remote', url, authToken };
}

function checkKeys(
  record: Readonly<Record<string, unknown>>,
  allowed: ReadonlySet<string>,
  what: string,
): void {
  for (const key of Object.keys(record)) {
    if (!allowed.has(key) && record[key] !== undefined) {
      throw new DatabaseOptionsError(key, record[key], `not an option of ${what}`);
    }
  }
}
