import { z } from 'zod';

import { APPENDS, defineTool, EventOut, READ_ONLY, ReservationOut } from '../tool.js';
import { Callsign, Line } from './fields.js';

/** `register { callsign, program?, model?, task? }`: binds the session to a pilot. */
export const registerTool = defineTool({
  name: 'register',
  description: 'Join the fleet as a pilot; this session then acts as it (heartbeats while it lives).',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({
    callsign: Callsign,
    program: Line.optional(),
    model: Line.optional(),
    task: Line.optional(),
  }),
  output: z.object({ callsign: z.string(), event: EventOut }),
  run: async ({ session }, args) => ({
    callsign: args.callsign,
    event: await session.register({
      callsign: args.callsign,
      ...(args.program === undefined ? {} : { program: args.program }),
      ...(args.model === undefined ? {} : { model: args.model }),
      ...(args.task === undefined ? {} : { task: args.task }),
    }),
  }),
});

/** `whoami {}`: the session's pilot and what it holds. */
export const whoamiTool = defineTool({
  name: 'whoami',
  description: "This session's pilot (null before register), project and reservations.",
  profile: 'core',
  hints: READ_ONLY,
  input: z.strictObject({}),
  output: z.object({
    callsign: z.string().nullable(),
    project_key: z.string(),
    reservations: z.array(ReservationOut),
  }),
  run: async ({ session, fleet }) => ({
    callsign: session.pilot?.callsign ?? null,
    project_key: fleet.projectKey,
    reservations: (await session.pilot?.reservations.mine()) ?? [],
  }),
});

/** `status {}`: the whole fleet at a glance. */
export const statusTool = defineTool({
  name: 'status',
  description: 'Pilots, active reservations and sortie counts.',
  profile: 'core',
  hints: READ_ONLY,
  input: z.strictObject({}),
  output: z.object({
    latest_sequence: z.number(),
    pilots: z.array(z.object({ callsign: z.string(), status: z.string(), last_seen_at: z.string() })),
    reservations: z.array(ReservationOut),
    sorties: z.record(z.string(), z.number()),
  }),
  run: async ({ fleet }) => {
    const status = await fleet.status();
    return {
      latest_sequence: status.latest_sequence,
      pilots: status.pilots,
      reservations: status.reservations,
      sorties: status.sorties.counts,
    };
  },
});
