import { generateCheckpointId } from '@fleettools/core';
import {
  getCheckpoint,
  getLatestCheckpoint,
  type Checkpoint,
  type EventOf,
  type JsonObject,
} from '@fleettools/events';

import { NotFoundError } from '../errors.js';
import type { PilotScope } from './scope.js';

/** A checkpoint to take. */
export interface CheckpointInput {
  readonly summary: string;
  /** Whatever the pilot needs to resume: a JSON object. */
  readonly state: JsonObject;
  readonly sortieId?: string;
  readonly missionId?: string;
  readonly files?: readonly string[];
}

/** A pilot's checkpoints: take, latest, restore. */
export class Checkpoints {
  constructor(private readonly scope: PilotScope) {}

  /** Saves where the pilot is; returns the stored `checkpoint_created`. */
  take(input: CheckpointInput): Promise<EventOf<'checkpoint_created'>> {
    return this.scope.emit('checkpoint_created', {
      checkpoint_id: generateCheckpointId(),
      callsign: this.scope.callsign,
      summary: input.summary,
      state: input.state,
      ...(input.sortieId === undefined ? {} : { sortie_id: input.sortieId }),
      ...(input.missionId === undefined ? {} : { mission_id: input.missionId }),
      ...(input.files === undefined ? {} : { files_modified: [...input.files] }),
    });
  }

  /** The newest checkpoint of a sortie, or of this pilot when no sortie is named; `null` when none. */
  latest(owner: { readonly sortieId?: string } = {}): Promise<Checkpoint | null> {
    return getLatestCheckpoint(
      this.scope.db,
      this.scope.projectKey,
      owner.sortieId === undefined ? { callsign: this.scope.callsign } : { sortie_id: owner.sortieId },
    );
  }

  /** Restores a checkpoint (recorded in the log) and returns it, state as a value. */
  async restore(checkpointId: string): Promise<Checkpoint> {
    const found = await getCheckpoint(this.scope.db, this.scope.projectKey, checkpointId);
    if (found === null) throw new NotFoundError('checkpoint', checkpointId, 'the project');
    await this.scope.emit('checkpoint_restored', {
      checkpoint_id: checkpointId,
      callsign: this.scope.callsign,
    });
    return found;
  }
}
