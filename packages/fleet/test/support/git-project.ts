import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { initProject } from '../../src/project/init.js';
import { FLEET_SOURCE, git } from './run.js';
import { runProcess, type ProcessRun } from './spawn.js';

/** How the installed hooks run the `fleet` program from source. */
export const FLEET_COMMAND = `bun ${FLEET_SOURCE}`;

/** A real git repository (one empty commit, an identity configured) with a FleetTools project at its root. */
export async function gitProject(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 't@example.com');
  git(dir, 'config', 'user.name', 't');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'init');
  await initProject({ cwd: dir });
  return dir;
}

/** Writes `text` to the repository-relative `path` (directories made) and stages it. */
export function stage(repo: string, path: string, text = `${path}\n`): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
  git(repo, 'add', '--', path);
}

/** Runs a real `git ARGS` in `cwd` as `callsign` (the hooks see FLEET_CALLSIGN), without throwing. */
export function gitAs(cwd: string, callsign: string, ...args: string[]): Promise<ProcessRun> {
  return runProcess(['git', ...args], { cwd, env: { ...process.env, FLEET_CALLSIGN: callsign } });
}
