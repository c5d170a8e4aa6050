/**
 * @fleettools/db: the FleetTools table model (Drizzle), the one connection a database is opened on, and the
 * migrations it ships. One SQLite file per project at `<project>/.fleet/fleet.db`, in WAL mode.
 *
 * @packageDocumentation
 */
export type { FleetDB, FleetSchema } from './client.js';
export {
  closeFleetDb,
  createFleetDb,
  createInMemoryDb,
  fleetDbReady,
  fleetSchema,
  inTurn,
} from './client.js';
export type {
  SqlCell,
  SqlConnection,
  SqlRow,
  SqlRunner,
  SqlRunResult,
  SqlStatement,
  SqlValue,
  TransactionMode,
} from './connection/port.js';
export {
  DatabaseClosedError,
  DatabaseMigrationError,
  DatabaseOpenError,
  DatabaseOptionsError,
  DatabaseVersionError,
  SqlError,
  TransactionActiveError,
} from './errors.js';
export { MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from './migrator.js';
export type { CreateDbOptions, LocalDbOptions, RemoteDbOptions, SynchronousMode } from './options.js';
export { DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_DB_FILENAME, FLEET_DIR, MAX_BUSY_TIMEOUT_MS } from './options.js';
export * from './schema/index.js';
