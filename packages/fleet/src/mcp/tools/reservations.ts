import { z } from 'zod';

import { APPENDS, defineTool, EventOut, GIVES_UP, READ_ONLY, ReservationOut } from '../tool.js';
import { Id, Line } from './fields.js';

/** How long an MCP reservation lasts without renewal; it renews while the session lives. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 600;

const ProjectPath = z.string().min(1).max(4096);
const TtlSeconds = z
  .int()
  .min(1)
  .max(7 * 24 * 3600);

/** `reserve { paths, exclusive?, ttl_seconds?, reason? }`. */
export const reserveTool = defineTool({
  name: 'reserve',
  description:
    'Reserve project-relative paths or globs before editing. Renews while this session lives; refused (RESERVATION_CONFLICT) when another pilot holds them.',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({
    paths: z.array(ProjectPath).min(1).max(100),
    exclusive: z.boolean().optional(),
    ttl_seconds: TtlSeconds.optional(),
    reason: Line.optional(),
  }),
  output: z.object({ reservation: ReservationOut }),
  run: async ({ pilot }, args) => {
    const reservation = await pilot().reservations.reserve(args.paths, {
      mode: args.exclusive === false ? 'shared' : 'exclusive',
      ttlMs: (args.ttl_seconds ?? DEFAULT_RESERVATION_TTL_SECONDS) * 1000,
      autoRenew: true,
      ...(args.reason === undefined ? {} : { reason: args.reason }),
    });
    return { reservation }; // its stopRenewing function is not JSON: it never reaches the client
  },
});

/** `renew { reservation_id }`. */
export const renewTool = defineTool({
  name: 'renew',
  description: 'Extend one of your reservations.',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({ reservation_id: Id, ttl_seconds: TtlSeconds.optional() }),
  output: z.object({ event: EventOut }),
  run: async ({ pilot }, args) => ({
    event: await pilot().reservations.renew(
      args.reservation_id,
      (args.ttl_seconds ?? DEFAULT_RESERVATION_TTL_SECONDS) * 1000,
    ),
  }),
});

/** `release { reservation_id?, paths? }`: by id, by paths, or (neither) all of yours. */
export const releaseTool = defineTool({
  name: 'release',
  description: 'Release a reservation by id, by paths, or (neither given) all of yours.',
  profile: 'core',
  hints: GIVES_UP,
  input: z.strictObject({
    reservation_id: Id.optional(),
    paths: z.array(ProjectPath).min(1).max(100).optional(),
  }),
  output: z.object({ released: z.array(z.string()) }),
  run: async ({ pilot }, args) => {
    const reservations = pilot().reservations;
    const events =
      args.reservation_id !== undefined
        ? [await reservations.release(args.reservation_id)]
        : args.paths !== undefined
          ? await reservations.releasePaths(args.paths)
          : await reservations.releaseAll();
    return { released: events.map((event) => event.reservation_id) };
  },
});

/** `holders { path }`. */
export const holdersTool = defineTool({
  name: 'holders',
  description: 'Who holds a path or glob now.',
  profile: 'core',
  hints: READ_ONLY,
  input: z.strictObject({ path: ProjectPath }),
  output: z.object({ holders: z.array(ReservationOut) }),
  run: async ({ fleet }, args) => ({ holders: await fleet.holders(args.path) }),
});
