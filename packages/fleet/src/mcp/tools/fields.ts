import { IMPORTANCE, isCallsign } from '@fleettools/core';
import { z } from 'zod';

/** A pilot's callsign. */
export const Callsign = z
  .string()
  .refine(isCallsign, 'expected 1 to 64 of A-Z a-z 0-9 _ . -, letter or digit first');
/** An id of something stored (message, reservation, sortie…). */
export const Id = z.string().min(1).max(100);
/** A short line of text. */
export const Line = z.string().min(1).max(1000);
/** A message's importance. */
export const Importance = z.enum(Object.values(IMPORTANCE));
