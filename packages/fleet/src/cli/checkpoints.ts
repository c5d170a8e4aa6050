import { JsonObjectField } from '@fleettools/events/internal';
import { z } from 'zod';

import { durationOption, validateOptions } from './args.js';
import type { Command } from './context.js';
import { CliUsageError } from './io.js';

const CheckpointOptions = z.object({
  summary: z.string().min(1).optional(),
  state: z.string().optional(),
  sortie: z.string().min(1).optional(),
  mission: z.string().min(1).optional(),
  file: z.array(z.string().min(1)).optional(),
});

/** Parses the checkpoint's state: one JSON object. */
function stateOf(text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(
      `--state is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = JsonObjectField.safeParse(value);
  if (!result.success) throw new CliUsageError('--state must be one JSON object ({...})');
  return result.data;
}

/** `fleet checkpoint take|latest|restore`. */
export const checkpointCommand: Command = {
  usage:
    'fleet checkpoint take --summary S [--state JSON|-] [--sortie ID] [--file P]... | latest [--sortie ID] | restore ID',
  summary: 'take, find or restore a checkpoint',
  about:
    'take saves where the pilot is (--state: a JSON object, - for standard input; default {}); latest prints\n' +
    'the newest checkpoint of a sortie (or of the pilot); restore records the restore and prints the checkpoint.',
  options: {
    summary: { type: 'string', value: 'S', help: 'where the work stands (take)' },
    state: { type: 'string', value: 'JSON', help: 'what is needed to resume, a JSON object (take)' },
    sortie: { type: 'string', value: 'ID', help: 'the sortie (take, latest)' },
    mission: { type: 'string', value: 'ID', help: 'the mission (take)' },
    file: { type: 'string', multiple: true, value: 'PATH', help: 'a modified file (take; repeat)' },
  },
  positionals: { min: 1, max: 2, name: 'VERB [ID]' },
  run: async (ctx) => {
    const o = validateOptions(CheckpointOptions, ctx.args.values);
    const [verb, id, ...rest] = ctx.args.positionals;
    const pilot = await ctx.pilot();
    if (verb === 'take' && id === undefined) {
      if (o.summary === undefined) throw new CliUsageError('--summary is required here');
      const state = o.state === undefined ? {} : stateOf(await ctx.text(o.state, 'state'));
      const files =
        o.file === undefined ? undefined : await Promise.all(o.file.map((f) => ctx.projectPath(f)));
      const event = await pilot.checkpoints.take({
        summary: o.summary,
        state,
        ...(o.sortie === undefined ? {} : { sortieId: o.sortie }),
        ...(o.mission === undefined ? {} : { missionId: o.mission }),
        ...(files === undefined ? {} : { files }),
      });
      ctx.out(event, [`checkpoint ${event.checkpoint_id}`]);
      return undefined;
    }
    if (verb === 'latest' && id === undefined) {
      const found = await pilot.checkpoints.latest(o.sortie === undefined ? {} : { sortieId: o.sortie });
      ctx.out(
        found,
        found === null
          ? ['(no checkpoint)']
          : [`${found.checkpoint_id}  ${found.created_at}  ${found.summary}`, JSON.stringify(found.state)],
      );
      return undefined;
    }
    if (verb === 'restore' && id !== undefined && rest.length === 0) {
      const found = await pilot.checkpoints.restore(id);
      ctx.out(found, [`restored ${found.checkpoint_id}: ${found.summary}`, JSON.stringify(found.state)]);
      return undefined;
    }
    throw new CliUsageError('expected take, latest, or restore ID');
  },
};

/** `fleet lock acquire|release`. */
export const lockCommand: Command = {
  usage: 'fleet lock acquire RESOURCE [--ttl 1m] | release RESOURCE --lock-id ID',
  summary: 'take or release a named lock (with a fencing token)',
  about:
    'acquire takes the named lock for --ttl (default 1m) and prints its lock id and fencing token (refused with\n' +
    'LOCK_HELD while another pilot holds it); release gives it back.',
  options: {
    ttl: { type: 'string', value: 'DURATION', help: 'how long (acquire)' },
    'lock-id': { type: 'string', value: 'ID', help: 'the lock id acquire printed (release)' },
  },
  positionals: { min: 2, max: 2, name: 'VERB RESOURCE' },
  run: async (ctx) => {
    const o = validateOptions(
      z.object({ ttl: durationOption.optional(), 'lock-id': z.string().min(1).optional() }),
      ctx.args.values,
    );
    const [verb, resource = ''] = ctx.args.positionals;
    const pilot = await ctx.pilot();
    if (verb === 'acquire') {
      const held = await pilot.locks.acquire(resource, o.ttl); // JSON output leaves release out
      ctx.out(held, [`locked ${resource}: lock ${held.lockId}, fencing token ${held.fencingToken}`]);
      return undefined;
    }
    if (verb === 'release') {
      const lockId = o['lock-id'];
      if (lockId === undefined) throw new CliUsageError('--lock-id is required here');
      const event = await pilot.locks.release(resource, lockId);
      ctx.out(event, [`released ${resource}`]);
      return undefined;
    }
    throw new CliUsageError('expected acquire or release');
  },
};
