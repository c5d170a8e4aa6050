import { SORTIE_STATUS, type SortieStatus } from '@fleettools/core';
import { listSorties, type Sortie } from '@fleettools/events';
import { z } from 'zod';

import { integerOption, validateOptions } from './args.js';
import type { Command, CommandContext } from './context.js';
import { CliUsageError } from './io.js';

/** The subcommand word and the id after it. */
function verbAndId(
  ctx: CommandContext,
  verbs: readonly string[],
  withoutId: readonly string[],
): [string, string] {
  const [verb, id, ...rest] = ctx.args.positionals;
  if (verb === undefined || !verbs.includes(verb)) {
    throw new CliUsageError(`expected one of: ${verbs.join(', ')}`);
  }
  if (withoutId.includes(verb)) {
    if (id !== undefined) throw new CliUsageError(`${verb} takes no id`);
    return [verb, ''];
  }
  if (id === undefined || rest.length > 0) throw new CliUsageError(`${verb} takes one id`);
  return [verb, id];
}

/** One sortie in a line. */
function sortieLine(s: Sortie): string {
  return `${s.sortie_id}  ${s.status.padEnd(11)}  ${(s.assigned_to ?? '-').padEnd(12)}  ${String(s.progress).padStart(3)}%  ${s.title}`;
}

const Text = z.string().min(1);

const MissionOptions = z.object({
  title: Text.optional(),
  description: Text.optional(),
  summary: Text.optional(),
  reason: Text.optional(),
});

const MISSION_VERBS = ['create', 'start', 'complete', 'cancel', 'show'] as const;

/** `fleet mission create|start|complete|cancel|show`. */
export const missionCommand: Command = {
  usage:
    'fleet mission create --title T [--description D] | start ID | complete ID [--summary S] | cancel ID --reason R | show ID',
  summary: 'create, start, complete, cancel or show a mission',
  about: 'Missions group sorties. create prints the new mission id.',
  options: {
    title: { type: 'string', value: 'T', help: 'the title (create)' },
    description: { type: 'string', value: 'D', help: 'a description (create)' },
    summary: { type: 'string', value: 'S', help: 'what was done (complete)' },
    reason: { type: 'string', value: 'R', help: 'why (cancel)' },
  },
  positionals: { min: 1, max: 2, name: 'VERB [ID]' },
  run: async (ctx) => {
    const o = validateOptions(MissionOptions, ctx.args.values);
    const [verb, id] = verbAndId(ctx, MISSION_VERBS, ['create']);
    const pilot = await ctx.pilot();
    if (verb === 'show') {
      const mission = await pilot.missions.get(id);
      ctx.out(mission, [
        `${mission.mission_id}  ${mission.status}  ${mission.title}`,
        ...mission.sorties.map(sortieLine),
      ]);
      return undefined;
    }
    const event =
      verb === 'create'
        ? await pilot.missions.create({
            title: required(o.title, 'title'),
            ...(o.description === undefined ? {} : { description: o.description }),
          })
        : verb === 'start'
          ? await pilot.missions.start(id)
          : verb === 'complete'
            ? await pilot.missions.complete(id, o.summary)
            : await pilot.missions.cancel(id, required(o.reason, 'reason'));
    ctx.out(event, [`${event.type} ${event.mission_id}`]);
    return undefined;
  },
};

/** An option a verb needs. */
function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new CliUsageError(`--${name} is required here`);
  return value;
}

const SortieOptions = z.object({
  title: Text.optional(),
  mission: Text.optional(),
  description: Text.optional(),
  file: z.array(Text).optional(),
  progress: integerOption(0, 100).optional(),
  note: Text.optional(),
  reason: Text.optional(),
  summary: Text.optional(),
  status: z.enum(Object.values(SORTIE_STATUS) as [SortieStatus, ...SortieStatus[]]).optional(),
  'depends-on': z.array(Text).optional(),
  priority: integerOption(0, 4).optional(),
  to: Text.optional(),
});

const SORTIE_VERBS = [
  'create',
  'start',
  'progress',
  'block',
  'resume',
  'complete',
  'fail',
  'depend',
  'assign',
  'show',
  'list',
] as const;

