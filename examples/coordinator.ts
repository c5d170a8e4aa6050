/**
 * A coordinator that splits a mission into sorties: it creates the mission, one sortie per part (each with
 * the files it will touch), records its decision, and assigns each sortie to a pilot by message. Every id is
 * minted by the Pilot handle; the project key is never written.
 *
 * Run: bun examples/coordinator.ts [PROJECT_DIR]   (default: a new temporary directory)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { generateDecisionId } from '@fleettools/core';
import { initProject, openFleet } from '@fleettools/fleet';

const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
await initProject({ cwd: projectDir, dir: projectDir });
const fleet = await openFleet({ cwd: projectDir });
const lead = await fleet.register({ callsign: 'lead', model: 'coordinator' });
const pilots = ['viper-1', 'viper-2'];

const mission = await lead.missions.create({ title: 'Health checks' });
await lead.missions.start(mission.mission_id);
const parts = [
  { title: 'Add the /health endpoint', files: ['src/routes/health.ts'] },
  { title: 'Test the /health endpoint', files: ['test/health.test.ts'] },
  { title: 'Document /health', files: ['docs/api.md'] },
];
const sorties = [];
for (const part of parts) sorties.push(await lead.sorties.create({ ...part, missionId: mission.mission_id }));
await lead.emit('coordinator_decision', {
  decision_id: generateDecisionId(),
  callsign: lead.callsign,
  decision: `Split "Health checks" into ${sorties.length} sorties`,
  rationale: 'Each sortie touches its own files, so they can run in parallel',
  subject_id: mission.mission_id,
});

// Assign round-robin, by message: each pilot reads its inbox and starts its sortie.
for (const [i, sortie] of sorties.entries()) {
  const pilot = pilots[i % pilots.length] ?? lead.callsign;
  await lead.messages.send({
    to: [pilot],
    subject: `Sortie: ${sortie.title}`,
    body: JSON.stringify({ sortie_id: sortie.sortie_id, files: sortie.files }),
    importance: 'high',
    ackRequired: true,
  });
  console.log(`${sortie.sortie_id} "${sortie.title}" → ${pilot}`);
}

const planned = await lead.missions.get(mission.mission_id);
console.log(`mission "${planned.title}" is ${planned.status} with ${planned.sorties.length} sorties:`);
for (const s of planned.sorties)
  console.log(`  ${s.title}: ${s.status}, files ${(s.files ?? []).join(', ')}`);
await lead.deregister();
await fleet.close();
