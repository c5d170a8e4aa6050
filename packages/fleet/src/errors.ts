import { FleetError } from '@fleettools/core';

/** Something the caller named (a message, reservation, checkpoint) does not exist where it was looked for. */
export class NotFoundError extends FleetError {
  declare readonly code: 'NOT_FOUND';

  constructor(kind: string, id: string, where: string) {
    super('NOT_FOUND', `No ${kind} ${JSON.stringify(id)} in ${where}.`, { kind, id, where });
    this.withHint({ action: `check the ${kind} id (fleet status and fleet inbox list them)` });
  }
}
