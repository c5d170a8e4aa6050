import { createEvent, searchMessages, type FleetEvent, type FleetEventType } from '@fleettools/events';
import type { Database, SQLQueryBindings } from 'bun:sqlite';

import { PROJECT } from '../lib/events.js';
import { closeProject, openProject, type FleetProject } from '../lib/fleet.js';
import { openSqlite } from '../lib/floor.js';
import { figureFromNs } from '../lib/figures.js';
import { measureOp } from '../lib/measure.js';
import type { Recorder } from '../lib/scenario.js';

/** Words the seeded messages are made of: 200 of them, each in about 5% of the bodies. */
const WORDS = Array.from({ length: 200 }, (_, i) => `word${String(i)}`);
const PILOTS = ['lead', 'claimer', 'reader', 'other'];

/** The SQL `claim` decides by (the next ready sortie), for the floor: the read alone, no write. */
const READY_SQL = `SELECT s.sortie_id FROM sorties s
  WHERE s.project_key = ?1 AND s.status = 'pending' AND s.assigned_to IS NULL
    AND NOT EXISTS (SELECT 1 FROM dependencies d
      LEFT JOIN sorties t ON t.project_key = d.project_key AND t.sortie_id = d.depends_on
      WHERE d.project_key = ?1 AND d.kind = 'sortie' AND d.item_id = s.sortie_id
        AND (t.status IS NULL OR t.status <> 'completed'))
  ORDER BY s.priority, s.created_at, s.sortie_id LIMIT 1`;

/** The SQL `searchMessages` runs, for the floor. */
const SEARCH_SQL = `WITH hits AS MATERIALIZED (
    SELECT message_id, snippet(message_search, -1, '[', ']', '…', 12) AS snippet, bm25(message_search) AS rank
    FROM message_search WHERE message_search MATCH ?1 AND project_key = ?2)
  SELECT h.message_id, m.subject, h.snippet, h.rank FROM hits h
    JOIN messages m ON m.project_key = ?2 AND m.message_id = h.message_id
  WHERE m.from_callsign = ?3 OR EXISTS (SELECT 1 FROM message_recipients r
    WHERE r.project_key = ?2 AND r.message_id = h.message_id AND r.callsign = ?3)
  ORDER BY h.rank, m.sent_at DESC, h.message_id LIMIT 20`;

const event = (type: FleetEventType, fields: Record<string, unknown>): FleetEvent =>
  // The scenarios build each type's fields by hand; createEvent validates them.
  createEvent(type as 'cursor_moved', { project_key: PROJECT, ...fields } as never);

/** Appends `events`, 1,000 per `appendMany`. */
async function appendAll(project: FleetProject, events: readonly FleetEvent[]): Promise<void> {
  for (let at = 0; at < events.length; at += 1000) {
    await project.store.appendMany(events.slice(at, at + 1000), PROJECT);
  }
}

/** A copy of the project's database for the floor (bun:sqlite must not open the file FleetTools has open). */
async function floorCopy(project: FleetProject): Promise<Database> {
  const copy = `${project.file}.floor`;
  await project.db.$client.all({ sql: 'VACUUM INTO ?', args: [copy] });
  return openSqlite(copy);
}

/**
 * `claim` with `sorties` pending sorties (a tenth of them waiting for another): each timed claim takes the most
 * urgent ready one and starts it in one write; a new pending sortie (not timed) keeps the count constant.
 */
