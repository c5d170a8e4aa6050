import { FleetError } from '@fleettools/core';

/**
 * A cursor (`after_sequence`) points into compacted history: some events after it were moved to the archive.
 * Read them with `include_archived: true`, or resume from `details.oldest_live_sequence - 1`, from which every
 * event is live.
 */
export class CursorCompactedError extends FleetError {
  declare readonly code: 'CURSOR_COMPACTED';

  constructor(projectKey: string, afterSequence: number, oldestLiveSequence: number) {
    super(
      'CURSOR_COMPACTED',
      `Cursor after_sequence ${afterSequence} of project ${JSON.stringify(projectKey)} points into compacted history; every event from sequence ${oldestLiveSequence} on is live: pass include_archived: true or resume after ${oldestLiveSequence - 1}.`,
      { project_key: projectKey, after_sequence: afterSequence, oldest_live_sequence: oldestLiveSequence },
    );
  }
}

/**
 * Compaction found what it wrote to the archive different from what it would remove from the live log
 * (count or checksum); it rolled back and nothing moved. Also raised when a stored segment fails its checksum
 * on read.
 */
export class ArchiveVerificationError extends FleetError {
  declare readonly code: 'ARCHIVE_VERIFICATION_FAILED';

  constructor(projectKey: string, firstSequence: number, reason: string) {
    super(
      'ARCHIVE_VERIFICATION_FAILED',
      `Archive segment of project ${JSON.stringify(projectKey)} starting at sequence ${firstSequence} failed verification: ${reason}.`,
      { project_key: projectKey, first_sequence: firstSequence, reason },
    );
  }
}
