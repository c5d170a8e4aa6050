/**
 * A pilot that registers and follows its inbox: it reads (and acknowledges) every message addressed to it,
 * heartbeats while it waits, and deregisters when told to stand down.
 *
 * Run: bun examples/pilot-inbox.ts [PROJECT_DIR]   (default: a new temporary directory)
 * Here a lead writes two messages into the same project so the example ends by itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { generateMessageId } from '@fleettools/core';
import { closeFleetDb, createFleetDb } from '@fleettools/db';
import { EventStore, createEvent, getInbox } from '@fleettools/events';

const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
const projectKey = projectDir; // by convention, the project's absolute path
const db = createFleetDb({ projectPath: projectDir }); // <project>/.fleet/fleet.db
const store = EventStore.fromDb(db);
const me = 'viper-1';

await store.append(
  createEvent('pilot_registered', { project_key: projectKey, callsign: me, ttl_ms: 5_000 }),
  projectKey,
);

// Someone else (here, the same script playing the lead, registered like every pilot that acts) sends two messages.
await store.append(
  createEvent('pilot_registered', { project_key: projectKey, callsign: 'lead' }),
  projectKey,
);
for (const [subject, body] of [
  ['Take the lexer', 'src/lexer.ts is yours.'],
  ['Stand down', 'Thanks, that is all.'],
] as const) {
  await store.append(
    createEvent('message_sent', {
      project_key: projectKey,
      message_id: generateMessageId(),
      from: 'lead',
      to: [me],
      subject,
      body,
      ack_required: true,
    }),
    projectKey,
  );
}

// Follow the inbox: oldest unread first; read, ack, act; heartbeat between polls.
let standDown = false;
while (!standDown) {
  const unread = (await getInbox(db, projectKey, me, { unreadOnly: true })).reverse();
  for (const message of unread) {
    await store.append(
      createEvent('message_read', { project_key: projectKey, message_id: message.message_id, callsign: me }),
      projectKey,
    );
    if (message.ack_required) {
      await store.append(
        createEvent('message_acked', {
          project_key: projectKey,
          message_id: message.message_id,
          callsign: me,
        }),
        projectKey,
      );
    }
    console.log(`${me} got "${message.subject}" from ${message.from_callsign}: ${message.body}`);
    if (message.subject === 'Stand down') standDown = true;
  }
  await store.append(createEvent('pilot_active', { project_key: projectKey, callsign: me }), projectKey);
  await Bun.sleep(50);
}

await store.append(
  createEvent('pilot_deregistered', { project_key: projectKey, callsign: me, reason: 'stood down' }),
  projectKey,
);
console.log(
  `${me} deregistered; inbox now:`,
  (await getInbox(db, projectKey, me)).map((m) => [m.subject, m.acked_at !== null]),
);
await closeFleetDb(db);