async function runClaim(recorder: Recorder): Promise<void> {
  const { sorties } = recorder.config.queue;
  await recorder.run('queue.claim', 'queue', `claim with ${String(sorties)} pending sorties`, async () => {
    const project = await openProject(recorder, 'claim');
    try {
      const ids = Array.from({ length: sorties }, (_, i) => `sortie-q${String(i)}`);
      await appendAll(project, [
        ...PILOTS.map((callsign) => event('pilot_registered', { callsign, ttl_ms: 3_600_000 })),
        event('mission_created', { mission_id: 'mission-q', title: 'Queue' }),
        ...ids.map((sortie_id, i) =>
          event('sortie_created', {
            sortie_id,
            title: `Part ${String(i)}`,
            mission_id: 'mission-q',
            priority: i % 5,
            ...(i % 10 === 9 ? { depends_on: [ids[i - 1]] } : {}),
          }),
        ),
      ]);
      const sqlite = await floorCopy(project);
      let claimed = 0;
      const latencies: number[] = [];
      const runs = recorder.config.slow.warmupOps + recorder.config.slow.maxSamples;
      try {
        // Timed one by one (not by mitata, which may call an operation several times per input): before each
        // claim, a new pending sortie (not timed) keeps the queue at its size.
        for (let n = 0; n < runs; n += 1) {
          await project.store.append(
            event('sortie_created', {
              sortie_id: `sortie-n${String(n)}`,
              title: 'More',
              mission_id: 'mission-q',
            }),
            PROJECT,
          );
          const started = Bun.nanoseconds();
          const claim = await project.store.claim({
            projectKey: PROJECT,
            callsign: 'claimer',
            missionId: 'mission-q',
          });
          if (n >= recorder.config.slow.warmupOps) latencies.push(Bun.nanoseconds() - started);
          if (claim !== null) claimed += 1;
        }
        const fleet = figureFromNs(latencies);
        const statement = sqlite.prepare<Record<string, unknown>, SQLQueryBindings[]>(READY_SQL);
        const floor = await measureOp(() => statement.get(PROJECT), recorder.config.fast);
        const pending = await project.db.$client.get({
          sql: "SELECT count(*) AS n FROM sorties WHERE project_key = ? AND status = 'pending'",
          args: [PROJECT],
        });
        return {
          fleet,
          floors: { sqlite: floor },
          checks: [
            {
              name: 'every claim took a sortie',
              ok: claimed === runs,
              detail: `${String(claimed)} claims of ${String(runs)}`,
            },
            {
              name: 'the queue stayed full',
              ok: Number(pending?.['n']) === sorties,
              detail: `${String(pending?.['n'])} pending`,
            },
          ],
        };
      } finally {
        sqlite.close();
      }
    } finally {
      await closeProject(project);
    }
  });
}

/** Full-text search of one word over `messages` messages, scoped to a pilot that reads about half of them. */
async function runSearch(recorder: Recorder): Promise<void> {
  const { messages } = recorder.config.queue;
  await recorder.run(
    'queue.search',
    'queue',
    `search messages (one word, 20 best) over ${String(messages)} messages`,
    async () => {
      const project = await openProject(recorder, 'search');
      try {
        const body = (i: number) =>
          Array.from({ length: 10 }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length] ?? 'word').join(' ');
        await appendAll(project, [
          ...PILOTS.map((callsign) => event('pilot_registered', { callsign })),
          ...Array.from({ length: messages }, (_, i) =>
            event('message_sent', {
              message_id: `msg-s${String(i)}`,
              from: 'lead',
              to: [i % 2 === 0 ? 'reader' : 'other'],
              subject: `Note ${String(i)} ${WORDS[i % WORDS.length] ?? ''}`,
              body: body(i),
            }),
          ),
        ]);
        const sqlite = await floorCopy(project);
        let found = 0;
        let query = 0;
        const word = () => WORDS[(query += 1) % WORDS.length] ?? 'word0';
        try {
          const fleet = await measureOp(async () => {
            found = (await searchMessages(project.db, PROJECT, { callsign: 'reader', query: word() })).length;
          }, recorder.config.fast);
          const statement = sqlite.prepare<Record<string, unknown>, SQLQueryBindings[]>(SEARCH_SQL);
          const floorFound = statement.all(`"word3"`, PROJECT, 'reader').length;
          const floor = await measureOp(
            () => statement.all(`"${word()}"`, PROJECT, 'reader'),
            recorder.config.fast,
          );
          return {
            fleet,
            floors: { sqlite: floor },
            checks: [
              { name: 'the search found messages', ok: found > 0, detail: `${String(found)} hits` },
              {
                name: 'the floor finds what FleetTools finds',
                ok: floorFound === 20,
                detail: `${String(floorFound)} rows`,
              },
            ],
          };
        } finally {
          sqlite.close();
        }
      } finally {
        await closeProject(project);
      }
    },
  );
}

/** The work queue group: `claim` latency with pending sorties, search latency over many messages. */
export async function runQueue(recorder: Recorder): Promise<void> {
  await runClaim(recorder);
  await runSearch(recorder);
}
