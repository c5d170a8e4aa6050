import { fileURLToPath } from 'node:url';

import { initProject, openFleet } from '@fleettools/fleet';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import { figureFromNs } from '../lib/figures.js';
import { measureOp } from '../lib/measure.js';
import type { Measured, Recorder } from '../lib/scenario.js';

const FLEET_BIN = fileURLToPath(new URL('../../packages/fleet/src/bin.ts', import.meta.url));

/** A real SDK client connected over stdio to a real `fleet mcp` process in `dir`. */
async function connect(dir: string, profile: 'core' | 'all', callsign: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [FLEET_BIN, 'mcp', '--tools', profile],
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', FLEET_CALLSIGN: callsign },
  });
  const client = new Client({ name: 'fleettools-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Calls a tool; a refusal or bad input fails the scenario. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError === true) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
}

/**
 * `fleet mcp` over stdio: `reserve`, `send` and `inbox` round trips beside the Pilot handle's own time for the
 * same call (in `extra`), the bytes of tools/list per profile, and how soon a subscription hears of a message
 * another process stored.
 */
export async function runMcp(recorder: Recorder): Promise<void> {
  const dir = recorder.dir('mcp');
  await initProject({ cwd: dir });
  const fleet = await openFleet({ cwd: dir });
  const client = await connect(dir, 'core', 'bench-mcp');
  const handle = await fleet.register({ callsign: 'bench-handle', heartbeatMs: 0 });
  const inboxOf = fleet.pilot('bench-mcp');
  const { fast } = recorder.config;
  let n = 0;
  const beside = async (mcp: () => Promise<unknown>, own: () => Promise<unknown>): Promise<Measured> => {
    const ownFigure = await measureOp(own, fast);
    return {
      fleet: await measureOp(mcp, fast),
      extra: { 'Pilot handle p50 µs': ownFigure.p50Us, 'Pilot handle p99 µs': ownFigure.p99Us },
    };
  };
  try {
    await recorder.run('mcp.reserve', 'mcp', 'reserve over stdio (one new path)', () =>
      beside(
        () => call(client, 'reserve', { paths: [`m/${String(n++)}.ts`] }),
        () => handle.reservations.reserve([`h/${String(n++)}.ts`]),
      ),
    );
    await recorder.run('mcp.send', 'mcp', 'send over stdio', () =>
      beside(
        () => call(client, 'send', { to: ['bench-handle'], subject: 's', body: 'b' }),
        () => handle.messages.send({ to: ['bench-handle'], subject: 's', body: 'b' }),
      ),
    );
    await recorder.run('mcp.inbox', 'mcp', 'inbox over stdio', () =>
      beside(
        () => call(client, 'inbox', {}),
        () => inboxOf.messages.inbox(),
      ),
    );
    await recorder.run('mcp.tools-list', 'mcp', 'tools/list over stdio (core)', async () => {
      const all = await connect(dir, 'all', 'bench-all');
      const bytes = async (c: Client) => JSON.stringify(await c.listTools()).length;
      const extra = { 'core bytes': await bytes(client), 'all bytes': await bytes(all) };
      await all.close();
      return {
        fleet: await measureOp(() => client.listTools(), fast),
        extra,
        checks: [
          {
            name: 'core tools/list at most 12 KB',
            ok: extra['core bytes'] <= 12 * 1024,
            detail: `${String(extra['core bytes'])} bytes`,
          },
        ],
      };
    });
    await recorder.run('mcp.notify', 'mcp', 'resources/updated after another process sends', async () => {
      const heard: number[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => {
        heard.push(performance.now());
      });
      await client.subscribeResource({ uri: 'fleet://inbox' });
      const latenciesNs: number[] = [];
      const count = recorder.config.mode === 'quick' ? 10 : 100;
      for (let i = 0; i < count; i++) {
        const before = heard.length;
        await handle.messages.send({ to: ['bench-mcp'], subject: 'n', body: 'b' });
        const stored = performance.now();
        while (heard.length === before && performance.now() - stored < 5_000) await Bun.sleep(1);
        latenciesNs.push(((heard.at(-1) ?? stored + 5_000) - stored) * 1e6);
      }
      return { fleet: figureFromNs(latenciesNs) };
    });
  } finally {
    handle.close();
    await client.close();
    await fleet.close();
  }
}
