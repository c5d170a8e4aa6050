import { z } from 'zod';

import {
  GuardAmbiguousIdentityError,
  GuardIdentityError,
  GuardRefusedError,
  type GuardBlock,
} from '../guard/errors.js';
import { checkChanges } from '../guard/guard.js';
import { pilotOfWorktree } from '../guard/identity.js';
import { gitPlace } from '../project/git.js';
import { validateOptions } from './args.js';
import type { Command, CommandContext } from './context.js';

/** One refused path in a line: what, who, how, since and until when. */
function blockLine(block: GuardBlock): string {
  const why = block.reason === null ? '' : ` (${block.reason})`;
  return `  ${block.path}: held by ${block.holder} (${block.mode}, ${block.held}, ${block.reservation_id}) since ${block.since} until ${block.until}${why}`;
}

/**
 * The committing pilot: `--as` or `FLEET_CALLSIGN` when given (checked), else the live pilot registered from this
 * worktree, else `undefined`.
 */
async function committingPilot(ctx: CommandContext, worktree: string): Promise<string | undefined> {
  const given = ctx.args.values['as'] ?? ctx.io.env?.['FLEET_CALLSIGN'];
  if (typeof given === 'string' && given !== '') return ctx.callsign();
  return pilotOfWorktree(await ctx.fleet(), worktree, ctx.now());
}

/** `fleet guard`: the pre-commit / pre-push check `fleet hooks install` wires into git. */
export const guardCommand: Command = {
  usage: 'fleet guard [--warn] [--pre-push [REMOTE URL]]',
  summary: 'refuse a commit or push touching paths other live pilots hold (a git hook)',
  about:
    'Checks the staged changes (or with --pre-push the commits being pushed, read from standard input as git\n' +
    'gives them to a pre-push hook) against the active reservations, by the rule the store decides by. Both\n' +
    'paths of a rename or copy and deleted paths count. Refused (exit 1, GUARD_REFUSED) when another live pilot\n' +
    'holds a touched path exclusively, or shared while this pilot does not hold it shared too; each line says\n' +
    'who holds it, since and until when. The committing pilot is --as or $FLEET_CALLSIGN, else the one live\n' +
    'pilot registered from this worktree; without one the commit is refused (GUARD_NO_IDENTITY; several:\n' +
    'GUARD_AMBIGUOUS_IDENTITY). --warn reports the same and exits 0. It only reads the log.',
  options: {
    warn: { type: 'boolean', help: 'report, but let the commit or push through (exit 0)' },
    'pre-push': { type: 'boolean', help: 'check the pushed commits (pre-push hook standard input)' },
  },
  positionals: { min: 0, max: 2, name: 'REMOTE URL' },
  run: async (ctx) => {
    const o = validateOptions(
      z.object({ warn: z.boolean().optional(), 'pre-push': z.boolean().optional() }),
      ctx.args.values,
    );
    const warn = o.warn === true;
    const worktree = gitPlace(ctx.io.cwd)?.worktree ?? ctx.io.cwd;
    const identity = await committingPilot(ctx, worktree).then(
      (found) => found ?? new GuardIdentityError(worktree),
      (error: unknown) => {
        if (error instanceof GuardAmbiguousIdentityError) return error;
        throw error;
      },
    );
    const callsign = typeof identity === 'string' ? identity : undefined;
    if (typeof identity !== 'string') {
      if (!warn) throw identity;
      ctx.io.stderr(`fleet guard: warning: ${identity.message} Every live holder counts.`);
    }
    const source =
      o['pre-push'] === true
        ? { kind: 'push' as const, input: ctx.io.stdinIsTTY ? '' : await ctx.io.readStdin() }
        : { kind: 'staged' as const };
    const result = await checkChanges(await ctx.fleet(), ctx.io.cwd, source, callsign, ctx.now());
    if (ctx.json) ctx.out({ ...result, refused: result.blocks.length > 0 && !warn }, []);
    if (result.blocks.length === 0) return undefined;
    if (!ctx.json) for (const block of result.blocks) ctx.io.stderr(blockLine(block));
    const refusal = new GuardRefusedError(callsign ?? 'an unknown pilot', result.blocks);
    if (!warn) throw refusal;
    ctx.io.stderr(`fleet guard: warning (--warn, not refused): ${refusal.message}`);
    if (refusal.hint !== undefined) ctx.io.stderr(`  hint: ${refusal.hint.action}`);
    return undefined;
  },
};
