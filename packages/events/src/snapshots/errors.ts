import { FleetError } from '@fleettools/core';

/** Compaction needs a valid snapshot of the project, and there is none (take one with `takeSnapshot`). */
export class SnapshotRequiredError extends FleetError {
  declare readonly code: 'SNAPSHOT_REQUIRED';

  constructor(projectKey: string) {
    super(
      'SNAPSHOT_REQUIRED',
      `Project ${JSON.stringify(projectKey)} has no valid snapshot, so no event is covered and none can be compacted; take a snapshot first.`,
      { project_key: projectKey },
    );
  }
}
