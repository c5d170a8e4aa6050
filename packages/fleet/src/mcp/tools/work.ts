import { z } from 'zod';

import { APPENDS, defineTool, EventOut } from '../tool.js';
import { Id, Line } from './fields.js';
import { need } from './need.js';

const Text = z.string().min(1).max(65_536);
const CheckpointOut = z.object({
  checkpoint_id: z.string(),
  summary: z.string(),
  state: z.json(),
  created_at: z.string(),
});
const Files = z.array(z.string().min(1).max(4096)).max(1000);

/** `sortie { action, ... }`: create, start, progress, block, resume, complete or fail a sortie. */
export const sortieTool = defineTool({
  name: 'sortie',
  description:
    'Sortie verbs: create {title}, start, progress {progress 0-100}, block {reason}, resume, complete, fail {reason}.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({
    action: z.enum(['create', 'start', 'progress', 'block', 'resume', 'complete', 'fail']),
    sortie_id: Id.optional(),
    title: Line.optional(),
    mission_id: Id.optional(),
    description: Text.optional(),
    files: Files.optional(),
    progress: z.number().min(0).max(100).optional(),
    note: Line.optional(),
    reason: Line.optional(),
    summary: Text.optional(),
  }),
  output: z.object({ event: EventOut }),
  run: async ({ pilot }, a) => {
    const sorties = pilot().sorties;
    const id = (): string => need('sortie', a.action, 'sortie_id', a.sortie_id);
    const reason = (): string => need('sortie', a.action, 'reason', a.reason);
    switch (a.action) {
      case 'create':
        return {
          event: await sorties.create({
            title: need('sortie', a.action, 'title', a.title),
            ...(a.mission_id === undefined ? {} : { missionId: a.mission_id }),
            ...(a.description === undefined ? {} : { description: a.description }),
            ...(a.files === undefined ? {} : { files: a.files }),
          }),
        };
      case 'start':
        return { event: await sorties.start(id()) };
      case 'progress':
        return {
          event: await sorties.progress(id(), need('sortie', a.action, 'progress', a.progress), a.note),
        };
      case 'block':
        return { event: await sorties.block(id(), reason()) };
      case 'resume':
        return { event: await sorties.resume(id()) };
      case 'complete':
        return { event: await sorties.complete(id(), a.summary) };
      case 'fail':
        return { event: await sorties.fail(id(), reason()) };
    }
  },
});

/** `mission { action, ... }`: create, start, complete or cancel a mission. */
export const missionTool = defineTool({
  name: 'mission',
  description: 'Mission verbs: create {title}, start, complete, cancel {reason}.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({
    action: z.enum(['create', 'start', 'complete', 'cancel']),
    mission_id: Id.optional(),
    title: Line.optional(),
    description: Text.optional(),
    summary: Text.optional(),
    reason: Line.optional(),
  }),
  output: z.object({ event: EventOut }),
  run: async ({ pilot }, a) => {
    const missions = pilot().missions;
    const id = (): string => need('mission', a.action, 'mission_id', a.mission_id);
    switch (a.action) {
      case 'create':
        return {
          event: await missions.create({
            title: need('mission', a.action, 'title', a.title),
            ...(a.description === undefined ? {} : { description: a.description }),
          }),
        };
      case 'start':
        return { event: await missions.start(id()) };
      case 'complete':
        return { event: await missions.complete(id(), a.summary) };
      case 'cancel':
        return { event: await missions.cancel(id(), need('mission', a.action, 'reason', a.reason)) };
    }
  },
});

/** `checkpoint { action, ... }`: take one, read the latest, or restore one. */
export const checkpointTool = defineTool({
  name: 'checkpoint',
  description: 'Checkpoints: take {summary, state}, latest {sortie_id?}, restore {checkpoint_id}.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({
    action: z.enum(['take', 'latest', 'restore']),
    summary: Text.optional(),
    state: z.record(z.string(), z.json()).optional(),
    sortie_id: Id.optional(),
    mission_id: Id.optional(),
    files: Files.optional(),
    checkpoint_id: Id.optional(),
  }),
  output: z.object({ event: EventOut.optional(), checkpoint: CheckpointOut.nullable().optional() }),
  run: async ({ pilot }, a) => {
    const checkpoints = pilot().checkpoints;
    switch (a.action) {
      case 'take':
        return {
          event: await checkpoints.take({
            summary: need('checkpoint', a.action, 'summary', a.summary),
            state: need('checkpoint', a.action, 'state', a.state),
            ...(a.sortie_id === undefined ? {} : { sortieId: a.sortie_id }),
            ...(a.mission_id === undefined ? {} : { missionId: a.mission_id }),
            ...(a.files === undefined ? {} : { files: a.files }),
          }),
        };
      case 'latest':
        return {
          checkpoint: await checkpoints.latest(a.sortie_id === undefined ? {} : { sortieId: a.sortie_id }),
        };
      case 'restore':
        return {
          checkpoint: await checkpoints.restore(
            need('checkpoint', a.action, 'checkpoint_id', a.checkpoint_id),
          ),
        };
    }
  },
});

/** `lock { action, resource, ... }`: acquire (a fencing token) or release a named lock. */
export const lockTool = defineTool({
  name: 'lock',
  description:
    'Named locks: acquire {resource, ttl_seconds?} (gives lock_id and fencing_token), release {resource, lock_id}.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({
    action: z.enum(['acquire', 'release']),
    resource: Line,
    lock_id: Id.optional(),
    ttl_seconds: z.int().min(1).max(86_400).optional(),
    reason: Line.optional(),
  }),
  output: z.object({ lock_id: z.string(), fencing_token: z.number().optional() }),
  run: async ({ pilot }, a) => {
    const locks = pilot().locks;
    if (a.action === 'acquire') {
      const held = await locks.acquire(
        a.resource,
        a.ttl_seconds === undefined ? undefined : a.ttl_seconds * 1000,
      );
      return { lock_id: held.lockId, fencing_token: held.fencingToken };
    }
    const released = await locks.release(a.resource, need('lock', a.action, 'lock_id', a.lock_id), a.reason);
    return { lock_id: released.lock_id };
  },
});