/** `fleet sortie create|depend|assign|start|progress|block|resume|complete|fail|show|list`. */
export const sortieCommand: Command = {
  usage:
    'fleet sortie create --title T [--mission ID] [--file P]... [--depends-on ID]... [--priority 0-4] | depend ID --depends-on ID... | assign ID --to CALLSIGN | start|resume|show ID | progress ID --progress N [--note N] | block|fail ID --reason R | complete ID [--summary S] | list [--status S] [--mission ID]',
  summary: 'create and work sorties; list them by status',
  about:
    'Sorties are units of work, optionally waiting for others (--depends-on). The acting pilot (--as) assigns, starts, reports, completes or fails them; fleet claim takes the next ready one.',
  options: {
    title: { type: 'string', value: 'T', help: 'the title (create)' },
    mission: { type: 'string', value: 'ID', help: 'the mission (create, list)' },
    description: { type: 'string', value: 'D', help: 'a description (create)' },
    file: { type: 'string', multiple: true, value: 'PATH', help: 'a file it will touch (create; repeat)' },
    'depends-on': {
      type: 'string',
      multiple: true,
      value: 'ID',
      help: 'a sortie that must be completed first (create, depend; repeat)',
    },
    priority: { type: 'string', value: 'N', help: '0 (most urgent) to 4; default 2 (create)' },
    to: { type: 'string', value: 'CALLSIGN', help: 'the pilot to give the sortie to (assign)' },
    progress: { type: 'string', value: 'N', help: 'percent done, 0-100 (progress)' },
    note: { type: 'string', value: 'TEXT', help: 'a note (progress)' },
    reason: { type: 'string', value: 'R', help: 'why (block, fail)' },
    summary: { type: 'string', value: 'S', help: 'what was done (complete)' },
    status: { type: 'string', value: 'S', help: 'only this status (list)' },
  },
  positionals: { min: 1, max: 2, name: 'VERB [ID]' },
  run: async (ctx) => {
    const o = validateOptions(SortieOptions, ctx.args.values);
    const [verb, id] = verbAndId(ctx, SORTIE_VERBS, ['create', 'list']);
    if (verb === 'list') {
      const fleet = await ctx.fleet();
      const sorties = await listSorties(fleet.db, fleet.projectKey, {
        ...(o.status === undefined ? {} : { status: o.status }),
        ...(o.mission === undefined ? {} : { mission_id: o.mission }),
      });
      ctx.out(sorties, sorties.length === 0 ? ['(no sorties)'] : sorties.map(sortieLine));
      return undefined;
    }
    const pilot = await ctx.pilot();
    if (verb === 'show') {
      const sortie = await pilot.sorties.get(id);
      ctx.out(sortie, [sortieLine(sortie), ...(sortie.files ?? []).map((f) => `  file ${f}`)]);
      return undefined;
    }
    const files = o.file === undefined ? undefined : await Promise.all(o.file.map((f) => ctx.projectPath(f)));
    const event =
      verb === 'create'
        ? await pilot.sorties.create({
            title: required(o.title, 'title'),
            ...(o.mission === undefined ? {} : { missionId: o.mission }),
            ...(o.description === undefined ? {} : { description: o.description }),
            ...(files === undefined ? {} : { files }),
            ...(o['depends-on'] === undefined ? {} : { dependsOn: o['depends-on'] }),
            ...(o.priority === undefined ? {} : { priority: o.priority }),
          })
        : verb === 'depend'
          ? await pilot.sorties.dependOn(id, requiredList(o['depends-on'], 'depends-on'))
          : verb === 'assign'
            ? await pilot.sorties.assign(id, required(o.to, 'to'))
            : verb === 'start'
              ? await pilot.sorties.start(id)
              : verb === 'progress'
                ? await pilot.sorties.progress(id, o.progress ?? requiredNumber('progress'), o.note)
                : verb === 'block'
                  ? await pilot.sorties.block(id, required(o.reason, 'reason'))
                  : verb === 'resume'
                    ? await pilot.sorties.resume(id)
                    : verb === 'complete'
                      ? await pilot.sorties.complete(id, o.summary)
                      : await pilot.sorties.fail(id, required(o.reason, 'reason'));
    ctx.out(event, [`${event.type} ${event.sortie_id}`]);
    return undefined;
  },
};

/** A repeatable option a verb needs at least once. */
function requiredList(values: readonly string[] | undefined, name: string): readonly string[] {
  if (values === undefined || values.length === 0) throw new CliUsageError(`--${name} is required here`);
  return values;
}

/** A number option a verb needs. */
function requiredNumber(name: string): never {
  throw new CliUsageError(`--${name} is required here`);
}
