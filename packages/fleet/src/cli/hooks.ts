import { z } from 'zod';

import { hooksStatus, installHooks, uninstallHooks, type HookState } from '../hooks/hooks.js';
import { validateOptions } from './args.js';
import type { Command } from './context.js';
import { CliUsageError } from './io.js';

/** One hook's state in a line. */
function stateLine(state: HookState): string {
  const what =
    state.state === 'installed'
      ? `fleet guard${state.warn ? ' --warn' : ''}${state.chained === null ? '' : `, then chains ${state.chained}`}`
      : state.state === 'foreign'
        ? 'another hook (not fleet)'
        : 'none';
  return `${state.hook.padEnd(10)}  ${state.state.padEnd(9)}  ${state.path}  (${what})`;
}

const HooksOptions = z.object({
  command: z
    .string()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'expected one line')
    .optional(),
  warn: z.boolean().optional(),
});

/** `fleet hooks install|uninstall|status`: the git hooks that run `fleet guard`. */
export const hooksCommand: Command = {
  usage: 'fleet hooks install|uninstall|status [--warn] [--command CMD]',
  summary: 'install, remove or show the git hooks that run fleet guard',
  about:
    "Installs pre-commit and pre-push hooks running `fleet guard` into the repository's hooks directory\n" +
    '(`git rev-parse --git-path hooks`: core.hooksPath is honoured, and linked worktrees share it). A hook\n' +
    'already there (husky, lefthook, your own) is kept beside it as <hook>.fleet-chained and run first.\n' +
    'uninstall removes the fleet hooks and puts the chained ones back as they were.',
  options: {
    warn: { type: 'boolean', help: 'install: the hooks only report (fleet guard --warn)' },
    command: {
      type: 'string',
      value: 'CMD',
      help: 'install: how the hooks run fleet (default: fleet, on PATH)',
    },
  },
  positionals: { min: 1, max: 1, name: 'install|uninstall|status' },
  run: (ctx) => {
    const action = ctx.args.positionals[0];
    const o = validateOptions(HooksOptions, ctx.args.values);
    if (action !== 'install' && (o.warn !== undefined || o.command !== undefined)) {
      throw new CliUsageError('--warn and --command go with install');
    }
    const states =
      action === 'install'
        ? installHooks(ctx.io.cwd, {
            ...(o.command === undefined ? {} : { command: o.command }),
            ...(o.warn === undefined ? {} : { warn: o.warn }),
          })
        : action === 'uninstall'
          ? uninstallHooks(ctx.io.cwd)
          : action === 'status'
            ? hooksStatus(ctx.io.cwd)
            : undefined;
    if (states === undefined) {
      throw new CliUsageError(`unknown action '${action ?? ''}' (install, uninstall or status)`);
    }
    ctx.out(states, states.map(stateLine));
    return Promise.resolve(undefined);
  },
};
