import { listReadySorties, type Sortie } from '@fleettools/events';
import { z } from 'zod';

import { durationOption, integerOption, validateOptions } from './args.js';
import type { Command } from './context.js';
import { NO_POSITIONALS } from './context.js';

const Text = z.string().min(1);

/** One ready sortie in a line: id, priority, title. */
function readyLine(s: Sortie): string {
  return `${s.sortie_id}  P${String(s.priority)}  ${s.title}`;
}

/** `fleet ready`: the ready sorties, most urgent first. */
export const readyCommand: Command = {
  usage: 'fleet ready [--mission ID] [--limit N]',
  summary: 'the sorties ready to claim, most urgent first',
  about:
    'A sortie is ready when it is pending, assigned to nobody, and every sortie it depends on is completed. Listed by priority (0 first), then oldest: the order fleet claim takes them in.',
  options: {
    mission: { type: 'string', value: 'ID', help: "only this mission's sorties" },
    limit: { type: 'string', value: 'N', help: 'at most N (default 100)' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(
      z.object({ mission: Text.optional(), limit: integerOption(1, 10_000).optional() }),
      ctx.args.values,
    );
    const fleet = await ctx.fleet();
    const sorties = await listReadySorties(fleet.db, fleet.projectKey, {
      ...(o.mission === undefined ? {} : { mission_id: o.mission }),
      ...(o.limit === undefined ? {} : { limit: o.limit }),
    });
    ctx.out(sorties, sorties.length === 0 ? ['(nothing ready)'] : sorties.map(readyLine));
    return undefined;
  },
};

/** `fleet claim`: take the next ready sortie (or the one named) and start it, atomically. */
export const claimCommand: Command = {
  usage: 'fleet claim --as CALLSIGN [--mission ID | --sortie ID] [--reserve [--ttl 1h]]',
  summary: 'take the most urgent ready sortie and start it (atomic)',
  about:
    'Decided inside the store\'s write: two pilots never get one sortie. --reserve also reserves the sortie\'s files (exclusive) in the same write, all or nothing. Prints the claimed sortie; "nothing ready" (exit 0, JSON null) when none is.',
  options: {
    mission: { type: 'string', value: 'ID', help: 'the most urgent ready sortie of this mission' },
    sortie: { type: 'string', value: 'ID', help: 'this sortie, only if it is ready' },
    reserve: { type: 'boolean', help: "reserve the sortie's declared files in the same write" },
    ttl: { type: 'string', value: 'DURATION', help: 'how long the reservation lasts (default 1h)' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(
      z.object({
        mission: Text.optional(),
        sortie: Text.optional(),
        reserve: z.boolean().optional(),
        ttl: durationOption.optional(),
      }),
      ctx.args.values,
    );
    const claim = await (
      await ctx.pilot()
    ).claim({
      ...(o.mission === undefined ? {} : { missionId: o.mission }),
      ...(o.sortie === undefined ? {} : { sortieId: o.sortie }),
      ...(o.reserve === undefined ? {} : { reserve: o.reserve }),
      ...(o.ttl === undefined ? {} : { ttlMs: o.ttl }),
    });
    if (claim === null) {
      ctx.out(null, ['nothing ready']);
      return undefined;
    }
    const reserved = claim.reservation === undefined ? [] : [`reserved ${claim.reservation.paths.join(' ')}`];
    ctx.out(claim, [`claimed ${claim.claimed.sortie_id}`, ...reserved]);
    return undefined;
  },
};

/** `fleet search`: full-text search over the acting pilot's messages. */
export const searchCommand: Command = {
  usage: 'fleet search WORD... --as CALLSIGN [--limit N]',
  summary: 'search the subjects and bodies of your messages',
  about:
    'Finds the messages the pilot sent or received holding every WORD (a trailing * searches a prefix), best first, with a snippet ([match]).',
  options: { limit: { type: 'string', value: 'N', help: 'at most N results (default 20)' } },
  positionals: { min: 1, max: 100, name: 'WORD...' },
  run: async (ctx) => {
    const o = validateOptions(z.object({ limit: integerOption(1, 1000).optional() }), ctx.args.values);
    const hits = await (
      await ctx.pilot()
    ).search(ctx.args.positionals.join(' '), o.limit === undefined ? {} : { limit: o.limit });
    ctx.out(
      hits,
      hits.length === 0
        ? ['(no match)']
        : hits.map((h) => `${h.message_id}  ${h.from}  ${h.subject}  ${h.snippet}`),
    );
    return undefined;
  },
};
