import { Database } from 'bun:sqlite';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type, arch } from 'node:os';
import { fileURLToPath } from 'node:url';

import { createClient } from '@libsql/client';

/** The machine and software a run measured. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly bun: string;
  /** SQLite version inside `bun:sqlite`. */
  readonly bunSqlite: string;
  /** SQLite version inside libSQL, and the `@libsql/client` package version. */
  readonly libsql: string;
  readonly libsqlClient: string;
  readonly mitata: string;
  /** 1-minute load average when the run started (other work on the machine makes figures noisy). */
  readonly loadAverage1m: number;
  readonly timestamp: string;
}

function packageVersion(name: string): string {
  const path = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

/** Describes this machine and the versions in use. */
export async function machineInfo(): Promise<MachineInfo> {
  const sqlite = new Database(':memory:');
  const bunSqlite = sqlite.query<{ v: string }, []>('SELECT sqlite_version() AS v').get()?.v ?? 'unknown';
  sqlite.close();
  const client = createClient({ url: ':memory:' });
  const version = (await client.execute('SELECT sqlite_version() AS v')).rows[0]?.['v'];
  const libsql = typeof version === 'string' ? version : 'unknown';
  client.close();
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()} ${arch()}`,
    bun: Bun.version,
    bunSqlite,
    libsql,
    libsqlClient: packageVersion('@libsql/client'),
    mitata: packageVersion('mitata'),
    loadAverage1m: loadavg()[0] ?? 0,
    timestamp: new Date().toISOString(),
  };
}
