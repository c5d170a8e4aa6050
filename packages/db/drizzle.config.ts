import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit configuration of @fleettools/db.
 *
 * - `bunx --bun drizzle-kit generate` writes migrations from `src/schema` into `src/migrations` (committed).
 * - `bunx drizzle-kit migrate` applies them to `$FLEET_DB_URL`, or to `.fleet/fleet.db` under the current
 *   directory (the directory `.fleet/` must exist; `createFleetDb` creates it).
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema/index.ts',
  out: './src/migrations',
  dbCredentials: { url: process.env['FLEET_DB_URL'] ?? 'file:.fleet/fleet.db' },
  strict: true,
  verbose: false,
});
