import { SORTIE_STATUS } from '@fleettools/core';
import { pilotsTable, sortiesTable } from '@fleettools/db';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';

import { getActiveReservations, isPilotLive } from '../index.js';
import { COMMON_OPTIONS, commonShape, parseOptions, validateOptions } from './args.js';
import { EXIT, type CliIo } from './io.js';
import { withProject } from './project.js';
import { formatTable, relativeTime } from './table.js';

/** `fleet status --help`. */
export const STATUS_HELP = `Usage: fleet status [--project DIR] [--project-key KEY] [--json]

The project's current state: pilots (active, stale or deregistered), active file reservations, sorties by
state, and the latest event sequence, as aligned tables (or one JSON object with --json).

Options:
  --project DIR       the project directory (default: the current directory)
  --project-key KEY   the project key (default: the project's absolute path)
  --json              print one JSON object instead of tables
  -h, --help          show this help`;

const StatusOptions = z.object({ ...commonShape, json: z.boolean().optional() });

/** How many sorties `fleet status` lists one by one; the counts cover them all. */
const MAX_LISTED_SORTIES = 50;

/** `fleet status`: pilots, active reservations, sorties by state and the latest sequence. */
export async function runStatus(args: readonly string[], io: CliIo): Promise<number> {
  const options = validateOptions(
    StatusOptions,
    parseOptions(args, { ...COMMON_OPTIONS, json: { type: 'boolean' } }),
  );
  if (options.help === true) {
    io.stdout(STATUS_HELP);
    return EXIT.OK;
  }
  const now = io.now?.() ?? new Date();
  return withProject(io, options, { create: false }, async ({ dir, projectKey, db, store }) => {
    const latestSequence = await store.getLatestSequence(projectKey);
    const pilotRows = await db
      .select()
      .from(pilotsTable)
      .where(eq(pilotsTable.project_key, projectKey))
      .orderBy(asc(pilotsTable.callsign));
    const pilots = pilotRows.map((pilot) => ({
      callsign: pilot.callsign,
      status:
        pilot.status !== 'active' ? pilot.status : isPilotLive(pilot, now.getTime()) ? 'active' : 'stale',
      last_seen_at: pilot.last_seen_at,
      program: pilot.program,
      model: pilot.model,
      task_description: pilot.task_description,
    }));
    const reservations = await getActiveReservations(db, projectKey, { at: now });
    const sorties = await db
      .select()
      .from(sortiesTable)
      .where(eq(sortiesTable.project_key, projectKey))
      .orderBy(asc(sortiesTable.created_at), asc(sortiesTable.sortie_id));
    const counts = Object.fromEntries(
      Object.values(SORTIE_STATUS).map((status) => [
        status,
        sorties.filter((s) => s.status === status).length,
      ]),
    );

    if (options.json === true) {
      io.stdout(
        JSON.stringify({
          project_key: projectKey,
          latest_sequence: latestSequence,
          pilots,
          reservations,
          sorties: { counts, items: sorties },
        }),
      );
      return EXIT.OK;
    }

    const listed = sorties.slice(-MAX_LISTED_SORTIES);
    const lines = [
      `project          ${dir}`,
      `project key      ${projectKey}`,
      `latest sequence  ${latestSequence}`,
      '',
      `PILOTS (${pilots.length})`,
      ...formatTable(
        ['callsign', 'status', 'last seen', 'program', 'model', 'task'],
        pilots.map((p) => [
          p.callsign,
          p.status,
          relativeTime(p.last_seen_at, now),
          p.program ?? '-',
          p.model ?? '-',
          p.task_description ?? '-',
        ]),
      ),
      '',
      `ACTIVE RESERVATIONS (${reservations.length})`,
      ...formatTable(
        ['path', 'callsign', 'mode', 'expires', 'reservation'],
        reservations.map((r) => [
          r.path,
          r.callsign,
          r.mode,
          relativeTime(r.expires_at, now),
          r.reservation_id,
        ]),
      ),
      '',
      `SORTIES BY STATE (${sorties.length})`,
      ...formatTable(
        ['state', 'count'],
        Object.entries(counts).map(([status, count]) => [status, String(count)]),
      ),
      '',
      ...formatTable(
        ['sortie', 'state', 'assigned to', 'progress', 'title'],
        listed.map((s) => [s.sortie_id, s.status, s.assigned_to ?? '-', `${s.progress}%`, s.title]),
      ),
    ];
    if (listed.length < sorties.length) lines.push(`… and ${sorties.length - listed.length} older sorties`);
    for (const line of lines) io.stdout(line);
    return EXIT.OK;
  });
}
