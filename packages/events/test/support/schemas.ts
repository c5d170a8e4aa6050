import type { z } from 'zod';

import { EVENT_TYPES, FleetEventSchema, type FleetEventType } from '../../src/index.js';

/** The schema of one event type, found in the union. */
export function schemaOf(type: FleetEventType): (typeof FleetEventSchema.options)[number] {
  const schema = FleetEventSchema.options.find((option) => option.shape.type.value === type);
  if (schema === undefined) throw new Error(`no schema for ${type}`);
  return schema;
}

/** The fields an input of `type` must have: those whose schema rejects `undefined` (no default, not optional). */
export function requiredFields(type: FleetEventType): string[] {
  return Object.entries(schemaOf(type).shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
}

/** The fields that may be absent from a validated event of `type`. */
export function optionalOutputFields(type: FleetEventType): string[] {
  return Object.entries(schemaOf(type).shape as Record<string, z.ZodType>)
    .filter(([, field]) => field.def.type === 'optional')
    .map(([key]) => key);
}

/** Every type, for `describe.each`. */
export const TYPES: FleetEventType[] = [...EVENT_TYPES];

/** A copy of `object` without `key`. */
export function without(object: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}
