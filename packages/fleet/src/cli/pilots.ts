import { getPilot } from '@fleettools/events';
import { z } from 'zod';

import { durationOption, validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';
import { CliFailure } from './io.js';

const RegisterOptions = z.object({
  program: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
  ttl: durationOption.optional(),
});

/** `fleet register`: joins the project as `--as` / `$FLEET_CALLSIGN`. */
export const registerCommand: Command = {
  usage: 'fleet register --as CALLSIGN [--program P] [--model M] [--task T] [--ttl 10m]',
  summary: 'join the project as a pilot',
  about:
    'Registers the pilot. A shell agent then keeps itself live with `fleet heartbeat` at least once per TTL\n' +
    '(default 5m); after that it is stale and what it holds can be reclaimed.',
  options: {
    program: { type: 'string', value: 'P', help: 'the agent program, e.g. claude-code' },
    model: { type: 'string', value: 'M', help: 'the model' },
    task: { type: 'string', value: 'T', help: 'what the pilot is doing' },
    ttl: {
      type: 'string',
      value: 'DURATION',
      help: 'stale after this long without a heartbeat (default 5m)',
    },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(RegisterOptions, ctx.args.values);
    const callsign = ctx.callsign();
    const fleet = await ctx.fleet();
    const pilot = await fleet.register({
      callsign,
      heartbeatMs: 0,
      ...(o.program === undefined ? {} : { program: o.program }),
      ...(o.model === undefined ? {} : { model: o.model }),
      ...(o.task === undefined ? {} : { task: o.task }),
      ...(o.ttl === undefined ? {} : { ttlMs: o.ttl }),
    });
    pilot.close();
    const row = await getPilot(fleet.db, fleet.projectKey, callsign);
    ctx.out(row, [`registered ${callsign}`]);
    return undefined;
  },
};

/** `fleet heartbeat`: the pilot is alive now. */
export const heartbeatCommand: Command = {
  usage: 'fleet heartbeat --as CALLSIGN [--note TEXT]',
  summary: 'say the pilot is alive now',
  about: 'Records a heartbeat (pilot_active): the pilot stays live for another TTL.',
  options: { note: { type: 'string', value: 'TEXT', help: 'a word on what it is doing' } },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const note = validateOptions(z.object({ note: z.string().min(1).optional() }), ctx.args.values).note;
    const event = await (await ctx.pilot()).heartbeat(note);
    ctx.out(event, [`heartbeat ${event.callsign} at ${event.timestamp}`]);
    return undefined;
  },
};

/** `fleet whoami`: who `--as` / `$FLEET_CALLSIGN` is in this project. */
export const whoamiCommand: Command = {
  usage: 'fleet whoami --as CALLSIGN',
  summary: 'the acting pilot, its state and what it holds',
  about: 'Prints the acting pilot (from --as or FLEET_CALLSIGN), whether it is live, and its reservations.',
  options: {},
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const callsign = ctx.callsign();
    const fleet = await ctx.fleet();
    const status = await fleet.status(ctx.now());
    const me = status.pilots.find((p) => p.callsign === callsign);
    if (me === undefined) {
      throw new CliFailure('NOT_REGISTERED', `${callsign} never registered in ${fleet.root}.`).withHint({
        action: `run fleet register --as ${callsign}`,
      });
    }
    const held = status.reservations.filter((r) => r.callsign === callsign);
    ctx.out({ ...me, root: fleet.root, project_key: fleet.projectKey, reservations: held }, [
      `${callsign}  ${me.status}  (project ${fleet.root})`,
      ...held.map(
        (r) => `  holds ${r.paths.join(', ')} (${r.mode}, ${r.reservation_id}, until ${r.expires_at})`,
      ),
    ]);
    return undefined;
  },
};

/** `fleet deregister`: the pilot leaves. */
export const deregisterCommand: Command = {
  usage: 'fleet deregister --as CALLSIGN [--reason TEXT]',
  summary: 'leave the project',
  about: 'Records pilot_deregistered; the pilot may register again later.',
  options: { reason: { type: 'string', value: 'TEXT', help: 'why' } },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const reason = validateOptions(
      z.object({ reason: z.string().min(1).optional() }),
      ctx.args.values,
    ).reason;
    const event = await (await ctx.pilot()).deregister(reason);
    ctx.out(event, [`deregistered ${event.callsign}`]);
    return undefined;
  },
};
