import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { compact, takeSnapshot } from '@fleettools/events';

import { runCli } from '../src/cli/index.js';
import { initProject, NotFoundError, openFleet } from '../src/index.js';
import { failureOf } from './support/failure.js';
import { tempDir } from './support/run.js';

const base = tempDir();
afterAll(base.remove);

/** A new project and its fleet. */
async function project(name: string) {
  const root = join(base.dir, name);
  mkdirSync(root);
  await initProject({ cwd: root });
  return { root, fleet: await openFleet({ cwd: root }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Pilot handle', () => {
  test('heartbeats and automatic renewal run on their own until close', async () => {
    const { fleet } = await project('alive');
    const pilot = await fleet.register({ callsign: 'viper-1', ttlMs: 1_000, heartbeatMs: 30 });
    const held = await pilot.reservations.reserve(['a.ts'], { ttlMs: 1_000, autoRenew: true, reason: 'r' });
    await sleep(450);
    pilot.close();
    const types = (await fleet.store.query({ project_key: fleet.projectKey })).map((e) => e.type);
    expect(types.filter((t) => t === 'pilot_active').length).toBeGreaterThan(2);
    expect(types).toContain('file_renewed');
    expect((await pilot.reservations.get(held.reservation_id)).paths).toEqual(['a.ts']);
    expect(await pilot.reservations.mine()).toHaveLength(1);
    expect(await failureOf(pilot.reservations.get('rsv-nonexistent1'))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(pilot.reservations.releasePaths(['nothing.ts']))).toBeInstanceOf(NotFoundError);
    held.stopRenewing();
    expect(pilot.callsign).toBe('viper-1');
    expect((await pilot.reservations.holders('a.ts')).map((r) => r.reservation_id)).toEqual([
      held.reservation_id,
    ]);
    // Two holders of a shared path: the refusal's hint names the one holding longest.
    const a = await fleet.register({ callsign: 'viper-2', heartbeatMs: 0 });
    const b = await fleet.register({ callsign: 'viper-3', heartbeatMs: 0 });
    await a.reservations.reserve(['shared.ts'], { mode: 'shared', ttlMs: 60_000 });
    await b.reservations.reserve(['shared.ts'], { mode: 'shared', ttlMs: 120_000 });
    const refusal = await failureOf(pilot.reservations.reserve(['shared.ts']));
    expect(refusal).toMatchObject({ code: 'RESERVATION_CONFLICT' });
    expect((refusal as NotFoundError).hint).toMatchObject({
      holder: 'viper-3',
      holders: ['viper-2', 'viper-3'],
    });
    // Bad input is the store's error, unchanged (nothing is written).
    expect(await failureOf(pilot.reservations.reserve(['../outside.ts']))).toMatchObject({
      code: 'EVENT_INVALID',
    });
    await fleet.close();
  });

  test('an automatic renewal that is refused stops renewing', async () => {
    const { fleet } = await project('renewal-refused');
    const pilot = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
    const held = await pilot.reservations.reserve(['a.ts'], { ttlMs: 1_000, autoRenew: true });
    // Another handle of the same pilot releases it: the next renewal is refused, and renewal stops.
    await fleet.pilot('viper-1').reservations.release(held.reservation_id);
    await sleep(800);
    const renewals = (await fleet.store.query({ project_key: fleet.projectKey, types: ['file_renewed'] }))
      .length;
    await sleep(400);
    expect((await fleet.store.query({ project_key: fleet.projectKey, types: ['file_renewed'] })).length).toBe(
      renewals,
    );
    pilot.close();
    (await pilot.reservations.reserve(['plain.ts'])).stopRenewing(); // nothing to stop: no automatic renewal
    await fleet.close();
  });

  test('heartbeats that fail (the database closed under them) are ignored until close', async () => {
    const { fleet } = await project('closed');
    const pilot = await fleet.register({ callsign: 'viper-1', heartbeatMs: 20 });
    await fleet.close();
    await sleep(100);
    pilot.close();
    expect(pilot.callsign).toBe('viper-1');
  });

  test('follow yields new messages on a durable consumer; work orders and locks', async () => {
    const { fleet } = await project('follow');
    const lead = await fleet.register({ callsign: 'lead', heartbeatMs: 0 });
    const viper = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const message of viper.messages.follow({ signal: controller.signal, waitMs: 20 })) {
        seen.push(message.subject);
        if (seen.length === 2) controller.abort();
      }
    })();
    await lead.messages.send({
      to: ['viper-1'],
      subject: 'one',
      body: 'b',
      importance: 'high',
      ackRequired: true,
    });
    await lead.messages.send({ to: ['viper-1'], subject: 'two', body: 'b', threadId: 'thread-abc' });
    await following;
    expect(seen).toEqual(['one', 'two']);

    const sortie = await lead.sorties.create({ title: 'S' });
    await viper.sorties.start(sortie.sortie_id);
    const order = await lead.workOrders.create(sortie.sortie_id, 'step', 'd');
    await viper.workOrders.start(order.work_order_id);
    await viper.workOrders.complete(order.work_order_id, 'ok');
    const other = await lead.workOrders.create(sortie.sortie_id, 'other');
    await viper.workOrders.start(other.work_order_id);
    await viper.workOrders.fail(other.work_order_id, 'no');
    expect((await viper.sorties.get(sortie.sortie_id)).work_orders.map((w) => w.status)).toEqual([
      'completed',
      'failed',
    ]);
    expect(await viper.sorties.list({ status: 'in_progress' })).toHaveLength(1);
    expect(await failureOf(viper.sorties.get('sortie-nonexistent1'))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(viper.missions.get('mission-nonexistent1'))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(viper.checkpoints.restore('ckpt-nonexistent1'))).toBeInstanceOf(NotFoundError);
    expect(await viper.checkpoints.latest()).toBeNull();

    const lock = await viper.locks.acquire('deploy');
    expect(lock.fencingToken).toBe(1);
    await lock.release('done');
    expect((await lead.locks.acquire('deploy', 5_000)).fencingToken).toBe(2);
    await viper.heartbeat('note');
    const decision = await lead.emit('coordinator_decision', {
      decision_id: 'decision-split1',
      callsign: lead.callsign,
      decision: 'split it',
    });
    expect(decision).toMatchObject({ project_key: fleet.projectKey, sequence: expect.any(Number) as number });
    await lead.deregister();
    await viper.deregister();
    await fleet.close();
  });

  // It used to fail with CURSOR_COMPACTED on every poll (issue 14); it reads on through the archive instead.
  test('fleet log --follow --consumer behind a compaction reads on through the archive, in order', async () => {
    const { root, fleet } = await project('log-follow-compacted');
    for (const callsign of ['viper-1', 'viper-2']) {
      const pilot = await fleet.register({ callsign, heartbeatMs: 0 });
      await pilot.heartbeat();
      pilot.close();
    }
    await takeSnapshot(fleet.db, { projectKey: fleet.projectKey });
    expect((await compact(fleet.db, { projectKey: fleet.projectKey, before: 5 })).archived).toBe(2);
    const lines: string[] = [];
    const controller = new AbortController();
    const run = runCli(
      ['log', '-f', '--interval', '20', '--consumer', 'auditor', '--type', 'pilot_registered'],
      {
        stdout: (line: string) => {
          lines.push(line);
          if (lines.length === 2) controller.abort();
        },
        stderr: (line: string) => lines.push(`ERR ${line}`),
        readStdin: () => Promise.resolve(''),
        stdinIsTTY: true,
        cwd: root,
        signal: controller.signal,
      },
    );
    expect(await run).toBe(0);
    expect(lines.map((line) => line.slice(0, 3))).toEqual(['#1 ', '#3 ']);
    expect(await fleet.store.getCursor(fleet.projectKey, 'auditor')).toBe(3);
    await fleet.close();
  });

  test('fleet log --follow with a consumer resumes and stops on the signal', async () => {
    const { root, fleet } = await project('log-follow');
    const pilot = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
    const lines: string[] = [];
    const controller = new AbortController();
    const io = {
      stdout: (line: string) => {
        lines.push(line);
        if (lines.length === 2) controller.abort();
      },
      stderr: (line: string) => {
        lines.push(`ERR ${line}`);
      },
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: true,
      cwd: root,
      signal: controller.signal,
    };
    const run = runCli(['log', '--follow', '--consumer', 'auditor', '--interval', '20'], io);
    await pilot.heartbeat();
    expect(await run).toBe(0);
    expect(lines.join('\n')).toContain('pilot_registered');
    const tail = new AbortController();
    const tailed = runCli(['log', '--follow', '--interval', '20'], {
      ...io,
      signal: tail.signal,
      stdout: (line: string) => lines.push(line),
    });
    await sleep(60);
    tail.abort();
    expect(await tailed).toBe(0);
    const inbox = new AbortController();
    const following = runCli(['inbox', '--follow', '--as', 'viper-1'], {
      ...io,
      signal: inbox.signal,
      stdout: (line: string) => {
        lines.push(line);
        inbox.abort();
      },
    });
    await pilot.messages.send({ to: ['viper-1'], subject: 'ping', body: 'b' });
    expect(await following).toBe(0);
    expect(lines.join('\n')).toContain('ping');
    pilot.close();
    await fleet.close();
  });
});
