/**
 * A pilot that registers and follows its inbox: `pilot.messages.follow()` yields every new message addressed to
 * it (a durable consumer: a restarted pilot resumes after the last message it handled); it reads and
 * acknowledges each, heartbeats on its own while it waits, and deregisters when told to stand down.
 *
 * Run: bun examples/pilot-inbox.ts [PROJECT_DIR]   (default: a new temporary directory)
 * Here a lead writes two messages into the same project so the example ends by itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { initProject, openFleet } from '@fleettools/fleet';

const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
await initProject({ cwd: projectDir, dir: projectDir }); // `fleet init` (idempotent)
const fleet = await openFleet({ cwd: projectDir });
const me = await fleet.register({ callsign: 'viper-1', ttlMs: 5_000 }); // heartbeats every ~1.7 s until it leaves

// Someone else (here, the same script playing the lead) sends two messages.
const lead = await fleet.register({ callsign: 'lead' });
for (const [subject, body] of [
  ['Take the lexer', 'src/lexer.ts is yours.'],
  ['Stand down', 'Thanks, that is all.'],
] as const) {
  await lead.messages.send({ to: [me.callsign], subject, body, ackRequired: true });
}

// Follow the inbox: each new message as it arrives; read, ack, act.
const stop = new AbortController();
for await (const message of me.messages.follow({ signal: stop.signal })) {
  await me.messages.read(message.message_id);
  if (message.ack_required) await me.messages.ack(message.message_id);
  console.log(`${me.callsign} got "${message.subject}" from ${message.from}: ${message.body}`);
  if (message.subject === 'Stand down') stop.abort();
}

await me.deregister('stood down');
await lead.deregister();
console.log(
  `${me.callsign} deregistered; inbox now:`,
  (await me.messages.inbox()).map((m) => [m.subject, m.acked_at !== null]),
);
await fleet.close();
