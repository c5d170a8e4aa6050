import { initProject } from '../project/init.js';
import type { Command } from './context.js';
import { NO_POSITIONALS } from './context.js';

/** `fleet init`: creates the project (at the repository root by default). */
export const initCommand: Command = {
  usage: 'fleet init [--dir DIR]',
  summary: 'create the project: .fleet/fleet.db at the repository root, .fleet/ in .gitignore',
  about:
    "Creates the project database at the repository's main working tree (from any worktree or subdirectory),\n" +
    'or in the current directory outside git, records its identity, and adds .fleet/ to .gitignore. Running it\n' +
    'again changes nothing. No other command creates a database.',
  options: { dir: { type: 'string', value: 'DIR', help: 'create the project in DIR instead' } },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const dir = ctx.args.values['dir'];
    const start = ctx.args.values['project'];
    const result = await initProject({
      cwd: typeof start === 'string' ? start : ctx.io.cwd,
      ...(typeof dir === 'string' ? { dir } : {}),
    });
    ctx.out(result, [
      `${result.created ? 'created' : 'already a project:'} ${result.root}/.fleet/fleet.db`,
      `project key  ${result.projectKey}`,
      ...(result.gitignored ? ['added .fleet/ to .gitignore'] : []),
    ]);
    return undefined;
  },
};
