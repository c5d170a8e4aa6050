import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DrizzleQueryError } from 'drizzle-orm/errors';

import type { SqlConnection, SqlRow } from '../src/index.js';

const made: string[] = [];

/** A new empty directory under the OS temp dir, removed by {@link removeTempDirs}. */
export function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-db-test-'));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link tempProject} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The first value of the first row of a read (rows, or one row). */
export function firstValue(rows: readonly SqlRow[] | SqlRow | undefined): unknown {
  const row = Array.isArray(rows) ? (rows as readonly SqlRow[])[0] : (rows as SqlRow | undefined);
  return row === undefined ? undefined : Object.values(row)[0];
}

/** What `work` rejects with (a Drizzle query is a thenable, not a Promise); throws if it resolves. */
export async function failureOf(work: PromiseLike<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** What a Drizzle query rejects with, unwrapped: Drizzle wraps every driver error in `DrizzleQueryError`. */
export async function queryFailureOf(work: PromiseLike<unknown>): Promise<unknown> {
  const failure = await failureOf(work);
  return failure instanceof DrizzleQueryError ? failure.cause : failure;
}

/** How many migrations the package ships: every test that counts applied migrations compares with this. */
export const SHIPPED_MIGRATIONS = (
  JSON.parse(readFileSync(new URL('../src/migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/** Runs the statements in one write transaction of `connection`, all or nothing. */
export async function inOneWrite(connection: SqlConnection, statements: readonly string[]): Promise<void> {
  await connection.transaction('write', async (tx) => {
    for (const sql of statements) await tx.run({ sql });
  });
}
