/**
 * A coordinator that splits a mission into sorties: it creates the mission, one sortie per part (each with
 * the files it will touch), records its decision, and assigns each sortie to a pilot by message.
 *
 * Run: bun examples/coordinator.ts [PROJECT_DIR]   (default: a new temporary directory)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { generateDecisionId, generateMessageId, generateMissionId, generateSortieId } from '@fleettools/core';
import { closeFleetDb, createFleetDb } from '@fleettools/db';
import { EventStore, createEvent, getMission } from '@fleettools/events';

const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
const projectKey = projectDir;
const db = createFleetDb({ projectPath: projectDir });
const store = EventStore.fromDb(db);
const lead = 'lead';
const pilots = ['viper-1', 'viper-2'];

const missionId = generateMissionId();
const parts = [
  { title: 'Add the /health endpoint', files: ['src/routes/health.ts'] },
  { title: 'Test the /health endpoint', files: ['test/health.test.ts'] },
  { title: 'Document /health', files: ['docs/api.md'] },
];

// The mission and its sorties, all or nothing.
const sorties = parts.map((part) => ({ ...part, sortie_id: generateSortieId() }));
await store.appendMany(
  [
    createEvent('pilot_registered', { project_key: projectKey, callsign: lead, model: 'coordinator' }),
    createEvent('mission_created', {
      project_key: projectKey,
      mission_id: missionId,
      title: 'Health checks',
      created_by: lead,
    }),
    createEvent('mission_started', { project_key: projectKey, mission_id: missionId, callsign: lead }),
    ...sorties.map((s) =>
      createEvent('sortie_created', {
        project_key: projectKey,
        sortie_id: s.sortie_id,
        mission_id: missionId,
        title: s.title,
        files: s.files,
      }),
    ),
    createEvent('coordinator_decision', {
      project_key: projectKey,
      decision_id: generateDecisionId(),
      callsign: lead,
      decision: `Split "Health checks" into ${sorties.length} sorties`,
      rationale: 'Each sortie touches its own files, so they can run in parallel',
      subject_id: missionId,
    }),
  ],
  projectKey,
);

// Assign round-robin, by message: each pilot reads its inbox and starts its sortie.
for (const [i, sortie] of sorties.entries()) {
  const pilot = pilots[i % pilots.length] ?? lead;
  await store.append(
    createEvent('message_sent', {
      project_key: projectKey,
      message_id: generateMessageId(),
      from: lead,
      to: [pilot],
      subject: `Sortie: ${sortie.title}`,
      body: JSON.stringify({ sortie_id: sortie.sortie_id, files: sortie.files }),
      importance: 'high',
      ack_required: true,
    }),
    projectKey,
  );
  console.log(`${sortie.sortie_id} "${sortie.title}" → ${pilot}`);
}

const mission = await getMission(db, projectKey, missionId);
console.log(`mission "${mission?.title}" is ${mission?.status} with ${mission?.sorties.length} sorties:`);
for (const s of mission?.sorties ?? [])
  console.log(`  ${s.title}: ${s.status}, files ${(s.files ?? []).join(', ')}`);
await closeFleetDb(db);
