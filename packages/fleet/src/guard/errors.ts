import { FleetError } from '@fleettools/core';

/** A git command the guard or `fleet hooks` runs failed (not a repository, git missing, a bad revision). */
export class GitCommandError extends FleetError {
  declare readonly code: 'GIT_FAILED';

  constructor(args: readonly string[], reason: string) {
    super('GIT_FAILED', `git ${args.join(' ')} failed: ${reason}.`, { args: [...args], reason });
    this.withHint({ action: 'run it inside a git repository with git installed (git --version)' });
  }
}

/** What git handed the guard (a pre-push hook's standard input) is not what git sends. */
export class GuardInputError extends FleetError {
  declare readonly code: 'GUARD_INPUT_INVALID';

  constructor(reason: string) {
    super('GUARD_INPUT_INVALID', `fleet guard got unexpected input: ${reason}.`, { reason });
    this.withHint({
      action: 'run `fleet guard --pre-push` from the pre-push hook `fleet hooks install` writes',
    });
  }
}

/** The guard does not know which pilot is committing: no `--as`, no `FLEET_CALLSIGN`. Nothing was checked. */
export class GuardIdentityError extends FleetError {
  declare readonly code: 'GUARD_NO_IDENTITY';

  constructor(worktree: string) {
    super(
      'GUARD_NO_IDENTITY',
      `fleet guard cannot tell which pilot commits in ${worktree}: neither --as nor FLEET_CALLSIGN is set, and no live pilot registered from this worktree.`,
      { worktree },
    );
    this.withHint({
      action:
        'set FLEET_CALLSIGN to your callsign (fleet register first), or install the hooks with --warn to only report',
    });
  }
}

/** Several live pilots registered from the committing worktree: which one commits is not known. */
export class GuardAmbiguousIdentityError extends FleetError {
  declare readonly code: 'GUARD_AMBIGUOUS_IDENTITY';

  constructor(worktree: string, callsigns: readonly string[]) {
    super(
      'GUARD_AMBIGUOUS_IDENTITY',
      `fleet guard cannot tell which pilot commits in ${worktree}: ${callsigns.join(', ')} are all live and registered from it.`,
      { worktree, callsigns: [...callsigns] },
    );
    this.withHint({ action: 'set FLEET_CALLSIGN (or pass --as) to the committing pilot' });
  }
}

/** One touched path another live pilot holds, and by which reservation. */
export interface GuardBlock {
  /** The project-relative path the change touches. */
  readonly path: string;
  readonly holder: string;
  readonly reservation_id: string;
  readonly mode: 'exclusive' | 'shared';
  /** The reserved path or glob that covers `path`. */
  readonly held: string;
  readonly since: string;
  readonly until: string;
  readonly reason: string | null;
}

/** The change touches paths other live pilots hold: the commit (or push) is refused. */
export class GuardRefusedError extends FleetError {
  declare readonly code: 'GUARD_REFUSED';

  constructor(callsign: string, blocks: readonly GuardBlock[]) {
    const holders = [...new Set(blocks.map((block) => block.holder))];
    super(
      'GUARD_REFUSED',
      `${callsign} may not commit ${String(blocks.length)} path(s) held by ${holders.join(', ')} (listed above).`,
      { callsign, blocks: [...blocks] },
    );
    const first = blocks[0];
    this.withHint({
      action: `ask the holder to release: fleet send ${holders.map((h) => `--to ${h}`).join(' ')} --subject "release ${first?.path ?? ''}" --body "…", or wait until the reservation ends`,
      holders,
    });
  }
}
