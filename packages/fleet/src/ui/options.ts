import { z } from 'zod';

import { LOOPBACK_HOSTS } from '../http/hosts.js';
import { DashboardOptionsError, DashboardTokenRequiredError } from './errors.js';

/** The options of `startDashboard`, all optional. */
export const DashboardOptionsSchema = z.strictObject({
  /** The TCP port; 0 (default) picks a free one. */
  port: z.int().min(0).max(65_535).default(0),
  /** Where to listen (default `127.0.0.1`); anything but loopback needs a `token`. */
  host: z.string().min(1).max(253).default('127.0.0.1'),
  /** The secret a browser must present once (`?token=`), or every request (`Authorization: Bearer`). */
  token: z.string().min(16).max(256).optional(),
  /** How often the live stream looks for new events, in ms (default 200). */
  liveIntervalMs: z.int().min(20).max(5_000).default(200),
});

/** The options of `startDashboard` as given. */
export type DashboardOptions = z.input<typeof DashboardOptionsSchema>;
/** The options of `startDashboard` with their defaults. */
export type ResolvedDashboardOptions = z.output<typeof DashboardOptionsSchema>;

/**
 * Checks and completes the dashboard's options.
 *
 * @throws {DashboardOptionsError} an option is out of range or unknown.
 * @throws {DashboardTokenRequiredError} a host beyond loopback without a token.
 */
export function resolveDashboardOptions(options: DashboardOptions): ResolvedDashboardOptions {
  const parsed = DashboardOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new DashboardOptionsError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`),
    );
  }
  if (!LOOPBACK_HOSTS.includes(parsed.data.host) && parsed.data.token === undefined) {
    throw new DashboardTokenRequiredError(parsed.data.host);
  }
  return parsed.data;
}
