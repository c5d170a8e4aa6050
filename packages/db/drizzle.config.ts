import { mkdirSync } from 'node:fs';

import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit configuration of @fleettools/db (run from `packages/db`; works on a fresh clone, no build first).
 *
 * - `bunx drizzle-kit generate` writes migrations from `src/schema` into `src/migrations` (committed). Under Node,
 *   the schema's `@fleettools/core` import resolves to core's sources through `paths` in tsconfig.json.
 * - `bunx drizzle-kit migrate` applies them to `$FLEET_DB_URL`, or to `.fleet/fleet.db` under the current
 *   directory, creating `.fleet/` as `createFleetDb` does.
 */
const url = process.env['FLEET_DB_URL'] ?? 'file:.fleet/fleet.db';
if (process.env['FLEET_DB_URL'] === undefined) mkdirSync('.fleet', { recursive: true });

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema/index.ts',
  out: './src/migrations',
  dbCredentials: { url },
  strict: true,
  verbose: false,
});
