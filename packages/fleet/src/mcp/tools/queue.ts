import { z } from 'zod';

import { APPENDS, defineTool, EventOut, READ_ONLY } from '../tool.js';
import { Id } from './fields.js';

const ReadyOut = z.object({
  sortie_id: z.string(),
  title: z.string(),
  priority: z.number(),
  mission_id: z.string().nullable(),
  files: z.array(z.string()).nullable(),
});

const HitOut = z.object({
  message_id: z.string(),
  thread_id: z.string().nullable(),
  from: z.string(),
  subject: z.string(),
  snippet: z.string(),
  sent_at: z.string(),
  rank: z.number(),
});

/** `ready { mission_id?, limit? }`: the sorties ready to claim, most urgent first. */
export const readyTool = defineTool({
  name: 'ready',
  description:
    'Sorties ready to claim (pending, unassigned, dependencies completed), most urgent first: what claim takes next.',
  profile: 'all',
  hints: READ_ONLY,
  input: z.strictObject({ mission_id: Id.optional(), limit: z.int().min(1).max(1000).optional() }),
  output: z.object({ sorties: z.array(ReadyOut) }),
  run: async ({ pilot }, a) => ({
    sorties: await pilot().ready({
      ...(a.mission_id === undefined ? {} : { missionId: a.mission_id }),
      ...(a.limit === undefined ? {} : { limit: a.limit }),
    }),
  }),
});

/** `claim { mission_id?, sortie_id?, reserve?, ttl_seconds? }`: take the next ready sortie and start it. */
export const claimTool = defineTool({
  name: 'claim',
  description:
    'Take the most urgent ready sortie (of mission_id, or the one named) and start it; atomic, never given to two pilots. reserve: also reserve its files in the same write. sortie_id null: nothing ready.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({
    mission_id: Id.optional(),
    sortie_id: Id.optional(),
    reserve: z.boolean().optional(),
    ttl_seconds: z.int().min(1).max(604_800).optional(),
  }),
  output: z.object({
    sortie_id: z.string().nullable(),
    reservation_id: z.string().nullable(),
    event: EventOut.nullable(),
  }),
  run: async ({ pilot }, a) => {
    const claim = await pilot().claim({
      ...(a.mission_id === undefined ? {} : { missionId: a.mission_id }),
      ...(a.sortie_id === undefined ? {} : { sortieId: a.sortie_id }),
      ...(a.reserve === undefined ? {} : { reserve: a.reserve }),
      ...(a.ttl_seconds === undefined ? {} : { ttlMs: a.ttl_seconds * 1000 }),
    });
    return {
      sortie_id: claim?.claimed.sortie_id ?? null,
      reservation_id: claim?.reservation?.reservation_id ?? null,
      event: claim?.claimed ?? null,
    };
  },
});

/** `search { query, limit? }`: full-text search of the messages this pilot sent or received. */
export const searchTool = defineTool({
  name: 'search',
  description:
    'Search the subjects and bodies of your messages (every word; word* for a prefix), best first, with snippets.',
  profile: 'all',
  hints: READ_ONLY,
  input: z.strictObject({ query: z.string().min(1).max(1000), limit: z.int().min(1).max(1000).optional() }),
  output: z.object({ hits: z.array(HitOut) }),
  run: async ({ pilot }, a) => ({
    hits: await pilot().search(a.query, a.limit === undefined ? {} : { limit: a.limit }),
  }),
});
