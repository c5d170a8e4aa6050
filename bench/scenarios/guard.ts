import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { checkChanges, initProject, openFleet } from '@fleettools/fleet';

import { measureOpWith } from '../lib/measure.js';
import type { Recorder } from '../lib/scenario.js';

/** Active reservations held by other live pilots while the guard runs: ten pilots with ten each. */
const RESERVATIONS = 100;
const PILOTS = 10;

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/**
 * A repository with `staged` new files staged under `src/`, and a project whose live pilots hold 100 active
 * reservations (exact paths and globs) none of which covers them, so the guard lets the commit through.
 */
async function guardedRepository(dir: string, staged: number): Promise<void> {
  git(dir, 'init', '-q');
  for (let i = 0; i < staged; i += 1) {
    const folder = join(dir, 'src', `m${String(i % 50)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `f${String(i)}.ts`), `export const v = ${String(i)};\n`);
  }
  git(dir, 'add', 'src');
  await initProject({ cwd: dir });
  const fleet = await openFleet({ cwd: dir });
  try {
    for (let p = 0; p < PILOTS; p += 1) {
      const pilot = await fleet.register({
        callsign: `holder-${String(p)}`,
        heartbeatMs: 0,
        ttlMs: 3_600_000,
      });
      for (let r = 0; r < RESERVATIONS / PILOTS; r += 1) {
        const n = p * 10 + r;
        await pilot.reservations.reserve([
          n % 2 === 0 ? `lib/p${String(n)}.ts` : `docs/d${String(n)}/**/*.md`,
        ]);
      }
    }
  } finally {
    await fleet.close();
  }
}

/**
 * What the pre-commit hook adds to a commit, in process (the hook's own process start is not included):
 * open the project, read the staged changes with git, check them against 100 active reservations, close.
 */
export async function runGuard(recorder: Recorder): Promise<void> {
  for (const staged of [1, 1000]) {
    await recorder.run(
      `guard.${String(staged)}`,
      'guard',
      `pre-commit guard: ${String(staged)} staged path(s), ${String(RESERVATIONS)} active reservations`,
      async () => {
        const dir = recorder.dir(`guard-${String(staged)}`);
        await guardedRepository(dir, staged);
        let last = { paths: 0, blocks: 0 };
        const fleet = await measureOpWith(
          () => dir,
          async (cwd) => {
            const opened = await openFleet({ cwd });
            try {
              const result = await checkChanges(opened, cwd, { kind: 'staged' }, 'committer', new Date());
              last = { paths: result.paths.length, blocks: result.blocks.length };
            } finally {
              await opened.close();
            }
          },
          recorder.config.slow,
        );
        return {
          fleet,
          checks: [
            {
              name: 'every staged path checked',
              ok: last.paths === staged,
              detail: `${String(last.paths)} of ${String(staged)}`,
            },
            { name: 'nothing refused', ok: last.blocks === 0, detail: `${String(last.blocks)} blocks` },
          ],
        };
      },
    );
  }
}
