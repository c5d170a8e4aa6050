/**
 * @fleettools/db: the FleetTools table model (Drizzle), the libSQL client factory and the migrations it
 * ships. One SQLite file per project at `<project>/.fleet/fleet.db`, in WAL mode.
 *
 * @packageDocumentation
 */
export type { FleetDB, FleetSchema } from './client.js';
export { closeFleetDb, createFleetDb, createInMemoryDb, fleetDbReady, fleetSchema } from './client.js';
export { beginDirectWrite, directConnectionOf, type DirectConnection } from './direct-connection.js';
export type { DirectTransaction } from './direct-transaction.js';
export type { NamedRow } from './native-driver.js';
export { DatabaseMigrationError, DatabaseOpenError, DatabaseOptionsError } from './errors.js';
export { MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from './migrator.js';
export type { CreateDbOptions, LocalDbOptions, RemoteDbOptions, SynchronousMode } from './options.js';
export { DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_DB_FILENAME, FLEET_DIR, MAX_BUSY_TIMEOUT_MS } from './options.js';
export * from './schema/index.js';
