import { relative } from 'node:path';

import { NO_POSITIONALS, type Command } from './context.js';
import { formatTable, relativeTime } from './table.js';

/** How many sorties `fleet status` lists one by one; the counts cover them all. */
const MAX_LISTED_SORTIES = 50;

/** `fleet status`: pilots, active reservations, sorties by state and the latest sequence. */
export const statusCommand: Command = {
  usage: 'fleet status [--json]',
  summary: 'pilots, active reservations, sorties by state, latest sequence',
  about: "The project's current state as aligned tables (or one JSON object with --json).",
  options: {},
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const now = ctx.now();
    const fleet = await ctx.fleet();
    const status = await fleet.status(now);
    const { pilots, reservations, sorties } = status;
    const listed = sorties.items.slice(-MAX_LISTED_SORTIES);
    const lines = [
      `project          ${status.root}`,
      `project key      ${status.project_key}`,
      `latest sequence  ${status.latest_sequence}`,
      '',
      `PILOTS (${pilots.length})`,
      ...formatTable(
        ['callsign', 'status', 'last seen', 'branch', 'worktree', 'program', 'model', 'task'],
        pilots.map((p) => [
          p.callsign,
          p.status,
          relativeTime(p.last_seen_at, now),
          p.branch ?? '-',
          p.worktree === null ? '-' : relative(status.root, p.worktree) || '.',
          p.program ?? '-',
          p.model ?? '-',
          p.task_description ?? '-',
        ]),
      ),
      '',
      `ACTIVE RESERVATIONS (${reservations.length})`,
      ...formatTable(
        ['reservation', 'callsign', 'mode', 'expires', 'paths'],
        reservations.map((r) => [
          r.reservation_id,
          r.callsign,
          r.mode,
          relativeTime(r.expires_at, now),
          r.paths.join(' '),
        ]),
      ),
      '',
      `SORTIES BY STATE (${sorties.items.length})`,
      ...formatTable(
        ['state', 'count'],
        Object.entries(sorties.counts).map(([state, count]) => [state, String(count)]),
      ),
      '',
      ...formatTable(
        ['sortie', 'state', 'assigned to', 'progress', 'title'],
        listed.map((s) => [s.sortie_id, s.status, s.assigned_to ?? '-', `${s.progress}%`, s.title]),
      ),
    ];
    if (listed.length < sorties.items.length)
      lines.push(`… and ${sorties.items.length - listed.length} older sorties`);
    ctx.out(status, lines);
    return undefined;
  },
};
