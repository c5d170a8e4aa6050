import type { Reservation } from '@fleettools/events';
import { z } from 'zod';

import { durationOption, validateOptions } from './args.js';
import type { Command, CommandContext } from './context.js';
import { CliUsageError } from './io.js';

/** One reservation in a line. */
function reservationLine(r: Reservation): string {
  return `${r.reservation_id}  ${r.callsign.padEnd(12)}  ${r.mode.padEnd(9)}  until ${r.expires_at}  ${r.paths.join(' ')}`;
}

/** The typed paths, project-relative. */
function projectPaths(ctx: CommandContext): Promise<string[]> {
  return Promise.all(ctx.args.positionals.map((path) => ctx.projectPath(path)));
}

const ReserveOptions = z
  .object({
    exclusive: z.boolean().optional(),
    shared: z.boolean().optional(),
    ttl: durationOption.optional(),
    reason: z.string().min(1).optional(),
  })
  .refine((o) => o.exclusive !== true || o.shared !== true, {
    path: ['shared'],
    message: 'give --exclusive or --shared, not both',
  });

/** `fleet reserve PATH...`: reserves paths or globs. */
export const reserveCommand: Command = {
  usage: 'fleet reserve PATH... --as CALLSIGN [--exclusive|--shared] [--ttl 10m] [--reason R]',
  summary: 'reserve files or globs (relative to the working directory)',
  about:
    'Reserves paths or globs, taken relative to the working directory as git takes them (in src/, a.ts is\n' +
    'src/a.ts), in any worktree. Refused (exit 1, RESERVATION_CONFLICT) when another live pilot holds an\n' +
    'overlapping path; the error says who, until when, and when to retry.',
  options: {
    exclusive: { type: 'boolean', help: 'nobody else may hold them (the default)' },
    shared: { type: 'boolean', help: 'others may hold them shared too' },
    ttl: { type: 'string', value: 'DURATION', help: 'how long (default 1h), e.g. 10m' },
    reason: { type: 'string', value: 'R', help: 'why, for whoever is refused' },
  },
  positionals: { min: 1, max: 100, name: 'PATH' },
  run: async (ctx) => {
    const o = validateOptions(ReserveOptions, ctx.args.values);
    const pilot = await ctx.pilot();
    const reservation = await pilot.reservations.reserve(await projectPaths(ctx), {
      mode: o.shared === true ? 'shared' : 'exclusive',
      ...(o.ttl === undefined ? {} : { ttlMs: o.ttl }),
      ...(o.reason === undefined ? {} : { reason: o.reason }),
    });
    const value = reservation; // JSON output leaves stopRenewing out
    ctx.out(value, [`reserved ${reservationLine(value)}`]);
    return undefined;
  },
};

/** `fleet renew ID`: extends a reservation. */
export const renewCommand: Command = {
  usage: 'fleet renew RESERVATION_ID --as CALLSIGN [--ttl 10m]',
  summary: 'extend a reservation',
  about: "Extends one of the pilot's reservations by --ttl from now (default 1h).",
  options: { ttl: { type: 'string', value: 'DURATION', help: 'how long from now (default 1h)' } },
  positionals: { min: 1, max: 1, name: 'RESERVATION_ID' },
  run: async (ctx) => {
    const o = validateOptions(z.object({ ttl: durationOption.optional() }), ctx.args.values);
    const event = await (await ctx.pilot()).reservations.renew(ctx.args.positionals[0] ?? '', o.ttl);
    ctx.out(event, [`renewed ${event.reservation_id} for ${event.ttl_ms} ms`]);
    return undefined;
  },
};

/** `fleet release [ID|PATH...]`: releases reservations. */
export const releaseCommand: Command = {
  usage: 'fleet release [RESERVATION_ID | PATH...] --as CALLSIGN [--all] [--reason R]',
  summary: 'release a reservation by id, by path, or all (--all)',
  about:
    "Releases the pilot's reservation RESERVATION_ID (rsv-...), or every reservation of the pilot holding one\n" +
    'of the PATHs (relative to the working directory), or with --all every reservation of the pilot.',
  options: {
    all: { type: 'boolean', help: 'release every reservation of the pilot' },
    reason: { type: 'string', value: 'R', help: 'why' },
  },
  positionals: { min: 0, max: 100, name: 'ID_OR_PATH' },
  run: async (ctx) => {
    const o = validateOptions(
      z.object({ all: z.boolean().optional(), reason: z.string().min(1).optional() }),
      ctx.args.values,
    );
    const words = ctx.args.positionals;
    if ((o.all === true) === words.length > 0) {
      throw new CliUsageError('give a reservation id, paths, or --all (one of them)');
    }
    const pilot = await ctx.pilot();
    const [first] = words;
    const released =
      o.all === true
        ? await pilot.reservations.releaseAll(o.reason)
        : words.length === 1 && first !== undefined && /^rsv-/.test(first)
          ? [await pilot.reservations.release(first, o.reason)]
          : await pilot.reservations.releasePaths(await projectPaths(ctx), o.reason);
    ctx.out(
      released,
      released.length === 0 ? ['nothing to release'] : released.map((e) => `released ${e.reservation_id}`),
    );
    return undefined;
  },
};

/** `fleet holders PATH`: who holds a path now. */
export const holdersCommand: Command = {
  usage: 'fleet holders PATH',
  summary: 'who holds a path or glob now',
  about: 'Lists every active reservation overlapping PATH (relative to the working directory).',
  options: {},
  positionals: { min: 1, max: 1, name: 'PATH' },
  run: async (ctx) => {
    const fleet = await ctx.fleet();
    const holders = await fleet.holders(await ctx.projectPath(ctx.args.positionals[0] ?? ''));
    ctx.out(holders, holders.length === 0 ? ['nobody holds it'] : holders.map(reservationLine));
    return undefined;
  },
};
