import { validateEvent } from '../helpers.js';
import type { FleetEvent, FleetEventType } from '../types/index.js';
import { EventSchemaVersionError, EventUpcastError } from './errors.js';

/**
 * A stored event as it was written at an older schema version: the flat event (envelope and the type's own
 * fields at that version), before any upcasting.
 */
export type StoredEventShape = Record<string, unknown>;

/** Turns an event of one schema version into the same event at the next version (pure; no I/O). */
export type Upcaster = (event: StoredEventShape) => StoredEventShape;

/** The version every event type starts at, and the default of `events.schema_version`. */
export const FIRST_SCHEMA_VERSION = 1;

/**
 * Turns stored events of older schema versions into the current one, on read. Each step is registered once
 * (`type`, `fromVersion` → `fromVersion + 1`); reading an event at version `v` runs every step from `v` up
 * to the type's current version, then validates the result against the current schema. Events already at
 * the current version are returned untouched (no validation: rows are trusted).
 *
 * In this release `pilot_registered` is at version 2 and every other event type at version 1 (see
 * {@link defaultUpcasters}). The day an event type changes shape, its current version goes up by one there and
 * an upcaster from the previous version is registered, so databases written by older releases keep replaying
 * (specs §7.4).
 *
 * @example
 * const registry = new UpcasterRegistry({ sortie_progress: 2 })
 *   .register('sortie_progress', 1, ({ percent, ...rest }) => ({ ...rest, progress: Math.round(Number(percent) * 100) }));
 */
export class UpcasterRegistry {
  readonly #current: ReadonlyMap<string, number>;
  readonly #steps = new Map<string, Upcaster>();

  /** A registry whose current versions are the given ones (every other type: version 1). */
  constructor(currentVersions: Partial<Record<FleetEventType, number>> = {}) {
    for (const [type, version] of Object.entries(currentVersions)) {
      if (!Number.isInteger(version) || version < FIRST_SCHEMA_VERSION) {
        throw new RangeError(`UpcasterRegistry: the current version of ${type} must be an integer ≥ 1`);
      }
    }
    this.#current = new Map(Object.entries(currentVersions));
  }

  /** The schema version events of `type` are written and read at by this release. */
  currentVersion(type: string): number {
    return this.#current.get(type) ?? FIRST_SCHEMA_VERSION;
  }

  /**
   * Registers the step from `fromVersion` to `fromVersion + 1` of one event type; returns the registry.
   *
   * @throws {RangeError} the step is not below the type's current version, or is registered twice.
   */
  register(type: FleetEventType, fromVersion: number, upcaster: Upcaster): this {
    const current = this.currentVersion(type);
    if (!Number.isInteger(fromVersion) || fromVersion < FIRST_SCHEMA_VERSION || fromVersion >= current) {
      throw new RangeError(
        `UpcasterRegistry: a step of ${type} must start at a version from 1 to ${String(current - 1)}, got ${String(fromVersion)}`,
      );
    }
    const key = stepKey(type, fromVersion);
    if (this.#steps.has(key)) {
      throw new RangeError(
        `UpcasterRegistry: ${type} already has a step from version ${String(fromVersion)}`,
      );
    }
    this.#steps.set(key, upcaster);
    return this;
  }

  /**
   * The event `raw` (stored at `version`) at its type's current version.
   *
   * @throws {EventSchemaVersionError} `version` is newer than the current one, or a step is missing.
   * @throws {EventUpcastError} a step threw, or its result is not a valid current event.
   */
  upcast(raw: StoredEventShape, version: number): FleetEvent {
    const type = String(raw['type']);
    const current = this.currentVersion(type);
    if (version === current) return raw as FleetEvent;
    const id = String(raw['id']);
    if (version > current || version < FIRST_SCHEMA_VERSION) {
      throw new EventSchemaVersionError(id, type, version, current);
    }
    let event = raw;
    for (let at = version; at < current; at += 1) {
      const step = this.#steps.get(stepKey(type, at));
      if (step === undefined) throw new EventSchemaVersionError(id, type, version, current);
      try {
        event = step(event);
      } catch (error) {
        throw new EventUpcastError(id, type, at, error);
      }
    }
    try {
      return validateEvent(event);
    } catch (error) {
      throw new EventUpcastError(id, type, version, error);
    }
  }
}

function stepKey(type: string, fromVersion: number): string {
  return `${type}@${String(fromVersion)}`;
}

/**
 * The registry of this release, used wherever none is given: `pilot_registered` at version 2 (it gained the
 * optional `worktree` and `branch`; a version-1 registration has neither, so its step keeps it as it is and
 * the result is validated as version 2), every other event type at version 1.
 */
export const defaultUpcasters: UpcasterRegistry = new UpcasterRegistry({ pilot_registered: 2 }).register(
  'pilot_registered',
  1,
  (event) => event,
);
