import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'bun:test';

import { relativeTime } from '../src/cli/table.js';
import { processCommand } from '../src/doctor/wal-readers.js';
import { initProject, openFleet } from '../src/index.js';
import { fleetInProcess, tempDir } from './support/run.js';

const base = tempDir();
afterAll(base.remove);

const HOUR = 3_600_000;

describe('doctor, replay --verify and status on a troubled project', () => {
  test('a tampered projection fails the verify, which changes nothing; doctor names stale pilots', async () => {
    const root = join(base.dir, 'troubled');
    mkdirSync(root);
    await initProject({ cwd: root });
    const fleet = await openFleet({ cwd: root });
    const lead = await fleet.register({ callsign: 'lead', ttlMs: 1_000, heartbeatMs: 0, program: 'p' });
    for (let i = 0; i < 51; i++) await lead.sorties.create({ title: `part ${i}` });
    fleet.db.run(sql`UPDATE pilots SET program = 'tampered'`);
    lead.close();
    await fleet.close();

    const verify = await fleetInProcess(root, ['replay', '--verify']);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain('replay --verify: FAIL');
    expect(verify.out).toContain('pilots: 1 live rows not rebuilt, 1 rebuilt rows not live');
    // --verify replayed a copy: the tampered row is still there.
    const status = await fleetInProcess(root, ['status', '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ pilots: [{ program: 'tampered' }] });

    const later = new Date(Date.now() + HOUR);
    const doctor = await fleetInProcess(root, ['doctor'], { now: later });
    expect(doctor.code).toBe(1);
    expect(doctor.out).toContain('stale pilots (silent past their TTL): lead');
    expect(doctor.out).toContain('PROBLEM  replay');
    expect(doctor.out).toMatch(
      /ok +space +\d+ of \d+ bytes reclaimable \(free pages inside the file\); compaction gives freed pages back to the disk/,
    );
    expect(doctor.out).toContain('problems found');
    const statusText = await fleetInProcess(root, ['status'], { now: later });
    expect(statusText.code).toBe(0);
    expect(statusText.out).toContain('… and 1 older sorties');
  });

  // A long reader keeps checkpoints from resetting the WAL: doctor names the process holding one open now.
  test('doctor names a process that holds a read transaction on the WAL', async () => {
    const root = join(base.dir, 'held');
    mkdirSync(root);
    await initProject({ cwd: root });
    const reader = Bun.spawn(
      [
        process.execPath,
        '-e',
        `import { createFleetDb } from '@fleettools/db';
         const db = createFleetDb({ projectPath: ${JSON.stringify(root)} });
         await db.$client.transaction('read', async (tx) => {
           await tx.all({ sql: 'SELECT count(*) FROM events' });
           console.log('reading');
           await Bun.stdin.text();
         });`,
      ],
      { stdin: 'pipe', stdout: 'pipe', cwd: import.meta.dir },
    );
    try {
      const { value } = (await reader.stdout.getReader().read()) as { value?: Uint8Array };
      expect(new TextDecoder().decode(value)).toContain('reading');
      const doctor = await fleetInProcess(root, ['doctor']);
      expect(doctor.out).toContain(`in a read transaction now: pid ${String(reader.pid)} (`);
    } finally {
      reader.kill();
      await reader.exited;
    }
    const after = await fleetInProcess(root, ['doctor']);
    expect(after.out).not.toContain('in a read transaction now');
    // A reader that exits between the two reads is named without its command line.
    expect(processCommand(reader.pid)).toBe('');
    expect(processCommand(process.pid)).toContain('bun');
  }, 30_000);

  test('relativeTime in words', () => {
    const now = new Date('2025-01-09T12:00:00.000Z');
    expect(relativeTime('2025-01-09T12:00:00.200Z', now)).toBe('now');
    expect(relativeTime('2025-01-09T12:00:05.000Z', now)).toBe('in 5s');
    expect(relativeTime('2025-01-09T11:57:55.000Z', now)).toBe('2m 5s ago');
    expect(relativeTime('2025-01-09T14:30:00.000Z', now)).toBe('in 2h 30m');
  });
});
