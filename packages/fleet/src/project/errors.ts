import { FleetError } from '@fleettools/core';

/** No `.fleet/` above the working directory (nor at the repository's main working tree); nothing was created. */
export class NoProjectError extends FleetError {
  declare readonly code: 'NO_PROJECT';

  constructor(cwd: string) {
    super(
      'NO_PROJECT',
      `No FleetTools project at or above ${cwd}: no .fleet/fleet.db was found, and nothing was created.`,
      { cwd },
    );
    this.withHint({
      action: 'run `fleet init` at the repository root to create the project',
      command: 'fleet init',
    });
  }
}

/** A database without a recorded identity (made before `fleet init` existed, or not by it). */
export class ProjectIdentityMissingError extends FleetError {
  declare readonly code: 'PROJECT_IDENTITY_MISSING';

  constructor(root: string) {
    super('PROJECT_IDENTITY_MISSING', `The database of ${root} records no project identity.`, { root });
    this.withHint({
      action: 'run `fleet init` in the project: it records the identity of an existing database',
      command: 'fleet init',
    });
  }
}

/** A project key was asked for that the project's database does not hold: never answered with an empty view. */
export class UnknownProjectKeyError extends FleetError {
  declare readonly code: 'UNKNOWN_PROJECT_KEY';

  constructor(asked: string, held: string, root: string) {
    super(
      'UNKNOWN_PROJECT_KEY',
      `The project at ${root} is ${JSON.stringify(held)}, not ${JSON.stringify(asked)}: its database holds no events of that key.`,
      { asked, held, root },
    );
    this.withHint({ action: 'leave the key out: a project knows its own key', project_key: held });
  }
}

/** `fleet init` was pointed at a directory that does not exist or is not a directory. */
export class InitTargetError extends FleetError {
  declare readonly code: 'INIT_TARGET_INVALID';

  constructor(dir: string, reason: string) {
    super('INIT_TARGET_INVALID', `Cannot create a FleetTools project in ${dir}: ${reason}.`, { dir, reason });
    this.withHint({
      action: 'pass an existing directory with --dir, or run `fleet init` inside the repository',
    });
  }
}
