import { z } from 'zod';

import type { Pilot } from '../pilot/pilot.js';
import type { Fleet } from '../fleet.js';
import type { McpSession } from './session.js';

/** The tool profiles: `core` (the protocol every agent needs, at most 12 KB of tools/list) and `all`. */
export const TOOL_PROFILES = ['core', 'all'] as const;
/** A tool profile (`--tools`). */
export type ToolProfile = (typeof TOOL_PROFILES)[number];

/** MCP tool annotations: hints for clients (none is a guarantee). */
export interface ToolHints {
  readonly readOnlyHint: boolean;
  readonly idempotentHint: boolean;
  readonly destructiveHint: boolean;
}

/** What a tool works with: the session (its pilot) and the project. */
export interface ToolContext {
  readonly session: McpSession;
  readonly fleet: Fleet;
  /** The session's pilot; throws `NOT_REGISTERED` before `register`. */
  readonly pilot: () => Pilot;
}

/** A tool as the server runs it: its schemas and its work on already validated arguments. */
export interface FleetTool {
  readonly name: string;
  readonly description: string;
  readonly profile: ToolProfile;
  readonly hints: ToolHints;
  /** Mutating tools take an `idempotency_key` and report `replayed`. */
  readonly mutating: boolean;
  readonly input: z.ZodObject;
  readonly output: z.ZodObject;
  readonly run: (ctx: ToolContext, args: Record<string, unknown>) => Promise<object>;
}

/** The hints of a tool that only reads. */
export const READ_ONLY: ToolHints = { readOnlyHint: true, idempotentHint: true, destructiveHint: false };
/** The hints of a tool that appends (with an idempotency key a retry does not act twice). */
export const APPENDS: ToolHints = { readOnlyHint: false, idempotentHint: true, destructiveHint: false };
/** The hints of a tool that gives something up (a release). */
export const GIVES_UP: ToolHints = { readOnlyHint: false, idempotentHint: true, destructiveHint: true };

/** `idempotency_key`, added to every mutating tool's input. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .describe('any string unique to this call; a retry with the same key never acts twice');

/** One stored event as tools return it. */
export const EventOut = z.object({ id: z.string(), type: z.string(), sequence: z.number().optional() });

/** One reservation as tools return it. */
export const ReservationOut = z.object({
  reservation_id: z.string(),
  callsign: z.string(),
  paths: z.array(z.string()),
  mode: z.string(),
  reason: z.string().nullable(),
  expires_at: z.string(),
});

/** Defines a tool, typing its work by its input and output schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(tool: {
  readonly name: string;
  readonly description: string;
  readonly profile: ToolProfile;
  readonly hints: ToolHints;
  readonly input: I;
  readonly output: O;
  readonly run: (ctx: ToolContext, args: z.output<I>) => Promise<z.input<O> & object>;
}): FleetTool {
  const mutating = !tool.hints.readOnlyHint;
  return {
    ...tool,
    mutating,
    input: mutating ? tool.input.extend({ idempotency_key: IdempotencyKey.optional() }) : tool.input,
    output: mutating ? tool.output.extend({ replayed: z.boolean() }) : tool.output,
    // The server parsed `args` with `input` (the same schema, plus the key) before calling.
    run: (ctx, args) => tool.run(ctx, args as z.output<I>),
  };
}
