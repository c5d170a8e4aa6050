/** Structured, JSON-serialisable facts about a failure: what was wrong and where. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * What to do next about a failure: `action` in words, plus any structured facts that help (for a refused
 * reservation: `holder`, `paths`, `expires_at`, `retry_after_ms`).
 */
export type ErrorHint = Readonly<{ action: string } & Record<string, unknown>>;

/**
 * Base class of every error FleetTools throws on purpose.
 *
 * `code` is stable across releases (branch on it, not on `message`); `details` carries the structured
 * facts (the offending input, the expected and actual values...). The message says what was wrong and
 * where, in one sentence.
 *
 * @example
 * try { parseSortieId('mission-1') } catch (e) { if (e instanceof FleetError) console.log(e.code) }
 */
export class FleetError extends Error {
  /** Stable machine-readable code, e.g. `PATH_INVALID`. */
  readonly code: string;
  /** Structured facts about the failure. */
  readonly details: ErrorDetails;
  #hint: ErrorHint | undefined;

  constructor(code: string, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** What to do next, when the layer that caught the failure knows (set with {@link withHint}). */
  get hint(): ErrorHint | undefined {
    return this.#hint;
  }

  /** Attaches what to do next and returns the same error (class, code and details unchanged). */
  withHint(hint: ErrorHint): this {
    this.#hint = hint;
    return this;
  }

  /** A plain object for logs and wire formats: name, code, message, details and the hint when there is one. */
  toJSON(): { name: string; code: string; message: string; details: ErrorDetails; hint?: ErrorHint } {
    const json = { name: this.name, code: this.code, message: this.message, details: this.details };
    return this.#hint === undefined ? json : { ...json, hint: this.#hint };
  }
}

/** A path (project root, file name, reservation or lock path) was rejected; `details.input` holds it. */
export class PathValidationError extends FleetError {
  declare readonly code: 'PATH_INVALID';

  constructor(input: unknown, reason: string) {
    super('PATH_INVALID', `Invalid path ${describe(input)}: ${reason}.`, { input, reason });
  }
}

/** An id, callsign or project key did not have the expected shape; `details.kind` names what was expected. */
export class IdValidationError extends FleetError {
  declare readonly code: 'ID_INVALID';

  constructor(kind: string, input: unknown, reason: string) {
    super('ID_INVALID', `Invalid ${kind} ${describe(input)}: ${reason}.`, { kind, input, reason });
  }
}

/** A timestamp string was not ISO 8601 or named an impossible instant. */
export class TimestampValidationError extends FleetError {
  declare readonly code: 'TIMESTAMP_INVALID';

  constructor(input: unknown, reason: string) {
    super('TIMESTAMP_INVALID', `Invalid timestamp ${describe(input)}: ${reason}.`, { input, reason });
  }
}

/** Quotes a value for an error message, cut to 80 characters so a 5 MB input does not become a 5 MB message. */
export function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A status change that the entity's transition table does not allow (`SORTIE_TRANSITIONS`...), refused at
 * append: `details` names the entity, its id, its current status, the attempted one and the allowed ones.
 */
export class InvalidTransitionError extends FleetError {
  declare readonly code: 'INVALID_TRANSITION';

  constructor(entity: string, id: string, from: string, to: string, allowed: readonly string[]) {
    super(
      'INVALID_TRANSITION',
      `${entity} ${id} is ${from} and cannot become ${to}: ${allowed.length === 0 ? `${from} is final` : `from ${from} it may become ${allowed.join(', ')}`}.`,
      { entity, id, from, to, allowed },
    );
  }
}
