import { FleetError } from '@fleettools/core';

/**
 * A stored event carries a schema version this library cannot read: newer than the current one (the database
 * was written by a newer release), or older with no upcaster registered for a step.
 */
export class EventSchemaVersionError extends FleetError {
  declare readonly code: 'EVENT_SCHEMA_VERSION_UNSUPPORTED';

  constructor(eventId: string, type: string, version: number, current: number) {
    super(
      'EVENT_SCHEMA_VERSION_UNSUPPORTED',
      version > current
        ? `Event ${eventId} (${type}) was written at schema version ${version}, newer than this library's ${current}; upgrade FleetTools to read it.`
        : `Event ${eventId} (${type}) was written at schema version ${version} and no upcaster takes it from there to version ${current}.`,
      { event_id: eventId, type, version, current },
    );
  }
}

/** An upcaster threw, or produced an event that is not valid at the current version. */
export class EventUpcastError extends FleetError {
  declare readonly code: 'EVENT_UPCAST_FAILED';

  constructor(eventId: string, type: string, fromVersion: number, cause: unknown) {
    super(
      'EVENT_UPCAST_FAILED',
      `Upcasting event ${eventId} (${type}) from schema version ${fromVersion} failed: ${cause instanceof Error ? cause.message : String(cause)}.`,
      { event_id: eventId, type, from_version: fromVersion },
      { cause },
    );
  }
}
