import type { JsonObject } from '../types/json.js';

/**
 * Reads a JSON list of paths a projection stored as text (`sorties.files`, `checkpoints.files_modified`) back
 * as values; `null` stays `null`. The store wrote the text from a validated list, so it parses as one.
 */
export function pathListOf(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}

/** Reads a JSON object a projection stored as text (`checkpoints.state`) back as a value. */
export function jsonObjectOf(text: string): JsonObject {
  return JSON.parse(text) as JsonObject;
}
